"""Export: a project's spans as training data, in one of six formats.

`export_project` is the one entry point, for the CLI and for the window's
export dialog (which calls it from a worker thread: it reads through a
snapshot of its own, storage's export source, and reports progress through
a callback that may return False to cancel). It streams document by document, writes to temporary files and
renames them into place only when everything is written and no span is
left waiting for the user's choice.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Generator, Sequence
from contextlib import closing
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, cast

from desktop.core.errors import BarchasbError, InputError
from desktop.core.relations import RelationType
from desktop.formats.align import Policy
from desktop.formats.brat_write import BratWriter
from desktop.formats.hf import tag_names
from desktop.formats.offsets import UNITS, UTF16, UnitNote, shifted_characters
from desktop.formats.records import DocumentRecord, Range
from desktop.formats.rel_table import relation_names
from desktop.formats.spacy_docbin import DocBinWriter
from desktop.formats.spacy_shards import ShardedDocBinWriter, sharded
from desktop.formats.writing import (
    DEFAULT_INNER_SPACE,
    EXTENSIONS,
    FOLDER_FORMATS,
    FORMATS,
    INNER_SPACES,
    Writer,
    WriterOptions,
    token_based,
    writer_class,
)
from desktop.storage.export_document import StoredDocument
from desktop.storage.export_selection import Selection
from desktop.storage.export_source import ExportSource
from desktop.text.tokens import TOKENIZER_VERSION
from desktop.workspace.export import placed
from desktop.workspace.export.output import AtomicFiles
from desktop.workspace.export.placed import Placer
from desktop.workspace.export.plain import plain_jsonl
from desktop.workspace.export.prepare import SPLIT_NAMES, Shape, prepare_item, split_of
from desktop.workspace.export.records import EntityCache, OutputLabels, document_record
from desktop.workspace.export.report import ExportCancelled, ExportNeedsChoice, ExportProblem, ExportReport
from desktop.workspace.export.stored_tokens import BoundsKeeper
from desktop.workspace.export.token_workers import tokenised, written_apart
from desktop.workspace.export.written import FORMATS as WRITTEN_APART
from desktop.workspace.export.written import Recipe, Written, take
from desktop.workspace.session import Workspace

if TYPE_CHECKING:
    from desktop.workspace.export.spacy_raw import RawDocument

Progress = Callable[[int, int, str], "bool | None"]
PROGRESS_EVERY = 100


@dataclass(frozen=True)
class ExportOptions:
    format: str = "jsonl"
    selection: Selection = field(default_factory=Selection)
    split: tuple[float, ...] = ()  # weights of train/test or train/dev/test; () for one file
    seed: int = 0
    tokens: bool = False  # jsonl: tokens and token_start/token_end
    scheme: str = "bio"  # hf, conll: bio or bioes
    unit: str = "sentence"  # hf, conll: one record per sentence or per document
    misaligned: Policy = Policy.ASK
    overlapping: Policy = Policy.ASK  # ask or skip
    docstart: bool = False  # conll
    inner_space: str = DEFAULT_INNER_SPACE  # conll: spaces inside tokens: keep, zwnj, underscore
    offsets: str | None = None  # doccano: utf16 or codepoints; None: not stated (utf16)
    relations: bool = False  # doccano: the relation shape even when the project has no relations
    window: int | None = None  # rel-table: pairs within this many sentences; None: any
    negatives: bool = False  # rel-table: unrelated candidate pairs too, as no_relation

    def check(self) -> None:
        if self.format not in FORMATS:
            raise InputError("export.unknown_format", format=self.format, formats=", ".join(FORMATS))
        if self.split and (len(self.split) not in SPLIT_NAMES or min(self.split) < 0 or sum(self.split) <= 0):
            raise InputError("export.split")
        if self.scheme not in ("bio", "bioes"):
            raise InputError("export.tag_scheme", scheme=self.scheme)
        if self.unit not in ("sentence", "document"):
            raise InputError("export.unit", unit=self.unit)
        if self.overlapping not in (Policy.ASK, Policy.SKIP):
            raise InputError("export.overlapping")
        if self.inner_space not in INNER_SPACES:
            raise InputError("export.inner_space", choice=self.inner_space, choices=", ".join(INNER_SPACES))
        if self.offsets is not None and self.offsets not in UNITS:
            raise InputError("doccano.unknown_unit", unit=self.offsets, units=", ".join(UNITS))
        if self.window is not None and self.window < 0:
            raise InputError("export.window")
        if self.offsets is not None and self.format != "doccano":
            raise InputError("offsets.not_doccano", format=self.format)


def output_paths(options: ExportOptions, out: Path) -> dict[str, Path]:
    """Output file per split: OUT itself, or OUT/train.ext, OUT/dev.ext, ... (brat:
    the folder OUT, or OUT/train, ...)."""
    if options.format in FOLDER_FORMATS and out.exists() and not out.is_dir():
        raise InputError("export.folder_format", out=str(out), format=options.format)
    if not options.split:
        return {"": out}
    if out.exists() and not out.is_dir():
        raise InputError("export.folder_split", out=str(out))
    ext = EXTENSIONS[options.format]
    return {name: out / f"{name}{ext}" for name in SPLIT_NAMES[len(options.split)]}


def missing_folder(options: ExportOptions, out: Path) -> Path | None:
    """The folder the export would have to create (the window asks first), or None."""
    folder = out if options.split else out.parent
    if options.format in FOLDER_FORMATS and not options.split:
        return None if out.parent.is_dir() else out.parent
    return None if folder.is_dir() else folder


def labels_path(options: ExportOptions, out: Path) -> Path:
    """The hf (or rel-table) label list beside the data (never matched by datasets' split patterns)."""
    return out / "labels.json" if options.split else out.with_name(f"{out.stem}.labels.json")


def export_project(
    workspace: Workspace,
    options: ExportOptions,
    out_path: str | Path,
    progress: Progress | None = None,
    create_folders: bool = True,
) -> ExportReport:
    """Write the export; raises `ExportNeedsChoice` (nothing written) when spans
    need a decision the options leave open, `ExportCancelled` on cancel.
    Without `create_folders`, a missing output folder is an error, never made."""
    options.check()
    out = Path(out_path)
    report = ExportReport(options.format, skips_asked=_skips_asked(options))
    try:
        with workspace.repo.export_source() as source:
            annotators = source.layer_annotators(options.selection.layer)
            report.labels = _labels(source.label_keys(), options.selection)
            total = source.count_documents(options.selection, annotators)
            # brat and a sharded spaCy export write into OUT itself: making OUT is the export asked for
            # (its parent is asked about)
            folders = options.format in FOLDER_FORMATS or (options.format == "spacy" and sharded(total))
            own_folder = folders and out.parent.is_dir()
            with AtomicFiles(create_folders or own_folder) as files:
                _write_all(source, files, options, out, annotators, report, total, progress)
                report.files = [str(p) for p in files.targets]
    except OSError as exc:
        raise BarchasbError(f"{out}: cannot write the export ({exc.strerror or exc})") from exc
    report.written = True
    return report


def _write_all(
    source: ExportSource,
    files: AtomicFiles,
    options: ExportOptions,
    out: Path,
    annotators: dict[int, str],
    report: ExportReport,
    total: int,
    progress: Progress | None,
) -> None:
    types = source.relation_types()
    writer_options = _writer_options(options, types, source.has_relations())
    paths = output_paths(options, out)
    writers = {
        name: _writer(options.format, files, path, writer_options, total, len(paths)) for name, path in paths.items()
    }
    unstated = options.format == "doccano" and options.offsets is None
    shape = _shape(options, writer_options)
    carries = ("jsonl", "label-studio", "brat", "rel-table", "spacy")
    carries_relations = options.format in carries or writer_options.relations
    keeper = BoundsKeeper(source)
    raw = _raw_class() if options.format == "spacy" else None
    placer = (
        _placer(options, files, writers)
        if shape.token_based and options.format in WRITTEN_APART and placed.available()
        else None
    )
    with closing(_records(source, options, writer_options, annotators, shape, total, keeper, placer)) as records:
        for index, (doc, done) in enumerate(records):
            split = split_of(doc.content_hash, options.seed, options.split)
            if done is not None:  # written by a worker
                take(report, writers[split], done, split, carries_relations, placer is not None and placer.used)
                if done.bounds is not None and doc.id is not None:
                    keeper.add(doc.id, done.bounds)
                if progress and index % PROGRESS_EVERY == 0 and progress(index, total, doc.name) is False:
                    raise ExportCancelled("export cancelled; nothing written")
                continue
            assert isinstance(doc, DocumentRecord)  # a stored document comes written
            if raw is not None and isinstance(doc, raw):  # spaCy's columns, made with its chunk's
                _add_raw(report, writers[split], doc, split)
                if progress and index % PROGRESS_EVERY == 0 and progress(index, total, doc.name) is False:
                    raise ExportCancelled("export cancelled; nothing written")
                continue
            item, problems, joined = prepare_item(doc, shape)
            if carries_relations:
                report.relations += len(item.document.relations)
                report.relations_lost += len(doc.relations) - len(item.document.relations)
            writers[split].write(item)
            if unstated:
                _note_units(report, item.document, paths[split], writers[split].records)
            _count(report, item, problems, joined, split)
            if progress and index % PROGRESS_EVERY == 0 and progress(index, total, doc.name) is False:
                raise ExportCancelled("export cancelled; nothing written")
    keeper.flush()
    if placer is not None:
        placer.finish()
    for writer in writers.values():
        writer.close()
        report.records += writer.records
        report.inner_spaces += getattr(writer, "inner_spaces", 0)
        report.relations_outside += getattr(writer, "outside", 0)
    if report.unresolved:
        raise ExportNeedsChoice(report)
    if options.format == "hf":
        _write_labels(files.open(labels_path(options, out)), options, report.labels)
    if options.format == "rel-table":
        names = relation_names([t.key for t in types], options.negatives)
        data = json.dumps({"labels": names}, ensure_ascii=False, indent=2).encode("utf-8") + b"\n"
        files.open(labels_path(options, out)).write(data)
    if progress:
        progress(total, total, "")


def _records(
    source: ExportSource,
    options: ExportOptions,
    writer_options: WriterOptions,
    annotators: dict[int, str],
    shape: Shape,
    total: int,
    keeper: BoundsKeeper,
    placer: Placer | None = None,
) -> Generator[tuple[DocumentRecord | StoredDocument, Written | None]]:
    """The selected documents as export records, in order, each with its output when a
    worker wrote it: a large token-based export has them tokenised (and but for spaCy,
    written) on every core (workers stopped when this generator closes). Token formats
    read the boundaries the project keeps; those a worker makes go to `keeper`. Plain
    jsonl writes most documents straight from their rows (plain.py): those come as stored."""
    labels = OutputLabels(options.selection)
    entities = EntityCache(source.entities, labels)
    fields = source.entity_fields()
    apart = shape.token_based and options.format in WRITTEN_APART  # most documents written by workers
    tokenizer = TOKENIZER_VERSION if shape.token_based else None
    spacy = shape.token_based and options.format == "spacy"  # a chunk's spans read as arrays (spacy_raw)
    stored = source.documents(options.selection, annotators, tokenizer, packed=apart, columns=spacy)
    records = (document_record(d, labels, annotators, entities, fields) for d in stored)
    if options.format == "jsonl" and not shape.token_based:  # most lines straight from the rows
        yield from plain_jsonl(
            stored, labels, annotators, lambda d: document_record(d, labels, annotators, entities, fields)
        )
    elif shape.token_based and options.format in WRITTEN_APART:  # most records made in the workers
        recipe = Recipe(options.selection, annotators)
        portable = (
            d if recipe.portable(d) else document_record(d, labels, annotators, entities, fields) for d in stored
        )
        yield from written_apart(portable, options.format, shape, writer_options, keeper.wanted, recipe, placer)
    elif shape.token_based and options.format == "spacy":  # most documents' columns made a chunk at a time
        from desktop.workspace.export.spacy_raw import documents as spacy_documents  # numpy
        from desktop.workspace.export.spacy_raw import until_unstored

        recipe = Recipe(options.selection, annotators)
        mixed = spacy_documents(stored, recipe, lambda d: document_record(d, labels, annotators, entities, fields))
        yield from ((doc, None) for doc in until_unstored(mixed, lambda rest: tokenised(rest, False, keeper)))
    elif shape.token_based:
        yield from ((doc, None) for doc in tokenised(records, shape.units == "sentence", keeper))
    else:
        yield from ((doc, None) for doc in records)


def _placer(options: ExportOptions, files: AtomicFiles, writers: dict[str, Writer | BratWriter]) -> Placer:
    """Where a large export's workers write each document's bytes: the files' temporaries (placed.py)."""
    handles = {name: cast(Writer, writer).out for name, writer in writers.items()}
    paths = {name: (handle, files.temporary(handle)) for name, handle in handles.items()}
    return Placer(paths, lambda doc: split_of(doc.content_hash, options.seed, options.split))


def _writer_options(options: ExportOptions, types: list[RelationType], has_relations: bool) -> WriterOptions:
    """What the writer needs: the CLI's choices and, from the scheme, the undirected
    relation types and the (head label, tail label) pairs the types allow. doccano
    writes its relation shape when the project has relations (or when asked)."""
    pairs = tuple(sorted({(h, t) for r in types if r.heads and r.tails for h in r.heads for t in r.tails}))
    if any(not (r.heads and r.tails) for r in types):
        pairs = ()  # a type open to any label: every pair is a candidate
    return WriterOptions(
        options.tokens,
        options.scheme,
        options.docstart,
        options.inner_space,
        offsets=options.offsets or UTF16,
        relations=options.relations or (options.format == "doccano" and has_relations),
        symmetric=tuple(r.key for r in types if not r.directed),
        negatives=options.negatives,
        window=options.window,
        pairs=pairs,
    )


def _writer(
    fmt: str, files: AtomicFiles, path: Path, options: WriterOptions, total: int, writers: int = 1
) -> Writer | BratWriter:
    if fmt == "brat":
        return BratWriter(lambda name: files.open(path / name), options)
    if fmt == "spacy":  # answers spaCy gives an installed version the resources lack: kept for the next export
        from desktop.formats.spacy_vocab import keep_in  # numpy: only for spaCy
        from desktop.paths import cache_dir

        keep_in(cache_dir())
    if fmt == "spacy" and sharded(total):  # a folder of DocBins: memory stays bounded
        return ShardedDocBinWriter(lambda name: files.open(path / name), options, alone=writers == 1)
    return writer_class(fmt)(files.open(path), options)


def _skips_asked(options: ExportOptions) -> tuple[str, ...]:
    """The problem kinds whose spans the user chose to skip (`--misaligned skip`,
    `--overlapping skip`): skipping them is the export they asked for, not a partial one."""
    asked = {"misaligned": options.misaligned, "overlap": options.overlapping}
    return tuple(kind for kind, policy in asked.items() if policy is Policy.SKIP)


def _shape(options: ExportOptions, writer_options: WriterOptions) -> Shape:
    cls = writer_class(options.format)
    units = options.unit if options.format in ("hf", "conll") else None
    return Shape(
        token_based(options.format, writer_options),
        cls.overlaps,
        options.format in ("jsonl", "label-studio", "rel-table"),
        units,
        options.misaligned,
        options.overlapping,
        cls.overlaps_grouped,
        options.format in WRITTEN_APART or options.format == "spacy",  # their writers take stored tokens flat
    )


def _raw_class() -> type[RawDocument]:
    from desktop.workspace.export.spacy_raw import RawDocument  # numpy: only for spaCy

    return RawDocument


def _add_raw(report: ExportReport, writer: Writer | BratWriter, doc: RawDocument, split: str) -> None:
    """A document spacy_raw made: its columns to the writer, counted as `_count` counts."""
    assert isinstance(writer, DocBinWriter)
    tokens = cast("Sequence[Range]", doc.edges or [])  # two arrays: spacy_chunks.token_edges reads them as they are
    writer.add(doc.text, tokens, doc.ents, doc.group, doc.missing, {"id": doc.id, "name": doc.name})
    report.documents += 1
    report.spans += len(doc.labels)
    report.spans_per_label.update(doc.labels)
    if split:
        report.documents_per_split[split] += 1
    report.problems += doc.problems


def _note_units(report: ExportReport, doc, path: Path, line: int) -> None:
    """A document written in the default unit where the unit changes its offsets."""
    characters = shifted_characters(doc.text, [span.end for span in doc.spans])
    if characters:
        report.offset_notes.append(UnitNote(str(path), line, characters))


def _count(report: ExportReport, item, problems, joined: int, split: str) -> None:
    doc = item.document
    report.documents += 1
    report.spans += len(doc.spans)
    report.spans_per_label.update(span.label for span in doc.spans)
    report.sentences_joined += joined
    if split:
        report.documents_per_split[split] += 1
    for problem in problems:
        text = doc.text[problem.span.start : problem.span.end]
        report.problems.append(ExportProblem(doc.id, doc.name, text, problem))


def _labels(keys: list[str], selection: Selection) -> list[str]:
    """The exported label names in scheme order (after mapping and subset)."""
    out: list[str] = []
    for key in keys:
        mapped = selection.output_label(key)
        if mapped is not None and mapped not in out:
            out.append(mapped)
    return out


def _write_labels(handle, options: ExportOptions, labels: list[str]) -> None:
    data = {"scheme": options.scheme.upper(), "labels": labels, "ner_tags": tag_names(labels, options.scheme)}
    handle.write(json.dumps(data, ensure_ascii=False, indent=2).encode("utf-8") + b"\n")
