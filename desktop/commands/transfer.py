"""import and export: plain text and annotated files in, training data out."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from desktop.commands._common import EXIT_PARTIAL, project_argument
from desktop.core.errors import InputError
from desktop.formats.detect import IMPORT_FORMATS
from desktop.formats.offsets import UNITS
from desktop.formats.writing import DEFAULT_INNER_SPACE, FORMATS, INNER_SPACES
from desktop.paths import default_actor

if TYPE_CHECKING:  # loaded when the command runs: building the parser stays light
    from desktop.workspace.imports.annotated import FileImport
    from desktop.workspace.imports.plain import ImportReport

POLICIES = ("ask", "expand", "contract", "skip")
SHOWN_PROBLEMS = 20


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("import", help="import plain text, or annotated files (jsonl, doccano, label-studio, conll)")
    project_argument(p)
    p.add_argument("paths", nargs="+", metavar="FILE", help="files or folders (recursive)")
    p.add_argument(
        "--format",
        "-f",
        choices=IMPORT_FORMATS,
        default="auto",
        help="auto (default): from extension and content; .txt and folders are text",
    )
    p.add_argument(
        "--annotator", help="attribute imported spans to NAME (default: the annotator the file names, else you)"
    )
    p.add_argument(
        "--annotator-map",
        action="append",
        default=[],
        metavar="KEY=NAME",
        help="put the annotator KEY names in NAME's layer; for Label Studio KEY is "
        "a user id or e-mail (default: the e-mail, else ls-ID); repeatable",
    )
    p.add_argument(
        "--tags", choices=("auto", "bio", "bioes", "iob1"), default="auto", help="CoNLL tag scheme (default: detected)"
    )
    group = p.add_mutually_exclusive_group()
    group.add_argument(
        "--normalize",
        dest="normalize",
        action="store_true",
        default=None,
        help="normalise Persian text (plain text: the project's default; "
        "annotated files: spans are mapped onto the new text)",
    )
    group.add_argument(
        "--no-normalize",
        dest="normalize",
        action="store_false",
        help="store the text verbatim (only line endings become \\n in plain text)",
    )
    p.add_argument(
        "--unify-digits",
        action=argparse.BooleanOptionalAction,
        default=None,
        help="plain text: make the digits of numbers Persian (2025 -> ۲۰۲۵); default: "
        "the project's (barchasb init --unify-digits), else every digit is kept",
    )
    p.add_argument(
        "--offsets",
        choices=UNITS,
        default=None,
        help="doccano files: the unit their offsets count, utf16 (default: as doccano's "
        "web UI counts) or codepoints; unstated, records where it matters are listed",
    )
    p.add_argument(
        "--skip-invalid",
        action="store_true",
        help="import the valid records of an annotated file and list the bad ones "
        "(default: a file with a bad record is not imported)",
    )
    p.add_argument(
        "--predictions",
        choices=("ignore", "suggestions"),
        default="ignore",
        help="Label Studio predictions: ignore (default: counted only) or import them as pending "
        "suggestions in your layer (or --annotator's), source label-studio:MODEL_VERSION, score kept",
    )
    p.add_argument("--quiet", "-q", action="store_true", help="print only problems and the summary")
    p.set_defaults(run=run_import)
    _register_export(sub)


def _register_export(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "export", help="write spans as training data (jsonl, doccano, label-studio, hf, conll, spacy, brat, rel-table)"
    )
    project_argument(p)
    p.add_argument("--format", "-f", choices=FORMATS, default="jsonl")
    p.add_argument(
        "--output",
        "-o",
        type=Path,
        required=True,
        metavar="OUT",
        help="the file to write (a folder with --split, and for brat)",
    )
    p.add_argument("--tokens", action="store_true", help="jsonl: add tokens and token_start/end")
    p.add_argument(
        "--relations",
        action="store_true",
        help="doccano: write the relation shape (entities + relations) even if the project has no relations",
    )
    p.add_argument(
        "--window",
        type=int,
        default=None,
        metavar="N",
        help="rel-table: candidate pairs within N sentences (0: the same sentence; default: the whole document)",
    )
    p.add_argument("--negatives", action="store_true", help="rel-table: unrelated candidate pairs too (no_relation)")
    p.add_argument(
        "--layer",
        default="all",
        help="all (default, annotators kept), gold, or an annotator's name (annotator:NAME also works)",
    )
    p.add_argument(
        "--status",
        action="append",
        choices=("new", "in_progress", "done"),
        help="only documents (and layers) with this status; repeatable",
    )
    p.add_argument(
        "--reviewed", action="store_true", help="only reviewed documents, gold layer only (--layer gold --status done)"
    )
    p.add_argument("--labels", help="only these labels, comma-separated")
    p.add_argument(
        "--map",
        action="append",
        default=[],
        metavar="OLD=NEW",
        help="rename a label (two OLDs to one NEW merge them); repeatable",
    )
    p.add_argument("--split", metavar="TRAIN,DEV,TEST", help="weights, e.g. 80,10,10 or 90,10")
    p.add_argument("--seed", type=int, default=0, help="seed of the split (default 0)")
    p.add_argument("--scheme", choices=("bio", "bioes"), default="bio", help="hf, conll tags")
    p.add_argument(
        "--unit",
        choices=("sentence", "document"),
        default="sentence",
        help="hf, conll: one record per sentence (default) or per document",
    )
    p.add_argument(
        "--misaligned",
        choices=POLICIES,
        default="ask",
        help="spans off token boundaries: expand, contract or skip (default: stop and ask)",
    )
    p.add_argument(
        "--overlapping",
        choices=("ask", "skip"),
        default="ask",
        help="overlaps hf/conll cannot express: skip all but the longest (default: ask)",
    )
    p.add_argument("--docstart", action="store_true", help="conll: -DOCSTART- before each document")
    p.add_argument(
        "--inner-space",
        choices=tuple(INNER_SPACES),
        default=DEFAULT_INNER_SPACE,
        help="conll: a space inside a token (PEYMA's `ثبت نام`) is written as ZWNJ "
        "(default; whitespace-splitting readers such as spacy convert need it), "
        "underscore, or kept",
    )
    p.add_argument(
        "--offsets",
        choices=UNITS,
        default=None,
        help="doccano: count offsets in utf16 units (default: as doccano's web UI does) "
        "or codepoints; unstated, records where it matters are listed",
    )
    p.add_argument("--report", type=Path, metavar="FILE", help="write the full report as JSON")
    p.add_argument("--quiet", "-q", action="store_true", help="print only problems and the summary")
    p.set_defaults(run=run_export)


def run_import(args: argparse.Namespace) -> int:
    from desktop.commands.transfer_text import import_lines, unit_note_lines
    from desktop.workspace import Workspace
    from desktop.workspace.imports.annotated import ImportOptions, import_paths, split_paths
    from desktop.workspace.imports.annotators import parse_annotator_map
    from desktop.workspace.imports.plain import import_files

    if args.normalize is False and args.unify_digits:
        raise InputError("--unify-digits works on normalised text; --no-normalize stores it verbatim")
    if args.offsets and args.format not in ("auto", "doccano"):
        raise InputError(f"--offsets is for doccano files; {args.format} offsets are always code points")
    if args.annotator and args.annotator_map:
        raise InputError(
            "--annotator puts every span in one layer; --annotator-map names several: use one or the other"
        )
    options = ImportOptions(
        args.format,
        args.annotator,
        bool(args.normalize),
        args.tags,
        args.skip_invalid,
        offsets=args.offsets,
        annotator_map=parse_annotator_map(args.annotator_map),
        predictions=args.predictions == "suggestions",
    )
    workspace = Workspace.open(args.project)
    try:
        plain, annotated = split_paths(args.paths, args.format)
        actor = default_actor()
        report = import_files(workspace, actor, plain, normalize_text=args.normalize, unify_digits=args.unify_digits)
        results = import_paths(workspace, actor, annotated, options)
    finally:
        workspace.close()
    out, err = import_lines(report, results, args.quiet)
    _print(out, err)
    notes = [note for r in results if r.outcome != "skipped" for note in r.offset_notes]
    _print([], unit_note_lines(notes, written=False))
    return EXIT_PARTIAL if _files_skipped(report, results) else 0


def _files_skipped(plain: ImportReport, annotated: list[FileImport]) -> bool:
    """Whether a whole file was left out: 3. Bad records `--skip-invalid` left out of
    an imported file were asked for, and unit warnings are not a partial import: 0."""
    return bool(plain.count("skipped")) or any(r.outcome == "skipped" for r in annotated)


def run_export(args: argparse.Namespace) -> int:
    from desktop.commands.transfer_text import export_lines, problem_lines, unit_note_lines
    from desktop.formats.align import Policy
    from desktop.storage.export_source import Selection
    from desktop.workspace.export.project import ExportOptions, export_project
    from desktop.workspace.export.report import ExportNeedsChoice
    from desktop.workspace.session import Workspace

    selection = Selection(*_layer_and_statuses(args), _labels(args.labels), _mapping(args.map))
    options = ExportOptions(
        args.format,
        selection,
        _split(args.split),
        args.seed,
        args.tokens,
        args.scheme,
        args.unit,
        Policy(args.misaligned),
        Policy(args.overlapping),
        args.docstart,
        inner_space=args.inner_space,
        offsets=args.offsets,
        relations=args.relations,
        window=args.window,
        negatives=args.negatives,
    )
    workspace = Workspace.open(args.project)
    try:
        report = export_project(workspace, options, args.output)
    except ExportNeedsChoice as exc:
        _print([], problem_lines(exc.report, SHOWN_PROBLEMS))
        _write_report(args.report, exc.report)
        raise
    finally:
        workspace.close()
    _write_report(args.report, report)
    _print(*export_lines(report, args.quiet, SHOWN_PROBLEMS))
    _print([], unit_note_lines(report.offset_notes, written=True))
    return EXIT_PARTIAL if report.skipped_unasked else 0  # skips the user chose are the export asked for


def _print(out: list[str], err: list[str]) -> None:
    for line in err:
        print(line, file=sys.stderr)
    for line in out:
        print(line)


def _layer_and_statuses(args: argparse.Namespace) -> tuple[str, tuple[str, ...]]:
    """--reviewed is the gold layer's `done` status: the review status of a document."""
    if not args.reviewed:
        return args.layer, tuple(args.status or ())
    if args.layer not in ("all", "gold") or args.status:
        raise InputError(
            "--reviewed exports the gold layer of reviewed documents; "
            "it cannot be combined with another --layer or --status"
        )
    return "gold", ("done",)


def _labels(value: str | None) -> tuple[str, ...]:
    return tuple(part.strip() for part in (value or "").split(",") if part.strip())


def _mapping(pairs: list[str]) -> dict[str, str]:
    mapping = {}
    for pair in pairs:
        old, eq, new = pair.partition("=")
        if not eq or not old.strip() or not new.strip():
            raise InputError(f"--map wants OLD=NEW, got {pair!r}")
        mapping[old.strip()] = new.strip()
    return mapping


def _split(value: str | None) -> tuple[float, ...]:
    if not value:
        return ()
    try:
        return tuple(float(part) for part in value.split(","))
    except ValueError as exc:
        raise InputError(f"--split wants weights like 80,10,10, got {value!r}") from exc


def _write_report(path: Path | None, report) -> None:
    if path is not None:
        path.write_text(json.dumps(report.as_dict(), ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
