"""What an export did: documents and spans written, files, and every span that
needed help (misaligned, overlapping, out of range) with what was done to it."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from desktop.core.errors import BarchasbError
from desktop.formats.align import Problem
from desktop.formats.offsets import UnitNote


@dataclass(frozen=True, slots=True)
class ExportProblem:
    document_id: int
    document_name: str
    text: str  # the span's text as stored
    problem: Problem

    def __reduce__(self) -> tuple[type[ExportProblem], tuple[object, ...]]:
        # By its fields in order, as `Problem` (a worker returns one per problem met).
        return ExportProblem, (self.document_id, self.document_name, self.text, self.problem)

    def describe(self) -> str:
        p, span = self.problem, self.problem.span
        where = f"#{self.document_id} {self.document_name} [{span.start}, {span.end})"
        moved = f" to [{p.new_start}, {p.new_end})" if p.new_start is not None else ""
        return f"{where} {span.label} «{self.text}» ({span.annotator}): {p.kind}, {p.detail}: {p.action}{moved}"

    def as_dict(self) -> dict[str, Any]:
        p, span = self.problem, self.problem.span
        return {
            "document_id": self.document_id,
            "document": self.document_name,
            "start": span.start,
            "end": span.end,
            "label": span.label,
            "text": self.text,
            "annotator": span.annotator,
            "kind": p.kind,
            "action": p.action,
            "new_start": p.new_start,
            "new_end": p.new_end,
            "detail": p.detail,
        }


@dataclass
class ExportReport:
    format: str
    files: list[str] = field(default_factory=list)
    documents: int = 0
    records: int = 0  # lines, sentences or Docs written
    spans: int = 0
    spans_per_label: Counter = field(default_factory=Counter)
    documents_per_split: Counter = field(default_factory=Counter)
    labels: list[str] = field(default_factory=list)
    problems: list[ExportProblem] = field(default_factory=list)
    sentences_joined: int = 0  # sentence breaks a span crossed (units merged)
    offset_notes: list[UnitNote] = field(default_factory=list)  # doccano, unit not stated
    inner_spaces: int = 0  # conll: tokens whose inner spaces became ZWNJ or _
    skips_asked: tuple[str, ...] = ()  # problem kinds the user chose to skip (not a partial)
    written: bool = False
    relations: int = 0  # relations written (rel-table: with those the window left out)
    relations_lost: int = 0  # relations an end of which was not written (a span dropped or left out)
    relations_outside: int = 0  # rel-table: relations whose ends are further apart than the window

    def problem_counts(self) -> dict[str, int]:
        """`"misaligned expanded": 3`-style counts, sorted."""
        counts = Counter(f"{p.problem.kind} {p.problem.action}" for p in self.problems)
        return dict(sorted(counts.items()))

    @property
    def unresolved(self) -> list[ExportProblem]:
        return [p for p in self.problems if p.problem.action == "unresolved"]

    @property
    def skipped(self) -> int:
        return sum(1 for p in self.problems if p.problem.action == "skipped")

    @property
    def skipped_unasked(self) -> int:
        """Spans left out that the user did not choose to skip: out of range, covering no
        token, or contracted to nothing. These make an export partial (exit code 3)."""
        return sum(1 for p in self.problems if p.problem.action == "skipped" and p.problem.kind not in self.skips_asked)

    def as_dict(self) -> dict[str, Any]:
        return {
            "format": self.format,
            "written": self.written,
            "files": self.files,
            "documents": self.documents,
            "records": self.records,
            "spans": self.spans,
            "spans_per_label": dict(sorted(self.spans_per_label.items())),
            "documents_per_split": dict(sorted(self.documents_per_split.items())),
            "labels": self.labels,
            "sentences_joined": self.sentences_joined,
            "inner_spaces": self.inner_spaces,
            "relations": self.relations,
            "relations_lost": self.relations_lost,
            "relations_outside": self.relations_outside,
            "offset_notes": [note.as_dict() for note in self.offset_notes],
            "problem_counts": self.problem_counts(),
            "problems": [p.as_dict() for p in self.problems],
        }


class ExportNeedsChoice(BarchasbError):
    """Some spans do not fit the format; nothing was written. The report lists
    them, and the caller asks the user to expand, contract or skip."""

    def __init__(self, report: ExportReport) -> None:
        self.report = report
        counts = Counter(p.problem.kind for p in report.unresolved)
        parts = []
        if counts["misaligned"]:
            parts.append(
                f"{counts['misaligned']} spans do not align with tokens (choose --misaligned expand, contract or skip)"
            )
        if counts["overlap"]:
            parts.append(
                f"{counts['overlap']} spans overlap where {report.format} cannot express it (choose --overlapping skip)"
            )
        super().__init__("nothing written: " + "; ".join(parts))


class ExportCancelled(BarchasbError):
    """The progress callback asked to stop; nothing was written."""
