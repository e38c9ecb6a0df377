"""Project counts for `barchasb stats`: documents, characters, spans per label, layer and status."""

from __future__ import annotations

from dataclasses import dataclass, field

from desktop.storage.base import RepositoryBase


@dataclass(frozen=True, slots=True)
class ProjectCounts:
    """What the project holds, counted; names are label keys and annotator names."""

    documents: int
    characters: int
    spans: int
    spans_per_label: dict[str, int] = field(default_factory=dict)  # labels with spans only
    spans_per_annotator: dict[str, int] = field(default_factory=dict)  # every layer, in id order
    statuses: list[tuple[str, str, int]] = field(default_factory=list)  # (annotator, status, documents)


class StatsMixin(RepositoryBase):
    def project_counts(self) -> ProjectCounts:
        per_label = dict(self.db.execute("SELECT label, count(*) FROM spans GROUP BY label"))
        per_annotator = dict(
            self.db.execute(
                "SELECT a.name, count(s.id) FROM annotators a LEFT JOIN spans s"
                " ON s.annotator_id = a.id GROUP BY a.id ORDER BY a.id"
            )
        )
        statuses = [
            tuple(row)
            for row in self.db.execute(
                "SELECT a.name, s.status, count(*) FROM document_status s"
                " JOIN annotators a ON a.id = s.annotator_id GROUP BY a.name, s.status ORDER BY a.name, s.status"
            )
        ]
        return ProjectCounts(
            documents=self.scalar("SELECT count(*) FROM documents"),
            characters=self.scalar("SELECT coalesce(sum(length), 0) FROM documents"),
            spans=self.scalar("SELECT count(*) FROM spans"),
            spans_per_label=per_label,
            spans_per_annotator=per_annotator,
            statuses=statuses,
        )
