"""Labels and annotators."""

from __future__ import annotations

from desktop.core.clock import now
from desktop.core.errors import NotFound
from desktop.core.model import Annotator, Label
from desktop.storage.base import RepositoryBase
from desktop.storage.rows import LABEL_COLUMNS, inserted_id, label_from_row, label_to_dict

# Columns that name a label as text, without a foreign key to follow it (the rest cascade).
_LABEL_TEXT_COLUMNS = (
    ("gold_relation_provenance", ("source_head_label", "source_tail_label")),
    ("review_relation_rejections", ("head_label", "tail_label")),
)


class LabelsMixin(RepositoryBase):
    def labels(self) -> list[Label]:
        rows = self.db.execute(f"SELECT {LABEL_COLUMNS} FROM labels ORDER BY sort_order, key")
        return [label_from_row(row) for row in rows]

    def label(self, key: str) -> Label:
        row = self.db.execute(f"SELECT {LABEL_COLUMNS} FROM labels WHERE key = ?", [key]).fetchone()
        if row is None:
            raise NotFound(f"no label {key!r} in this project")
        return label_from_row(row)

    def has_label(self, key: str) -> bool:
        return self.scalar("SELECT 1 FROM labels WHERE key = ?", [key]) is not None

    def save_label(self, label: Label, *, action: str = "label.save") -> None:
        """Insert or update a label (by key)."""
        before = label_to_dict(self.label(label.key)) if self.has_label(label.key) else None
        after = label_to_dict(label)
        self.db.execute(
            "INSERT INTO labels (key, name_fa, name_en, color, hotkey, description, sort_order)"
            " VALUES (:key, :name_fa, :name_en, :color, :hotkey, :description, :sort_order)"
            " ON CONFLICT(key) DO UPDATE SET name_fa=excluded.name_fa, name_en=excluded.name_en,"
            " color=excluded.color, hotkey=excluded.hotkey, description=excluded.description,"
            " sort_order=excluded.sort_order",
            after,
        )
        self.record(action, "label", label.key, None, before, after)

    def rename_label(self, key: str, new_key: str, *, action: str = "label.rename") -> None:
        """Give a label another key; every row naming it by foreign key (spans of all layers,
        suggestions, rejections, gazetteers, gold provenance, attribute fields) follows, and so
        do the review's relation rows, which name their ends' labels as text (migration 0006).
        A relation rejection still naming `new_key` (left by a label deleted before) would be
        adopted: the caller removes those first (workspace.project.scheme)."""
        self.label(key)  # NotFound names an unknown key
        self.db.execute("UPDATE labels SET key = ? WHERE key = ?", [new_key, key])
        for table, columns in _LABEL_TEXT_COLUMNS:
            for column in columns:
                self.db.execute(f"UPDATE {table} SET {column} = ? WHERE {column} = ?", [new_key, key])
        self.record(action, "label", new_key, None, {"key": key}, {"key": new_key})

    def delete_label(self, key: str, *, action: str = "label.delete") -> Label:
        """Drop a label no row uses any more (the caller removed them first)."""
        before = self.label(key)
        self.db.execute("DELETE FROM labels WHERE key = ?", [key])
        self.record(action, "label", key, None, label_to_dict(before), None)
        return before

    def annotators(self) -> list[Annotator]:
        rows = self.db.execute("SELECT id, name, kind FROM annotators ORDER BY id")
        return [Annotator(*row) for row in rows]

    def find_annotator(self, name: str) -> Annotator | None:
        row = self.db.execute("SELECT id, name, kind FROM annotators WHERE name = ?", [name]).fetchone()
        return None if row is None else Annotator(*row)

    def annotator_by_id(self, annotator_id: int) -> Annotator:
        row = self.db.execute("SELECT id, name, kind FROM annotators WHERE id = ?", [annotator_id]).fetchone()
        if row is None:
            raise NotFound(f"no annotator #{annotator_id}")
        return Annotator(*row)

    def ensure_annotator(self, name: str, kind: str = "human") -> Annotator:
        """The annotator called `name`, created on first use (inside an action)."""
        found = self.find_annotator(name)
        if found is not None:
            return found
        cursor = self.db.execute(
            "INSERT INTO annotators (name, kind, created_at) VALUES (?, ?, ?)", [name, kind, now()]
        )
        made = Annotator(inserted_id(cursor), name, kind)
        self.record("annotator.create", "annotator", made.id, None, None, {"id": made.id, "name": name, "kind": kind})
        return made
