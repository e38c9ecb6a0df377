"""Importing plain-text documents into a project.

Files are read and normalised outside the database lock, then written in
order, in batches: one transaction per batch, so a file is stored whole or
not at all, and a file that cannot be read is reported and never takes its
batch down.

Persian normalisation is hazm-bound (about 1.2 MB/s on one core), so an
import of a megabyte or more normalises in worker processes, one per core
(`workers`), each handed runs of consecutive files; the parent keeps
the database writes, in file order, while the workers carry on. A worker
has hazm ready in about a second, so smaller imports stay in this process.
"""

from __future__ import annotations

import hashlib
import os
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from desktop.core.clock import now
from desktop.core.errors import BarchasbError, InputError, reason_of
from desktop.core.reasons import Reason, plain
from desktop.formats.plaintext import read_text_file
from desktop.paths import cache_dir
from desktop.storage.contract import ProjectStore
from desktop.storage.repository import NewDocument
from desktop.text.hazm_tables import use_cache_folder
from desktop.text.normalize import normalize
from desktop.text.tokens import TOKENIZER_VERSION, count_tokens
from desktop.workspace.imports.workers import file_size, prepared_in_workers

if TYPE_CHECKING:
    from desktop.workspace.session import Workspace

BATCH_FILES = 2000
PARALLEL_BATCH_FILES = 250  # about 0.8 MB: one durable transaction per ~0.3 s of the workers' work
BATCH_BYTES = 16 * 1024 * 1024
PARALLEL_MIN_BYTES = 1024 * 1024  # less than this normalises faster than workers start
MAX_WORKERS = 4  # each holds hazm's tables (a few hundred MB)

UNIFY_DIGITS_SETTING = "unify_digits"  # project setting: plain-text import makes digits Persian

Progress = Callable[[int, int, str], object]  # what it returns is ignored
Part = Callable[[float], object]  # how much of the current file is done, 0 to 1


@dataclass(frozen=True, slots=True)
class FileResult:
    path: str
    outcome: str  # imported, present, skipped
    reason: str = ""
    document_id: int | None = None
    encoding: str = ""
    changes: dict[str, int] = field(default_factory=dict)
    why: Reason | None = None  # why it was skipped (`reason` is its English)


@dataclass
class ImportReport:
    results: list[FileResult] = field(default_factory=list)

    def count(self, outcome: str) -> int:
        return sum(1 for r in self.results if r.outcome == outcome)

    @property
    def imported_ids(self) -> list[int]:
        return [r.document_id for r in self.results if r.outcome == "imported" and r.document_id is not None]

    def change_totals(self) -> dict[str, int]:
        totals: dict[str, int] = {}
        for result in self.results:
            for kind, n in result.changes.items():
                totals[kind] = totals.get(kind, 0) + n
        return dict(sorted(totals.items()))


def collect_files(paths: Iterable[str | Path]) -> Iterator[tuple[Path, str]]:
    """Each file to import with the name it will carry; folders are walked recursively."""
    for path, name in _walk(paths):
        yield Path(path), name


# What `Path` would rewrite in a POSIX path: an empty or "." part, a trailing slash, "".
_UNCLEAN = re.compile(r"//|/$|^$|(?:^|/)\.(?:/|$)")


def _walk(paths: Iterable[str | Path]) -> Iterator[tuple[str, str]]:
    """`collect_files` as strings: at 10,000 files, Path objects cost a third of the import."""
    for given in paths:
        path = os.fspath(given)
        if os.path.isdir(path):
            top = str(Path(path))
            for root, dirs, files in os.walk(top):
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                relative = os.path.relpath(root, top)
                prefix = "" if relative == "." else relative.replace(os.sep, "/") + "/"
                for name in sorted(files):
                    if not name.startswith("."):
                        yield os.path.join(root, name), prefix + name
        elif os.sep == "/" and not _UNCLEAN.search(path):
            yield path, path.rpartition("/")[2]  # what Path gives, at a tenth of the cost
        else:
            yield str(Path(path)), Path(path).name


@dataclass(frozen=True, slots=True)
class _Prepared:
    path: str
    document: NewDocument
    encoding: str
    changes: dict[str, int]
    tokens: int | None = None  # its token count, when normalised (the workers have the time)


def prepare(
    path: str | Path, name: str, *, persian: bool, reflow: bool, part: Part | None = None, unify_digits: bool = False
) -> _Prepared:
    """Read, decode and normalise one file (no database work); `part` hears how far
    the normalisation is."""
    path = str(path)
    decoded = read_text_file(path)
    raw = decoded.text
    if not persian and not reflow and not unify_digits and "\r" not in raw:
        text, offsets, changes = raw, None, {}  # what normalize() returns here, without the walk
    else:
        result = normalize(raw, persian=persian, reflow=reflow, unify_digits=unify_digits, progress=part)
        text, changes = result.text, result.changes
        offsets = None if text == raw else result.offsets.to_json()
    meta = {
        "source": path,
        "encoding": decoded.encoding,
        "imported_at": now(),
        "normalized": persian,
        "reflowed": reflow,
        "unified_digits": unify_digits,
        "changes": changes,
    }
    raw_hash = hashlib.sha256(decoded.utf8).hexdigest() if decoded.utf8 else _sha256(raw)
    content_hash = raw_hash if text == raw else _sha256(text)
    document = NewDocument(name, text, raw, content_hash, raw_hash, offsets, meta)
    # Counted where hazm already spends ~15x as long (kept for agreement: storage/token_counts.py);
    # a verbatim import is bound by its writes, and agreement counts its documents the first time.
    tokens = count_tokens(text) if persian else None
    return _Prepared(path, document, decoded.encoding, changes, tokens)


def plain_text_defaults(repo: ProjectStore) -> dict[str, bool]:
    """The project's defaults for `import_files`' `normalize_text` and `unify_digits`."""
    return {
        "normalize_text": bool(repo.setting("normalize_plain_text", True)),
        "unify_digits": bool(repo.setting(UNIFY_DIGITS_SETTING, False)),
    }


def import_files(
    workspace: Workspace,
    actor: str,
    paths: Iterable[str | Path],
    *,
    normalize_text: bool | None = None,
    progress: Progress | None = None,
    workers: int | None = None,
    part: Part | None = None,
    unify_digits: bool | None = None,
) -> ImportReport:
    """Import plain-text files and folders; every file gets one line in the report.

    `workers`: processes that normalise (None: one per core for a large
    Persian import, else none; 1: always in this process). `normalize_text`,
    `unify_digits`: None for the project's default (`plain_text_defaults`). `part` hears how far
    into a file normalisation is (files normalised here only).
    """
    repo = workspace.repo
    defaults = plain_text_defaults(repo)
    persian = defaults["normalize_text"] if normalize_text is None else normalize_text
    # Text that is not normalised is stored verbatim: its digits too.
    unify = bool(persian and (defaults["unify_digits"] if unify_digits is None else unify_digits))
    reflow = bool(persian and repo.setting("reflow", True))
    files = list(_walk(paths))
    if persian:
        use_cache_folder(cache_dir())  # hazm's tables, pickled once per machine
    report = ImportReport()
    batch: list[_Prepared] = []
    size = 0
    count = _worker_count(files, persian, workers)
    # With workers, store a few chunks' worth at a time: each store overlaps their work, and
    # what is left to store after the last file comes back is small.
    most = BATCH_FILES if count <= 1 else PARALLEL_BATCH_FILES
    for path, item in _prepared(files, persian, reflow, count, progress, part, unify):
        if isinstance(item, Reason):
            report.results.append(FileResult(path, "skipped", str(item), why=item))
            continue
        batch.append(item)
        size += len(item.document.text) + len(item.document.raw)
        if len(batch) >= most or size >= BATCH_BYTES:
            report.results.extend(_store(repo, actor, batch))
            batch, size = [], 0
    report.results.extend(_store(repo, actor, batch))
    if progress:
        progress(len(files), len(files), "")
    return report


# --- preparing files, here or in worker processes -------------------------------------------

Outcome = _Prepared | Reason  # prepared, or the reason the file is skipped


def _prepared(
    files: list[tuple[str, str]],
    persian: bool,
    reflow: bool,
    count: int,
    progress: Progress | None,
    part: Part | None = None,
    unify: bool = False,
) -> Iterator[tuple[str, Outcome]]:
    """Each file with its outcome, in order; `progress` hears of each file before it is stored.

    (Preparing in a thread instead, to overlap the database writes, made a
    10,000-file import 20% slower: the two threads convoy on the GIL.)
    """
    if count > 1:
        if progress:
            progress(0, len(files), "")  # the workers take a few seconds to load hazm
        outcomes = prepared_in_workers(files, count, persian, reflow, unify)
    else:
        outcomes = ((path, _attempt(path, name, persian, reflow, part, unify)) for path, name in files)
    yield from _announced(files, outcomes, progress, before=count <= 1)


def _announced(
    files: list[tuple[str, str]], outcomes: Iterator[tuple[str, Outcome]], progress: Progress | None, before: bool
) -> Iterator[tuple[str, Outcome]]:
    """`progress` for each file: before it is prepared here, or once it is back from a worker."""
    if progress is None:
        yield from outcomes
        return
    for index, (path, _) in enumerate(files):
        if before:
            progress(index, len(files), path)
        item = next(outcomes)
        if not before:
            progress(index, len(files), path)
        yield item


def _attempt(
    path: str, name: str, persian: bool, reflow: bool, part: Part | None = None, unify: bool = False
) -> Outcome:
    try:
        return prepare(path, name, persian=persian, reflow=reflow, part=part, unify_digits=unify)
    except BarchasbError as exc:
        return _reason(exc, path)


def prepare_chunk(chunk: list[tuple[str, str]], persian: bool, reflow: bool, unify: bool = False) -> list[Outcome]:
    """A worker's job: a run of consecutive files (see `workers`)."""
    return [_attempt(path, name, persian, reflow, None, unify) for path, name in chunk]


def _worker_count(files: list[tuple[str, str]], persian: bool, workers: int | None) -> int:
    if workers is not None:
        return max(1, min(workers, len(files)))
    cores = _cores()
    if not persian or cores < 2 or len(files) < 2:
        return 1  # one file: a worker would only add its start-up, and hide its progress
    total = 0
    for path, _ in files:  # enough Persian text to pay for starting the workers?
        total += file_size(path)
        if total >= PARALLEL_MIN_BYTES:
            return min(cores, MAX_WORKERS)
    return 1


def _cores() -> int:
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))  # the cores this process may use
    return os.cpu_count() or 1


# --- storing ------------------------------------------------------------------------------


def _store(repo: ProjectStore, actor: str, batch: list[_Prepared]) -> list[FileResult]:
    """One transaction for the batch: a file already in the project (or twice in the
    batch) is reported present, the others go in together, in order."""
    if not batch:
        return []
    found: list[tuple[_Prepared, int | None, _Prepared | None]] = []
    new: list[_Prepared] = []
    by_text: dict[str, _Prepared] = {}
    by_raw: dict[str, _Prepared] = {}
    with repo.action(actor):
        for item in batch:
            doc = item.document
            existing = repo.find_document(doc.content_hash, doc.raw_hash)
            twin = by_text.get(doc.content_hash)
            twin = by_raw.get(doc.raw_hash) if twin is None else twin
            if existing is None and twin is None:
                by_text.setdefault(doc.content_hash, item)
                by_raw.setdefault(doc.raw_hash, item)
                new.append(item)
            found.append((item, existing, twin))
        stored = dict(zip(map(id, new), repo.insert_documents([item.document for item in new])))
        counts = {stored[id(item)]: item.tokens for item in new if item.tokens is not None}
        repo.save_token_counts(counts, TOKENIZER_VERSION)
    results = []
    for item, existing, twin in found:
        if existing is None and twin is None:
            results.append(FileResult(item.path, "imported", "", stored[id(item)], item.encoding, item.changes))
        else:
            doc_id = existing if existing is not None else stored[id(twin)]
            results.append(FileResult(item.path, "present", "already present", doc_id, item.encoding))
    return results


def _reason(exc: BarchasbError, path: str) -> Reason:
    """The reason without the file name the report line already shows."""
    if isinstance(exc, InputError) and exc.path == path and exc.line is None:
        return exc.why
    whole = reason_of(exc)
    prefix = f"{path}: "  # another error whose message starts with the file name
    return plain(str(whole)[len(prefix) :]) if str(whole).startswith(prefix) else whole


def _sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()
