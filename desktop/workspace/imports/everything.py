"""Importing files of any supported format, as the window's Import action does."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from desktop.core.reasons import Reason, plain
from desktop.workspace.imports.annotated import BadRecord, FileImport, ImportOptions, import_paths, split_paths
from desktop.workspace.imports.plain import import_files
from desktop.workspace.imports.progress import FileProgress

if TYPE_CHECKING:
    from desktop.workspace.session import Workspace


@dataclass
class ImportSummary:
    """What the window shows after an import, in values it words itself (desktop/qt/import_problems.py):
    the bad records skipped (`file:line: reason`), and the files refused for bad records that have
    valid ones (the user may import those)."""

    problems: list[Reason]  # each `file:line: reason`
    refused: list[FileImport] = field(default_factory=list)
    # documents, present, skipped, spans, duplicates, bad_records (skipped in files imported),
    # suggestions (Label Studio predictions added as pending suggestions), predictions (counted, left out),
    # predictions_by_id (asked for, but listed by id only: not in the file)
    counts: dict[str, int] = field(default_factory=dict)
    skipped: list[tuple[str, Reason]] = field(default_factory=list)  # (path, reason), for the UI's own words
    unit_notes: int = 0  # doccano records read in the default unit where the unit matters
    unnamed_layers: list[str] = field(default_factory=list)  # Label Studio users named ls-ID


def import_everything(
    workspace: Workspace,
    actor: str,
    paths: Iterable[str | Path],
    progress: Callable[[int, int, str], object] | None = None,
    *,
    skip_invalid: bool = False,
    normalize_text: bool | None = None,
    unify_digits: bool | None = None,
    offsets: str | None = None,
    annotator_map: tuple = (),
    predictions: bool = False,
) -> ImportSummary:
    """Import plain and annotated files (a worker thread passes a workspace of its own:
    see desktop/qt/file_commands.py). `progress` moves within a large file too (see
    `progress`); `skip_invalid` imports the valid records of files that have bad ones.
    `normalize_text`, `unify_digits`: plain text only, None for the project's default
    (annotated files keep their text verbatim, as `barchasb import` does by default).
    `offsets`: the unit of doccano files (utf16, codepoints; None: not stated, utf16).
    `annotator_map`: (KEY, NAME) pairs naming Label Studio users' layers (`--annotator-map`).
    `predictions`: store Label Studio predictions as pending suggestions (`--predictions suggestions`;
    else they are counted)."""
    meter = FileProgress(progress) if progress else None
    steps = meter.file if meter else None
    part = meter.part if meter else None
    plain, annotated = split_paths(list(paths), "auto")
    report = import_files(
        workspace, actor, plain, progress=steps, part=part, normalize_text=normalize_text, unify_digits=unify_digits
    )
    options = ImportOptions(
        "auto", skip_invalid=skip_invalid, offsets=offsets, annotator_map=tuple(annotator_map), predictions=predictions
    )
    results = import_paths(workspace, actor, annotated, options, steps, part)
    refused = [r for r in results if _may_import_part(r)]
    others = [r for r in results if not _may_import_part(r)]
    # The user who chose to skip the bad records has seen them listed already.
    problems = [] if skip_invalid else [bad.located(r.path) for r in others for bad in _listed(r)]
    notes = sum(len(r.offset_notes) for r in others if r.outcome != "skipped")
    unnamed = [name for r in others for name in r.unnamed_layers]
    return ImportSummary(
        problems,
        refused,
        _counts(report, results),
        _skipped(report, others),
        notes,
        list(dict.fromkeys(unnamed)),
    )


def _counts(report, results: list[FileImport]) -> dict[str, int]:
    return {
        "bad_records": sum(len(_listed(r)) for r in results),
        "documents": report.count("imported") + sum(len(r.documents_added) for r in results),
        "present": report.count("present") + sum(r.documents_present for r in results),
        "skipped": report.count("skipped") + sum(1 for r in results if r.outcome == "skipped"),
        "spans": sum(r.spans_added for r in results),
        "duplicates": sum(r.spans_duplicate for r in results),
        "suggestions": sum(r.suggestions_added for r in results if r.outcome != "skipped"),
        "predictions": sum(r.predictions_counted for r in results if r.outcome != "skipped"),
        "predictions_by_id": sum(r.predictions_by_id for r in results if r.outcome != "skipped"),
    }


def _skipped(report, results: list[FileImport]) -> list[tuple[str, Reason]]:
    return [(r.path, r.why or plain(r.reason)) for r in report.results if r.outcome == "skipped"] + [
        (r.path, r.why or plain(r.reason)) for r in results if r.outcome == "skipped"
    ]


def _listed(result: FileImport) -> list[BadRecord]:
    """The bad records skipped in a file that was imported (a skipped file's are not)."""
    return [] if result.outcome == "skipped" else result.bad_records


def _may_import_part(result: FileImport) -> bool:
    return result.outcome == "skipped" and bool(result.valid_records and result.bad_records)
