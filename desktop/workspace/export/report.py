"""What an export did: documents and spans written, files, and every span that
needed help (misaligned, overlapping, out of range) with what was done to it."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any, overload

from desktop.core.errors import BarchasbError
from desktop.formats.align import Problem
from desktop.formats.offsets import UnitNote
from desktop.formats.records import span_record


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


# An overlap a worker dropped (gathered.py), as plain data: document id, document name, the span's
# text, the action, then the span dropped and the span kept, each (start, end, label, annotator,
# origin, provenance). Project-10k has ~11,500: made, pickled and unpickled as objects they cost
# ~0.15 s of CPU, and a report mostly only counts them.
type Overlap = tuple[int, str, str, str, tuple[Any, ...], tuple[Any, ...]]
type Entry = ExportProblem | Overlap
# The action of an overlap spaCy keeps in its span group (align.grouped_overlaps; spacy_raw.py sends
# those as `Overlap`s too): the span and the span it overlaps, both written.
GROUPED = "ents_missing"


def overlap_problem(entry: Overlap) -> ExportProblem:
    """The problem `align.drop_overlaps` (or, for `GROUPED`, `align.grouped_overlaps`) reports for
    an overlap given as plain data."""
    document_id, name, text, action, span, other = entry
    dropped, kept = (
        span_record(s, e, label, who, origin, gold, {}, None) for s, e, label, who, origin, gold in (span, other)
    )
    detail = f"overlaps {kept.label} [{kept.start}, {kept.end})"
    if action == GROUPED:  # grouped_overlaps' wording
        detail += "; kept in the span group, its tokens missing in the entities"
    return ExportProblem(document_id, name, text, Problem("overlap", dropped, action, detail=detail, other=kept))


class Problems(Sequence[ExportProblem]):
    """An export's problems in order. An overlap from a worker stays plain data (`Overlap`) until
    it is read; `outcomes` gives every problem's kind and action without making any."""

    __slots__ = ("_entries",)
    __hash__ = None  # type: ignore[assignment]  # mutable

    def __init__(self, entries: Iterable[Entry] = ()) -> None:
        self._entries: list[Entry] = list(entries)

    def append(self, problem: Entry) -> None:
        self._entries.append(problem)

    def extend(self, entries: Iterable[Entry]) -> None:
        self._entries += entries

    def __iadd__(self, entries: Iterable[Entry]) -> Problems:
        self._entries += entries
        return self

    def __len__(self) -> int:
        return len(self._entries)

    @overload
    def __getitem__(self, index: int) -> ExportProblem: ...
    @overload
    def __getitem__(self, index: slice) -> list[ExportProblem]: ...
    def __getitem__(self, index: int | slice) -> ExportProblem | list[ExportProblem]:
        if isinstance(index, slice):
            return [self._made(i) for i in range(*index.indices(len(self._entries)))]
        return self._made(range(len(self._entries))[index])

    def __iter__(self) -> Iterator[ExportProblem]:
        return (self._made(i) for i in range(len(self._entries)))

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Problems | list):
            return list(self) == list(other)
        return NotImplemented

    def __repr__(self) -> str:
        return f"Problems({list(self)!r})"

    def outcomes(self) -> Iterator[tuple[str, str]]:
        """Each problem's kind and action, in order."""
        for entry in self._entries:
            if isinstance(entry, ExportProblem):
                yield entry.problem.kind, entry.problem.action
            else:
                yield "overlap", entry[3]

    def _made(self, index: int) -> ExportProblem:
        entry = self._entries[index]
        if not isinstance(entry, ExportProblem):
            entry = self._entries[index] = overlap_problem(entry)  # made once: the same object when read again
        return entry


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
    problems: Problems = field(default_factory=Problems)
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
        counts = Counter(f"{kind} {action}" for kind, action in self.problems.outcomes())
        return dict(sorted(counts.items()))

    @property
    def unresolved(self) -> list[ExportProblem]:
        outcomes = self.problems.outcomes()
        return [self.problems[i] for i, (_, action) in enumerate(outcomes) if action == "unresolved"]

    @property
    def skipped(self) -> int:
        return self.count("skipped")

    def count(self, action: str) -> int:
        """How many problems had this action (`skipped`, `ents_missing`, ...)."""
        return sum(1 for _, done in self.problems.outcomes() if done == action)

    @property
    def skipped_unasked(self) -> int:
        """Spans left out that the user did not choose to skip: out of range, covering no
        token, or contracted to nothing. These make an export partial (exit code 3)."""
        outcomes = self.problems.outcomes()
        return sum(1 for kind, action in outcomes if action == "skipped" and kind not in self.skips_asked)

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
