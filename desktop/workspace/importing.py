"""Importing plain-text documents into a project.

Files are read and normalised outside the database lock, then written in
batches: one transaction per batch (fast), one savepoint per file (so a file
is stored whole or not at all, and a bad file never takes its batch down).
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable, Iterator

from desktop.core.clock import now
from desktop.core.errors import BarchasbError
from desktop.formats.plaintext import read_text_file
from desktop.storage.repository import NewDocument, Repository
from desktop.text.normalize import normalize

BATCH_FILES = 500
BATCH_BYTES = 16 * 1024 * 1024

Progress = Callable[[int, int, str], None]


@dataclass(frozen=True, slots=True)
class FileResult:
    path: str
    outcome: str                 # imported, present, skipped
    reason: str = ""
    document_id: int | None = None
    encoding: str = ""
    changes: dict[str, int] = field(default_factory=dict)


@dataclass
class ImportReport:
    results: list[FileResult] = field(default_factory=list)

    def count(self, outcome: str) -> int:
        return sum(1 for r in self.results if r.outcome == outcome)

    @property
    def imported_ids(self) -> list[int]:
        return [r.document_id for r in self.results if r.outcome == "imported"]

    def change_totals(self) -> dict[str, int]:
        totals: dict[str, int] = {}
        for result in self.results:
            for kind, n in result.changes.items():
                totals[kind] = totals.get(kind, 0) + n
        return dict(sorted(totals.items()))


def collect_files(paths: Iterable[str | Path]) -> Iterator[tuple[Path, str]]:
    """Each file to import with the name it will carry; folders are walked recursively."""
    for given in paths:
        path = Path(given)
        if path.is_dir():
            for root, dirs, files in os.walk(path):
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                for name in sorted(files):
                    if not name.startswith("."):
                        full = Path(root, name)
                        yield full, full.relative_to(path).as_posix()
        else:
            yield path, path.name


@dataclass(frozen=True, slots=True)
class _Prepared:
    path: Path
    document: NewDocument
    encoding: str
    changes: dict[str, int]


def prepare(path: Path, name: str, *, persian: bool, reflow: bool) -> _Prepared:
    """Read, decode and normalise one file (no database work)."""
    decoded = read_text_file(path)
    result = normalize(decoded.text, persian=persian, reflow=reflow)
    offsets = None if result.text == decoded.text else result.offsets.to_json()
    meta = {
        "source": str(path), "encoding": decoded.encoding, "imported_at": now(),
        "normalized": persian, "reflowed": reflow, "changes": result.changes,
    }
    document = NewDocument(name, result.text, decoded.text, _sha256(result.text),
                           _sha256(decoded.text), offsets, meta)
    return _Prepared(path, document, decoded.encoding, result.changes)


def import_files(repo: Repository, actor: str, paths: Iterable[str | Path], *,
                 normalize_text: bool | None = None, progress: Progress | None = None) -> ImportReport:
    """Import plain-text files and folders; every file gets one line in the report."""
    persian = repo.setting("normalize_plain_text", True) if normalize_text is None else normalize_text
    reflow = bool(persian and repo.setting("reflow", True))
    files = list(collect_files(paths))
    report = ImportReport()
    batch: list[_Prepared] = []
    size = 0
    for index, (path, name) in enumerate(files):
        if progress:
            progress(index, len(files), str(path))
        try:
            item = prepare(path, name, persian=persian, reflow=reflow)
        except BarchasbError as exc:
            report.results.append(FileResult(str(path), "skipped", _reason(exc, path)))
            continue
        batch.append(item)
        size += len(item.document.text) + len(item.document.raw)
        if len(batch) >= BATCH_FILES or size >= BATCH_BYTES:
            report.results.extend(_store(repo, actor, batch))
            batch, size = [], 0
    report.results.extend(_store(repo, actor, batch))
    if progress:
        progress(len(files), len(files), "")
    return report


def _store(repo: Repository, actor: str, batch: list[_Prepared]) -> list[FileResult]:
    if not batch:
        return []
    results = []
    with repo.action(actor):
        for item in batch:
            doc = item.document
            existing = repo.find_document(doc.content_hash, doc.raw_hash)
            if existing is not None:
                results.append(FileResult(str(item.path), "present", "already present",
                                          existing, item.encoding))
                continue
            with repo.db.atomic():  # a savepoint: this file whole or not at all
                doc_id = repo.insert_document(doc)
            results.append(FileResult(str(item.path), "imported", "", doc_id, item.encoding,
                                      item.changes))
    return results


def _reason(exc: BarchasbError, path: Path) -> str:
    message = str(exc)
    prefix = f"{path}: "
    return message[len(prefix):] if message.startswith(prefix) else message


def _sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()
