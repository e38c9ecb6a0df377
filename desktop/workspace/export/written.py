"""A document's finished output, made in a worker process (`jsonl --tokens`, hf, CoNLL).

In these exports the per-token work after tokenising (fitting spans, tags, each
token's JSON object or line: Python objects for every one of millions of tokens)
costs the exporting process more than the tokenising itself. A large export
therefore sends whole documents to its workers (desktop/workspace/export/token_workers.py),
which tokenise them, run `prepare_item` and the format's own writer, and return
each document's bytes with what the report counts (`Written`); the exporting
process takes them in document order (`take`). A large export's workers keep the bytes
and write them into the output files themselves (desktop/workspace/export/placed.py). A document the project
keeps no token boundaries for is tokenised here and its boundaries come back too,
packed, for the project to keep (desktop/workspace/export/stored_tokens.py). The same code as in
one process writes them, so the same bytes; the ordinary documents of CoNLL and hf are built from arrays
instead (desktop/workspace/export/gathered.py), and those of `jsonl --tokens`
(desktop/workspace/export/gathered_jsonl.py), tested to give the same bytes. spaCy only takes its tokens from the
workers (see FORMATS).
"""

from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, cast

from desktop.formats.align import Problem
from desktop.formats.conll import ConllWriter
from desktop.formats.jsonl import NativeWriter
from desktop.formats.records import DocumentRecord
from desktop.formats.writing import ExportItem, Writer, WriterOptions, writer_class
from desktop.storage.export_document import StoredDocument
from desktop.storage.export_selection import Selection
from desktop.text.token_batch import pack
from desktop.text.token_batch import serve as serve_jobs
from desktop.text.tokens import sentences, tokenize
from desktop.workspace.export.prepare import Shape, prepare_item
from desktop.workspace.export.records import OutputLabels, document_record
from desktop.workspace.export.report import Entry, ExportProblem, ExportReport

if TYPE_CHECKING:  # brat's modules (~15 ms) stay out of the export workers
    from desktop.formats.brat_write import BratWriter

# Not spaCy: building DocBins in workers loads spaCy and a shard in every process (500 MB in all for 10k
# documents against 314 MB with only the tokens from workers), over the 300 MB budget.
FORMATS = ("jsonl", "hf", "conll")


@dataclass(frozen=True, slots=True)
class Batch:
    """One job: documents in order, and how to write them. A document may come as stored
    (`Recipe.portable`): its record is made here, as the exporting process would make it."""

    format: str
    shape: Shape
    options: WriterOptions
    documents: list[DocumentRecord | StoredDocument]
    keep: bool = False  # the project keeps token boundaries: return those made here
    recipe: Recipe | None = None  # how stored documents become records (None: all come as records)
    hold: bool = False  # a worker keeps the bytes and answers their sizes (placed.py)


@dataclass(frozen=True, slots=True)
class Recipe:
    """What `document_record` needs besides the document, for one that links no entity (the
    registry is read in the exporting process only): building records and pickling them and
    every `SpanRecord` to the workers was a third of the exporting process's time."""

    selection: Selection
    annotators: dict[int, str]

    @staticmethod
    def portable(doc: StoredDocument) -> bool:
        """Whether the document's record can be made from it alone (no entity to look up)."""
        return not doc.links and not doc.attributes

    def records(self) -> Callable[[DocumentRecord | StoredDocument], DocumentRecord]:
        """A function making a record of a stored document (a record passes as it is)."""
        labels = OutputLabels(self.selection)

        def record(doc: DocumentRecord | StoredDocument) -> DocumentRecord:
            if isinstance(doc, DocumentRecord):
                return doc
            return document_record(doc, labels, self.annotators)

        return record


@dataclass(frozen=True, slots=True)
class Written:
    """One document as written, and what the export report counts of it."""

    data: bytes
    records: int  # lines or sentences written
    inner_spaces: int  # conll: tokens whose inner whitespace was replaced
    relations: int  # relations written
    relations_lost: int  # relations whose spans were not written
    labels: list[str]  # of the spans written, in order
    joined: int  # sentence breaks a span crossed
    problems: list[Entry]  # ExportProblem, or an overlap as plain data (gathered.py, report.Overlap)
    bounds: tuple[bytes, bytes] | None = None  # tokens and sentences made here, packed, to keep

    def __reduce__(self) -> tuple[type[Written], tuple[object, ...]]:
        # From its fields in order: the slots dataclass default looks its fields up for every document.
        return Written, tuple(getattr(self, name) for name in self.__slots__)


def written(batch: Batch) -> list[Written]:
    """Each document of the batch written by the format's writer into bytes of its own."""
    return _each(batch, writer_class(batch.format)(io.BytesIO(), batch.options))


def _each(batch: Batch, writer: Writer) -> list[Written]:
    """What `_write_all` does for a document in the exporting process, into bytes. Every document
    is prepared before any is written: `jsonl --tokens` then makes the token lists of the whole
    chunk at once (`NativeWriter.ahead`, desktop/formats/token_json.py)."""
    record = batch.recipe.records() if batch.recipe is not None else _as_record
    prepared: list[Written | _Prepared] = []
    for doc, done in zip(batch.documents, _gathered(batch)):
        if done is not None:
            prepared.append(done)
            continue
        doc = record(doc)
        made = _tokenise(doc) if batch.keep else None
        prepared.append((doc, made, *prepare_item(doc, batch.shape)))
    if isinstance(writer, NativeWriter):
        writer.ahead([one[2] for one in prepared if not isinstance(one, Written)])
    return [one if isinstance(one, Written) else _one(writer, *one) for one in prepared]


# A document ready to write: its record, its boundaries made here (packed), its item, problems, breaks joined.
type _Prepared = tuple[DocumentRecord, tuple[bytes, bytes] | None, ExportItem, list[Problem], int]


def _one(
    writer: Writer,
    doc: DocumentRecord,
    made: tuple[bytes, bytes] | None,
    item: ExportItem,
    problems: list[Problem],
    joined: int,
) -> Written:
    """One prepared document written into bytes of its own."""
    records, spaces = writer.records, getattr(writer, "inner_spaces", 0)
    writer.out = buffer = io.BytesIO()
    writer.write(item)
    kept = item.document
    return Written(
        buffer.getvalue(),
        writer.records - records,
        getattr(writer, "inner_spaces", 0) - spaces,
        len(kept.relations),
        len(doc.relations) - len(kept.relations),
        [span.label for span in kept.spans],
        joined,
        [_problem(kept, p) for p in problems],
        made,
    )


def _gathered(batch: Batch) -> list[Written | None]:
    """The documents written from arrays (gathered.py: CoNLL's and hf's common case; gathered_jsonl.py:
    `jsonl --tokens`'), None for the others."""
    if batch.format == "jsonl" and batch.options.tokens:
        from desktop.workspace.export import gathered_jsonl  # numpy and pyarrow: as for hf

        return gathered_jsonl.gathered_written(batch) if gathered_jsonl.takes(batch) else [None] * len(batch.documents)
    if batch.format not in ("conll", "hf"):
        return [None] * len(batch.documents)
    from desktop.workspace.export import gathered  # numpy: only in the workers that take it

    return gathered.gathered_written(batch) if gathered.takes(batch) else [None] * len(batch.documents)


def _as_record(doc: DocumentRecord | StoredDocument) -> DocumentRecord:
    assert isinstance(doc, DocumentRecord)  # stored documents come with a recipe
    return doc


def _tokenise(doc: DocumentRecord) -> tuple[bytes, bytes] | None:
    """Tokens and sentences for a document that has neither its own nor stored ones,
    set on it and returned packed (None when it has some)."""
    if doc.tokens is not None or doc.token_bounds is not None:
        return None
    doc.tokens, doc.sentences = tokenize(doc.text), sentences(doc.text)
    return pack(doc.tokens), pack(doc.sentences)


def take(
    report: ExportReport, writer: Writer | BratWriter, done: Written, split: str, relations: bool, placed: bool = False
) -> None:
    """A document a worker wrote: its bytes written (unless `placed` there already: placed.py),
    counted as project.py's `_count` counts."""
    assert isinstance(writer, Writer)  # brat and spaCy are never written apart
    if not placed:
        writer.out.write(done.data)
    writer.records += done.records
    if isinstance(writer, ConllWriter):
        writer.inner_spaces += done.inner_spaces
    if relations:
        report.relations += done.relations
        report.relations_lost += done.relations_lost
    report.documents += 1
    report.spans += len(done.labels)
    report.spans_per_label.update(done.labels)
    report.sentences_joined += done.joined
    if split:
        report.documents_per_split[split] += 1
    report.problems += done.problems


def _problem(doc: DocumentRecord, problem: Problem) -> ExportProblem:
    text = doc.text[problem.span.start : problem.span.end]
    return ExportProblem(cast(int, doc.id), doc.name, text, problem)  # a project's documents have ids


def serve() -> None:
    """A worker's loop: batches in, their documents' bytes out (see token_batch.serve)."""
    serve_jobs(written)
