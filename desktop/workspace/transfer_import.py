"""Importing annotated files (native JSONL, doccano, Label Studio, CoNLL).

A file is read and checked completely before the database is touched, then
stored in one transaction: any error rolls the whole file back and is
reported with its file and line, while the other files still import. Texts
are kept verbatim (their spans refer to them) unless normalisation is asked
for, in which case spans and tokens are mapped onto the normalised text.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable

from desktop.core.errors import BarchasbError, InputError
from desktop.core.model import check_label_key
from desktop.formats.detect import detect_by_content, detect_by_name, read_records
from desktop.formats.plaintext import read_text_file
from desktop.storage.repository import Repository
from desktop.workspace.importing import collect_files
from desktop.workspace.transfer_labels import add_missing_labels
from desktop.workspace.transfer_store import (PendingRows, Prepared, Stored, prepare,
                                              sha256, store_record)

Progress = Callable[[int, int, str], None]


@dataclass
class FileImport:
    """What importing one annotated file did (or why it did nothing)."""

    path: str
    format: str = ""
    outcome: str = "imported"          # imported or skipped
    reason: str = ""
    documents_added: list[int] = field(default_factory=list)
    documents_present: int = 0
    spans_added: int = 0
    spans_duplicate: int = 0
    labels_added: list[str] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class ImportOptions:
    format: str = "auto"
    annotator: str | None = None   # overrides the annotators a file names
    normalize: bool = False
    tags: str = "auto"             # CoNLL: auto, bio, bioes or iob1


def file_format(path: Path, text: str | None, requested: str) -> str:
    """The format to read `path` with (`text` is needed only to sniff content)."""
    if requested != "auto":
        return requested
    by_name = detect_by_name(path)
    if by_name is not None or text is None:
        return by_name or "text"
    return detect_by_content(path, text)


def import_annotated(repo: Repository, actor: str, path: Path, options: ImportOptions,
                     name: str | None = None) -> FileImport:
    """Import one annotated file, all of it or nothing."""
    result = FileImport(str(path))
    try:
        text = read_text_file(path).text
        result.format = file_format(path, text, options.format)
        if result.format == "text":
            raise InputError("plain text, not annotations (import it without --format)",
                             path=str(path))
        records = _read(result.format, text, path, options, name or path.name)
        with repo.action(actor):
            labels = {span.label for item in records for span in item.record.spans}
            result.labels_added = [label.key for label in add_missing_labels(repo, labels, path.name)]
            pending = PendingRows(repo)
            pending.look_up([sha256(item.record.text) for item in records])
            for item in records:
                _tally(result, store_record(repo, item, result.format, path, actor,
                                            options.annotator, pending))
            pending.flush()
    except BarchasbError as exc:
        return FileImport(str(path), result.format, "skipped", _reason(exc, path))
    return result


def _read(fmt: str, text: str, path: Path, options: ImportOptions,
          name: str) -> list[Prepared]:
    records = []
    for record in read_records(fmt, text, str(path), tags=options.tags, name=name):
        if not record.text.strip():
            raise InputError("a document with no text", path=str(path), line=record.line)
        for span in record.spans:
            try:
                check_label_key(span.label)
            except ValueError as exc:
                raise InputError(str(exc), path=str(path), line=record.line) from exc
        if not record.name:
            record.name = f"{name}:{record.line}"
        records.append(prepare(record, str(path), options.normalize))
    return records


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
        if requested == "text" or (requested == "auto" and _plain(given)):
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


def import_paths(repo: Repository, actor: str, files: Iterable[tuple[Path, str]],
                 options: ImportOptions, progress: Progress | None = None) -> list[FileImport]:
    """Import several annotated files; one bad file never stops the others."""
    files = list(files)
    results = []
    for index, (path, name) in enumerate(files):
        if progress:
            progress(index, len(files), str(path))
        results.append(import_annotated(repo, actor, path, options, name))
    if progress:
        progress(len(files), len(files), "")
    return results


def _reason(exc: BarchasbError, path: Path) -> str:
    """The message without the file name the report line already shows."""
    line = getattr(exc, "line", None)
    reason = getattr(exc, "reason", None) or str(exc)
    if getattr(exc, "path", None) in (None, str(path)):
        return f"line {line}: {reason}" if line is not None else reason
    return str(exc)
