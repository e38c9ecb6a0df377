"""Importing annotated files (native JSONL, doccano, Label Studio, CoNLL).

A file is read and checked completely before the database is touched, then
stored in one transaction: any error rolls the whole file back and is
reported with its file and line, while the other files still import. Every
bad record of a file is found and listed (`FileImport.bad_records`); by
default one refuses the file, with `skip_invalid` the valid records go in
and the bad ones are reported. Texts
are kept verbatim (their spans refer to them) unless normalisation is asked
for, in which case spans and tokens are mapped onto the normalised text.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from desktop.core.errors import BarchasbError, InputError, reason_of
from desktop.core.model import check_label_key
from desktop.core.reasons import Reason
from desktop.core.relations import RelationType
from desktop.formats.brat import read_brat_folder
from desktop.formats.detect import detect_by_content, detect_by_name, is_brat_folder, read_records
from desktop.formats.links import Fields, check_relation_types
from desktop.formats.offsets import CODEPOINTS, UTF16, UnitNote, json_bmp_only, shifted_characters
from desktop.formats.plaintext import read_text_file
from desktop.formats.records import DocumentRecord
from desktop.storage.contract import ProjectStore
from desktop.workspace.imports.annotators import AnnotatorMap, rename, unnamed_layers, user_notes, users_for
from desktop.workspace.imports.collector import collector_paused, let_go
from desktop.workspace.imports.gold import GoldPlacer, gold_names
from desktop.workspace.imports.labels import add_missing_labels
from desktop.workspace.imports.links import LinksAdded, LinkStore, load_value_reading, scheme_fields
from desktop.workspace.imports.plain import collect_files
from desktop.workspace.imports.predictions import store_predictions
from desktop.workspace.imports.prepared import Prepared, Stored, prepare
from desktop.workspace.imports.store import PendingRows, store_record

if TYPE_CHECKING:
    from desktop.workspace.session import Workspace

Progress = Callable[[int, int, str], object]  # what it returns is ignored
Part = Callable[[float], None]  # how much of the current file is done, 0 to 1
READ_SHARE = 0.6  # of a file's time: reading and checking; the rest is storing


@dataclass(frozen=True, slots=True)
class BadRecord:
    """A record of a file that cannot be imported: where it starts and why."""

    line: int | None
    why: Reason

    @property
    def reason(self) -> str:
        return str(self.why)

    def located(self, path: str) -> Reason:
        """`file:line: reason`, as compilers say it (the window words it in its language)."""
        if self.line is not None:
            return Reason("in_file_at_line", {"file": path, "line": self.line, "reason": self.why})
        return Reason("in_file", {"file": path, "reason": self.why})

    def describe(self, path: str) -> str:
        """`file:line: reason`, in English."""
        return str(self.located(path))


@dataclass
class FileImport:
    """What importing one annotated file did (or why it did nothing)."""

    path: str
    format: str = ""
    outcome: str = "imported"  # imported or skipped
    why: Reason | None = None  # why it was skipped
    documents_added: list[int] = field(default_factory=list)
    documents_present: int = 0
    spans_added: int = 0
    spans_duplicate: int = 0
    labels_added: list[str] = field(default_factory=list)
    bad_records: list[BadRecord] = field(default_factory=list)
    valid_records: int = 0  # records that could be imported (all of them or not)
    notes: list[str] = field(default_factory=list)  # e.g. Label Studio users named by id
    unnamed_layers: list[str] = field(default_factory=list)  # ls-ID: Label Studio users by id
    offset_notes: list[UnitNote] = field(default_factory=list)  # doccano, unit not stated
    links: LinksAdded = field(default_factory=LinksAdded)  # relations, values, entities stored
    fields_added: list[str] = field(default_factory=list)  # `label.name` attribute fields the scheme lacked
    suggestions_added: int = 0  # Label Studio predictions stored as pending suggestions
    predictions_counted: int = 0  # Label Studio predictions not asked for: counted, left out
    predictions_by_id: int = 0  # asked for, but the export gave only their ids: nothing to import

    @property
    def reason(self) -> str:
        """Why the file was skipped, in English ("" when it was not)."""
        return "" if self.why is None else str(self.why)


@dataclass(frozen=True, slots=True)
class ImportOptions:
    format: str = "auto"
    annotator: str | None = None  # overrides the annotators a file names
    normalize: bool = False
    tags: str = "auto"  # CoNLL: auto, bio, bioes or iob1
    skip_invalid: bool = False  # import a file's valid records, report the bad ones
    annotator_map: AnnotatorMap = ()  # (KEY, NAME): whose layer a file's annotator goes to
    offsets: str | None = None  # doccano's unit: utf16 or codepoints; None: not stated (utf16)
    predictions: bool = False  # Label Studio: store predictions as pending suggestions (else count them)


def file_format(path: Path, text: str | None, requested: str) -> str:
    """The format to read `path` with (`text` is needed only to sniff content)."""
    if requested != "auto":
        return requested
    by_name = detect_by_name(path)
    if by_name is not None or text is None:
        return by_name or "text"
    return detect_by_content(path, text)


def import_annotated(
    workspace: Workspace,
    actor: str,
    path: Path,
    options: ImportOptions,
    name: str | None = None,
    part: Part | None = None,
) -> FileImport:
    """Import one annotated file: all of it or nothing, or (`skip_invalid`) its
    valid records; either way every bad record is listed."""
    result = FileImport(str(path))
    with collector_paused():  # (its objects live until the file is stored: collecting finds nothing)
        return _import(workspace, actor, path, options, name, part, result)


def _import(
    workspace: Workspace,
    actor: str,
    path: Path,
    options: ImportOptions,
    name: str | None,
    part: Part | None,
    result: FileImport,
) -> FileImport:
    try:
        fields = scheme_fields(workspace.repo)
        brat = options.format == "brat" or (options.format == "auto" and path.is_dir())
        text = "" if brat else read_text_file(path).text
        result.format = "brat" if brat else file_format(path, text, options.format)
        if result.format == "text":
            raise InputError("import.plain_text", path=str(path))
        problems: list[InputError] = []
        users = users_for(result.format, options.annotator_map)
        reading = _Reading(name or path.name, fields, result.notes if brat else None)
        types = {t.key: t for t in workspace.repo.relation_types()}
        repo = workspace.repo
        # One transaction from the first record read: the documents' rows go in (on the
        # background's thread) while the next records are read; a refused file is rolled back.
        with repo.large_write(), repo.action(actor), repo.background() as later:
            pending = PendingRows(repo, None, later)
            if result.format == "doccano":  # one layer, no gold, no statuses: span rows go in as it is read
                pending.stream(actor, options.annotator)
            records = _read(
                result.format, text, path, options, reading, problems, part, result.offset_notes, users, types, pending
            )
            result.notes, result.unnamed_layers = result.notes + user_notes(users), unnamed_layers(users)
            result.predictions_counted = users.left_out["predictions"] if users else 0
            result.predictions_by_id = users.left_out["predictions given by id only"] if users else 0
            result.valid_records = len(records)
            result.bad_records = [BadRecord(p.line, p.why) for p in problems]
            if problems and not (options.skip_invalid and records):
                raise _Refused
            _store(repo, actor, path, options, records, result, part, pending, fields)
            garbage: list[object] = [records, pending]
            del records, pending  # (freed on another thread while the transaction commits)
            let_go(garbage)
    except _Refused:
        return _refused(result, problems[0], path)
    except BarchasbError as exc:
        return FileImport(str(path), result.format, "skipped", _reason(exc, path))
    return result


class _Refused(Exception):
    """A file with bad records and nothing to import without them: its rows are rolled back."""


def _refused(result: FileImport, first: InputError, path: Path) -> FileImport:
    result.outcome = "skipped"
    result.why = _reason(first, path)
    if result.valid_records == 0 and len(result.bad_records) > 1:
        result.why = Reason("import.no_valid_records", {"bad": len(result.bad_records), "first": result.why})
    return result


def _store(
    repo: ProjectStore,
    actor: str,
    path: Path,
    options: ImportOptions,
    records: list[Prepared],
    result: FileImport,
    part: Part | None,
    pending: PendingRows,
    fields: Fields,
) -> None:
    """Store the records inside the caller's action (`pending` placed their documents as they were read;
    `fields`: the scheme's attribute fields)."""
    pending.place_staged()
    # (while the rows thread writes the last chunk and this one would only wait for it)
    labels = {span.label for item in records for span in item.record.spans}
    labels |= {entity.type for item in records for entity in item.record.entities}
    labels |= {p.label for item in records for p in item.record.predictions}
    load_value_reading(fields, labels, result.format)
    unplaced = [item.content_hash() for item in records if not item.placed]  # read after a bad record
    if unplaced:
        pending.look_up(unplaced)
    # Records all stored as the file was read (doccano's streamed rows) are tallied while the rows
    # thread writes the last chunk; the others once the labels and layers are made (`store_record`).
    streamed = all(item.stored for item in records)
    placed = _placed(records, result, part, None) if streamed else []
    pending.prepare_history()
    pending.quiet()
    result.labels_added = [label.key for label in add_missing_labels(repo, labels, path.name)]
    pending.make_layers()  # (a layer its streamed span rows foresaw: made after the labels, as it would be)
    names = gold_names(item.record for item in records) if fmt_keeps_gold(result.format, options) else frozenset()
    rejections = fmt_keeps_gold(result.format, options) and any(i.record.relation_rejections for i in records)
    pending.gold = GoldPlacer(repo, names, path.stem) if names or rejections else None
    if not streamed:
        fmt, annotator = result.format, options.annotator
        placed = _placed(
            records, result, part, lambda item: store_record(repo, item, fmt, path, actor, annotator, pending)
        )
    links = LinkStore(repo, path, actor, options.annotator, result.format, pending.gold, known=pending)
    links.prepare(labels)  # (what it reads, read before the rows are handed over)
    pending.flush()  # the rows go in on the background's thread while the values are read from the words
    for record, doc_id in placed:  # after the spans: relations and values point at their ids
        links.store(record, doc_id, record_path(result.format, path, record))
    links.finish()
    result.links, result.fields_added = links.added, links.fields_added
    result.suggestions_added = store_predictions(repo, placed, options.annotator or actor)


def _placed(
    records: list[Prepared], result: FileImport, part: Part | None, store: Callable[[Prepared], Stored] | None
) -> list[tuple[DocumentRecord, int]]:
    """(record, its document's id) of each record, tallied in `result`; `store` stores a record
    not stored yet (None: every record is)."""
    placed = []
    for index, item in enumerate(records):
        if item.stored:
            stored = item.stored[0]
        else:
            assert store is not None
            stored = store(item)
        _tally(result, stored)
        placed.append((item.record, stored.document_id))
        if part and index % 256 == 0:
            part(READ_SHARE + (1 - READ_SHARE) * 0.8 * index / len(records))
    return placed


def fmt_keeps_gold(fmt: str, options: ImportOptions) -> bool:
    """The native format brings its gold back as gold, unless `--annotator` re-attributes it."""
    return fmt == "jsonl" and options.annotator is None


@dataclass(frozen=True, slots=True)
class _Reading:
    """What a reader is given besides the text: the document name, the scheme's
    attribute fields, and (brat) where lines left out are reported."""

    name: str
    fields: Fields
    left_out: list[str] | None = None


def _found(fmt: str, text: str, path: Path, options: ImportOptions, reading: _Reading, problems, users, offsets: str):
    """The records a file (or a brat folder) holds (`offsets`: the unit of doccano's offsets)."""
    if fmt == "brat":
        if not path.is_dir():
            raise InputError("import.brat_not_folder", path=str(path))
        return read_brat_folder(path, fields=reading.fields, report=reading.left_out)
    return read_records(
        fmt,
        text,
        str(path),
        tags=options.tags,
        name=reading.name,
        problems=problems,
        offsets=offsets,
        users=users,
        fields=reading.fields,
        predictions=options.predictions,
    )


def _read(
    fmt: str,
    text: str,
    path: Path,
    options: ImportOptions,
    reading: _Reading,
    problems: list[InputError],
    part: Part | None,
    notes: list[UnitNote] | None = None,
    users=None,
    types: dict[str, RelationType] | None = None,
    pending: PendingRows | None = None,
) -> list[Prepared]:
    """The valid records, prepared; each bad one goes to `problems` (in line order).
    A doccano record read in the default unit where the unit matters goes to `notes`.
    Each valid record is staged in `pending` (its document placed, its row written) as it comes."""
    records = []
    lines = text.count("\n") + 1
    name = reading.name
    # Only astral characters make the units differ: a file without any needs no note, and its
    # offsets are read as code points (what the reader would decide, looking at the text again).
    offsets = options.offsets or UTF16
    bmp_only = fmt == "doccano" and offsets == UTF16 and json_bmp_only(text)
    found = _found(fmt, text, path, options, reading, problems, users, CODEPOINTS if bmp_only else offsets)
    unstated = fmt == "doccano" and options.offsets is None and notes is not None and not bmp_only
    good_labels: set[str] = set()  # checked once each, not once per span
    for index, record in enumerate(found):
        try:
            _check(record, path, good_labels)
            if types:
                check_relation_types(record, types, path=record_path(fmt, path, record))
            if users is None:  # Label Studio's reader applies the map itself
                rename(record, options.annotator_map)
            if unstated and notes is not None:  # `unstated` implies it; said again for the type checker
                _note(record, str(path), notes)
            if not record.name:
                record.name = f"{name}:{record.line}"
            records.append(prepare(record, str(path), options.normalize))
            if pending is not None and not problems:  # (once a record is bad the rows are rolled back)
                pending.stage(records[-1], fmt, path, lines - record.line)
        except InputError as exc:
            problems.append(exc)
        if part and (options.normalize or index % 256 == 0):
            part(READ_SHARE * record.line / lines)
    problems.sort(key=lambda exc: exc.line or 0)
    return records


def record_path(fmt: str, path: Path, record: DocumentRecord) -> str:
    """The file a record's errors name: brat's `.ann` beside the document's `.txt`."""
    return str((path / record.name).with_suffix(".ann")) if fmt == "brat" else str(path)


def _note(record: DocumentRecord, path: str, notes: list[UnitNote]) -> None:
    characters = shifted_characters(record.text, [span.end for span in record.spans])
    if characters:
        notes.append(UnitNote(path, record.line, characters))


def _check(record: DocumentRecord, path: Path, good: set[str]) -> None:
    """Refuse a record without text or with a label that cannot be a key (`good`: keys passed;
    each label is looked up there, without a list and a dict of the record's labels: ~0.8 us a
    record, a third of the check, on the read that is the import's longer path)."""
    if not record.text or record.text.isspace():  # (strip() would copy every text)
        raise InputError("import.no_text", path=str(path), line=record.line)
    for span in record.spans:
        if span.label not in good:
            _good_key(span.label, path, record.line, good)
    for prediction in record.predictions:
        if prediction.label not in good:
            _good_key(prediction.label, path, record.line, good)


def _good_key(label: str, path: Path, line: int, good: set[str]) -> None:
    """Add `label` to `good` if it can be a key; else refuse the record at `line`."""
    try:
        check_label_key(label)
    except ValueError as exc:
        raise InputError("label.bad_key", path=str(path), line=line, key=label) from exc
    good.add(label)


def _tally(result: FileImport, stored: Stored) -> None:
    if stored.added:
        result.documents_added.append(stored.document_id)
    else:
        result.documents_present += 1
    result.spans_added += stored.spans_added
    result.spans_duplicate += stored.spans_duplicate


def split_paths(paths: Iterable[str | Path], requested: str) -> tuple[list[Path], list[tuple[Path, str]]]:
    """(plain-text paths for `import_files`, annotated files with their names)."""
    plain: list[Path] = []
    annotated: list[tuple[Path, str]] = []
    for given in map(Path, paths):
        if given.is_dir() and (requested == "brat" or (requested == "auto" and is_brat_folder(given))):
            annotated.append((given, given.name))  # a brat collection is read whole
        elif requested == "text" or (requested == "auto" and _plain(given)):
            plain.append(given)
        else:
            annotated.extend(collect_files([given]))
    return plain, annotated


def _plain(path: Path) -> bool:
    """Auto-detection: folders and .txt are plain; unknown extensions are sniffed."""
    if path.is_dir() or not path.is_file():
        return True  # a missing file: the plain import reports it
    try:
        by_name = detect_by_name(path)
        if by_name is not None:
            return by_name == "text"
        return detect_by_content(path, read_text_file(path).text) == "text"
    except BarchasbError:
        return False  # the annotated import reports why


def import_paths(
    workspace: Workspace,
    actor: str,
    files: Iterable[tuple[Path, str]],
    options: ImportOptions,
    progress: Progress | None = None,
    part: Part | None = None,
) -> list[FileImport]:
    """Import several annotated files; one bad file never stops the others.
    `part` hears how far into the current file the import is."""
    files = list(files)
    results = []
    for index, (path, name) in enumerate(files):
        if progress:
            progress(index, len(files), str(path))
        results.append(import_annotated(workspace, actor, path, options, name, part))
    if progress:
        progress(len(files), len(files), "")
    return results


def _reason(exc: BarchasbError, path: Path) -> Reason:
    """The reason without the file name the report line already shows."""
    if not isinstance(exc, InputError):
        return reason_of(exc)
    if exc.path in (None, str(path)):
        return Reason("at_line", {"line": exc.line, "reason": exc.why}) if exc.line is not None else exc.why
    return exc.located()
