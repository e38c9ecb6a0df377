"""Where a label is used: every row that would have to go before the label can.

Spans of every layer (gold included), suggestions of every layer, the
review's rejections (of spans and of relations) and gazetteers name a label
by key; deleting the label removes them first, and these queries find them.
"""

from __future__ import annotations

from desktop.core.model import Span
from desktop.core.review import Rejection
from desktop.core.review_relations import RelationRejection
from desktop.core.suggestion import Suggestion
from desktop.storage.base import RepositoryBase
from desktop.storage.review import _REJECTION_COLUMNS, _rejection_from_row
from desktop.storage.review_relations import REJECTION_COLUMNS as RELATION_REJECTION_COLUMNS
from desktop.storage.review_relations import relation_rejection_from_row
from desktop.storage.rows import SPAN_COLUMNS, span_from_row
from desktop.storage.suggestions import COLUMNS as SUGGESTION_COLUMNS
from desktop.storage.suggestions import suggestion_from_row


class LabelUsageMixin(RepositoryBase):
    def label_span_counts(self) -> dict[str, int]:
        """Spans per label key, all layers (labels without spans are absent)."""
        return dict(self.db.execute("SELECT label, count(*) FROM spans GROUP BY label").fetchall())

    def spans_with_label(self, key: str) -> list[Span]:
        rows = self.db.execute(f"SELECT {SPAN_COLUMNS} FROM spans WHERE label = ? ORDER BY id", [key])
        return [span_from_row(row) for row in rows]

    def suggestions_with_label(self, key: str) -> list[Suggestion]:
        rows = self.db.execute(f"SELECT {SUGGESTION_COLUMNS} FROM suggestions WHERE label = ? ORDER BY id", [key])
        return [suggestion_from_row(row) for row in rows]

    def rejections_with_label(self, key: str) -> list[Rejection]:
        rows = self.db.execute(f"SELECT {_REJECTION_COLUMNS} FROM review_rejections WHERE label = ? ORDER BY id", [key])
        return [_rejection_from_row(row) for row in rows]

    def relation_rejections_with_label(self, key: str) -> list[RelationRejection]:
        """The review's relation rejections with an end of this label (keys are text: no foreign key)."""
        rows = self.db.execute(
            f"SELECT {RELATION_REJECTION_COLUMNS} FROM review_relation_rejections"
            " WHERE head_label = ? OR tail_label = ? ORDER BY id",
            [key, key],
        )
        return [relation_rejection_from_row(row) for row in rows]

    def gold_sources_with_label(self, key: str) -> int:
        """Gold spans of another label accepted from a candidate with this one."""
        count: int = self.scalar(
            "SELECT count(*) FROM gold_provenance p JOIN spans s ON s.id = p.span_id"
            " WHERE p.source_label = ? AND s.label != ?",
            [key, key],
        )
        return count
