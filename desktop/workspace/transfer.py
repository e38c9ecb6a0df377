"""Importing files of any supported format, as the window's Import action does."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from desktop.storage.repository import Repository
from desktop.workspace.import_progress import FileProgress
from desktop.workspace.importing import import_files
from desktop.workspace.transfer_import import FileImport, ImportOptions, import_paths, split_paths
from desktop.workspace.transfer_text import import_lines


@dataclass
class ImportSummary:
    """What the window shows after an import: report lines, problem lines, and the
    files refused for bad records that have valid ones (the user may import those)."""

    lines: list[str]
    problems: list[str]
    refused: list[FileImport] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)  # documents, present, skipped, spans, duplicates
    skipped: list[tuple[str, str]] = field(default_factory=list)  # (path, reason), for the UI's own words
    unit_notes: int = 0  # doccano records read in the default unit where the unit matters
    unnamed_layers: list[str] = field(default_factory=list)  # Label Studio users named ls-ID


def import_everything(
    project: Path,
    actor: str,
    paths: Iterable[str | Path],
    progress: Callable[[int, int, str], object] | None = None,
    *,
    skip_invalid: bool = False,
    normalize_text: bool | None = None,
    unify_digits: bool | None = None,
    offsets: str | None = None,
    annotator_map: tuple = (),
) -> ImportSummary:
    """Import plain and annotated files through a connection of its own (safe in a
    worker thread). `progress` moves within a large file too (see `import_progress`);
    `skip_invalid` imports the valid records of files that have bad ones.
    `normalize_text`, `unify_digits`: plain text only, None for the project's default
    (annotated files keep their text verbatim, as `barchasb import` does by default).
    `offsets`: the unit of doccano files (utf16, codepoints; None: not stated, utf16).
    `annotator_map`: (KEY, NAME) pairs naming Label Studio users' layers (`--annotator-map`)."""
    meter = FileProgress(progress) if progress else None
    steps = meter.file if meter else None
    part = meter.part if meter else None
    repo = Repository.open(project)
    try:
        plain, annotated = split_paths(list(paths), "auto")
        report = import_files(
            repo, actor, plain, progress=steps, part=part, normalize_text=normalize_text, unify_digits=unify_digits
        )
        options = ImportOptions("auto", skip_invalid=skip_invalid, offsets=offsets, annotator_map=tuple(annotator_map))
        results = import_paths(repo, actor, annotated, options, steps, part)
    finally:
        repo.close()
    refused = [r for r in results if _may_import_part(r)]
    others = [r for r in results if not _may_import_part(r)]
    lines, problems = import_lines(report, others, quiet=True, hint=False)
    if skip_invalid:  # the user chose to skip the bad records already listed to them
        listed = {bad.describe(r.path) for r in others for bad in r.bad_records}
        problems = [line for line in problems if line not in listed]
    notes = sum(len(r.offset_notes) for r in others if r.outcome != "skipped")
    unnamed = [name for r in others for name in r.unnamed_layers]
    return ImportSummary(
        lines,
        problems,
        refused,
        _counts(report, results),
        _skipped(report, others),
        notes,
        list(dict.fromkeys(unnamed)),
    )


def _counts(report, results: list[FileImport]) -> dict[str, int]:
    return {
        "documents": report.count("imported") + sum(len(r.documents_added) for r in results),
        "present": report.count("present") + sum(r.documents_present for r in results),
        "skipped": report.count("skipped") + sum(1 for r in results if r.outcome == "skipped"),
        "spans": sum(r.spans_added for r in results),
        "duplicates": sum(r.spans_duplicate for r in results),
    }


def _skipped(report, results: list[FileImport]) -> list[tuple[str, str]]:
    return [(r.path, r.reason) for r in report.results if r.outcome == "skipped"] + [
        (r.path, r.reason) for r in results if r.outcome == "skipped"
    ]


def _may_import_part(result: FileImport) -> bool:
    return result.outcome == "skipped" and bool(result.valid_records and result.bad_records)
