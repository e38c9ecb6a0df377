"""suggest: train, run and measure the suggesters; decide on suggestions.
gazetteer: list and edit the phrase lists the gazetteer suggester uses."""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING

from desktop.commands._common import one_line, print_json, project_argument
from desktop.core.errors import InputError
from desktop.paths import default_actor

if TYPE_CHECKING:
    from desktop.workspace.suggestions.evaluation import EvaluationReport


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("suggest", help="train, run and evaluate suggesters; accept or reject suggestions")
    project_argument(p)
    p.add_argument(
        "--train",
        action="store_true",
        help="train on --layer and store the model; with spaCy installed, the CRF and spaCy's NER are "
        "compared on held-out documents and the better one suggests",
    )
    p.add_argument(
        "--learner",
        choices=("auto", "crf", "spacy"),
        default="auto",
        help="--train: compare both (auto, the default) or train this one",
    )
    p.add_argument("--apply", action="store_true", help="run the suggesters, storing pending suggestions in your layer")
    p.add_argument(
        "--evaluate", action="store_true", help="precision/recall/F1 per label against --layer (nothing is stored)"
    )
    p.add_argument("--list", action="store_true", help="print pending suggestions")
    p.add_argument(
        "--queue",
        nargs="?",
        type=int,
        const=10,
        metavar="N",
        help="print the N (default 10) unlabelled documents the model is least sure of, stories spread",
    )
    p.add_argument("--accept", action="store_true", help="accept the pending suggestions the filters select")
    p.add_argument("--reject", action="store_true", help="reject them")
    p.add_argument("--layer", default="gold", help="train/evaluate on: gold (default) or an annotator's name")
    p.add_argument("--annotator", help="whose layer gets suggestions (default: you)")
    p.add_argument(
        "--sources",
        help="comma-separated: rules, rule:figure, rule:date, "
        "gazetteers, gazetteer:NAME, propagation, crf, spacy (default: all; of crf and spacy, the learner in use)",
    )
    p.add_argument("--documents", help="comma-separated document ids (default: all)")
    p.add_argument("--labels", help="--list/--accept/--reject: only these labels")
    p.add_argument("--min-score", type=float, default=0.0, help="--accept: only this confident")
    p.add_argument(
        "--holdout",
        type=float,
        metavar="SHARE",
        help="--evaluate: hold out this share of documents (e.g. 0.2) and train a fresh CRF on the rest",
    )
    p.add_argument("--seed", type=int, default=0, help="seed of the held-out split (default 0)")
    p.add_argument("--iterations", type=int, help="CRF training iterations (default 150)")
    p.add_argument(
        "--rule-labels",
        metavar="KIND=LABEL,...",
        help="map rule kinds money, percent, quantity, date to labels (empty: off)",
    )
    _register_model(p)
    _register_trust(p)
    p.add_argument("--json", action="store_true", help="print JSON")
    p.add_argument("--quiet", "-q", action="store_true", help="no progress on stderr")
    p.set_defaults(run=run_suggest)
    _register_gazetteer(sub)


def _register_model(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--model",
        metavar="FOLDER",
        help="run a local Hugging Face token-classification model (needs barchasb[transformers]); "
        "pending suggestions from source model:FOLDER-NAME",
    )
    p.add_argument(
        "--map",
        action="append",
        metavar="MODEL=LABEL",
        help="--model: the project label a model type becomes (empty: ignore it); repeat or comma-separate. "
        "Default: the same name, and PER/ORG/LOC to the scheme's person, organisation and place",
    )


def _register_trust(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--source-report",
        action="store_true",
        help="per source: accepted, rejected, pending, precision; muted and weak sources marked",
    )
    p.add_argument("--mute", metavar="SOURCE,...", help="hide these sources' suggestions and leave them out of runs")
    p.add_argument("--unmute", metavar="SOURCE,...", help="bring muted sources back")
    p.add_argument("--mute-weak", action="store_true", help="mute every weak source (see --source-report)")
    p.add_argument(
        "--weak-below",
        type=float,
        metavar="PRECISION",
        help="a source with enough decisions is weak under this precision (0-1, default 0.5)",
    )


def _register_gazetteer(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("gazetteer", help="list and edit gazetteers (phrase lists mapped to labels)")
    project_argument(p)
    p.add_argument(
        "action",
        nargs="?",
        default="list",
        choices=("list", "show", "add", "remove", "create", "delete", "import", "export"),
    )
    p.add_argument(
        "values",
        nargs="*",
        metavar="ARG",
        help="show NAME | add/remove NAME ENTRY... | create NAME LABEL [ENTRY...] | "
        "delete NAME | import FILE... | export NAME FILE",
    )
    p.set_defaults(run=run_gazetteer)


def run_suggest(args: argparse.Namespace) -> int:
    from desktop.workspace import Workspace

    trust = (args.source_report, args.mute, args.unmute, args.mute_weak, args.weak_below is not None)
    asked = (args.train, args.apply, args.evaluate, args.list, args.accept, args.reject, args.rule_labels)
    if args.map and not args.model:
        raise InputError("--map maps a --model's types: name the model folder with --model")
    if not any((*asked, args.queue is not None, args.model, *trust)):
        raise InputError(
            "say what to do: --train, --apply, --model, --evaluate, --list, --queue, --accept, --reject "
            "or --source-report"
        )
    workspace = Workspace.open(args.project, args.annotator or default_actor())
    try:
        return _suggest(workspace, args)
    finally:
        workspace.close()


def _suggest(workspace, args: argparse.Namespace) -> int:
    from desktop.workspace.suggestions.decisions import Suggestions

    suggestions = Suggestions(workspace)
    out: dict[str, object] = {}  # what --json prints, one entry per action asked for
    if args.rule_labels:
        suggestions.set_rule_labels(_mapping(args.rule_labels))
        out["rule_labels"] = suggestions.rule_labels()
    if args.train:
        out["train"] = _train(workspace, args)
    if args.apply:
        report = suggestions.run_suggesters(
            _ids(args.documents), _list(args.sources), None if args.quiet else _progress
        )
        out["apply"] = report.as_dict()
    if args.model:
        out["model"] = _model(workspace, args)
    if args.accept or args.reject:
        out["decided"] = _decide(suggestions, args)
    if args.evaluate:
        out["evaluate"] = _evaluate(workspace, args)
    if args.list:
        out["pending"] = _pending(workspace, suggestions, args)
    if args.queue is not None:
        out["queue"] = _queue(workspace, args.queue)
    _trust(workspace, suggestions, args, out)
    if args.json:
        print_json(out)
    else:
        _print_summary(out)
    return 0


def _train(workspace, args: argparse.Namespace) -> dict:
    from desktop.workspace.suggestions.learners import train_and_choose

    params = {"max_iterations": args.iterations} if args.iterations else None
    choice = train_and_choose(
        workspace, args.layer, args.learner, None if args.quiet else _progress, seed=args.seed, crf_params=params
    )
    model = choice.models[choice.learner]
    return {"layer": args.layer, "labels": list(model.labels), **model.meta, **choice.as_dict()}


def _model(workspace, args: argparse.Namespace) -> dict:
    from desktop.workspace.suggestions.model_run import run_model

    mapping = _model_map(args.map or [])
    report = run_model(workspace, args.model, mapping, _ids(args.documents), None if args.quiet else _progress)
    return {"source": report.sources[0], **report.as_dict()}


def _model_map(values: list[str]) -> dict[str, str | None]:
    out: dict[str, str | None] = {}
    for part in (p for value in values for p in _list(value) or []):
        kind, found, label = part.partition("=")
        if not found or not kind.strip():
            raise InputError(f"--map wants MODEL=LABEL (an empty LABEL ignores the type), got {part!r}")
        out[kind.strip()] = label.strip() or None
    return out


def _evaluate(workspace, args: argparse.Namespace) -> dict:
    from desktop.workspace.suggestions.evaluation import evaluate_suggesters

    params = {"max_iterations": args.iterations} if args.iterations else None
    report = evaluate_suggesters(
        workspace,
        args.layer,
        _list(args.sources),
        holdout=args.holdout,
        seed=args.seed,
        document_ids=_ids(args.documents),
        crf_params=params,
        progress=None if args.quiet else _say,
    )
    if not args.json:
        print(format_evaluation(report))
    return report.as_dict()


def _queue(workspace, limit: int) -> list[dict]:
    from desktop.workspace.suggestions.queue import uncertainty_queue

    return [{"document": e.document, "name": e.name, "score": e.score} for e in uncertainty_queue(workspace, limit)]


def _decide(suggestions, args: argparse.Namespace) -> dict:
    where = {
        "document_ids": _ids(args.documents),
        "labels": _list(args.labels),
        "sources": _list(args.sources),
        "min_score": args.min_score,
    }
    decide = suggestions.accept_suggestions if args.accept else suggestions.reject_suggestions
    changes = decide(**where)
    return {
        "description": changes.description,
        "spans_added": len(changes.spans_added),
        "documents": sorted(changes.suggestions_changed),
    }


def _pending(workspace, suggestions, args: argparse.Namespace) -> list[dict]:
    rows = []
    for doc in _ids(args.documents) or [d.id for d in workspace.document_infos()]:
        text = workspace.document_text(doc)
        for s in suggestions.suggestions(doc, labels=_list(args.labels), sources=_list(args.sources)):
            rows.append(
                {
                    "id": s.id,
                    "document": doc,
                    "start": s.start,
                    "end": s.end,
                    "label": s.label,
                    "source": s.source,
                    "score": s.score,
                    "text": text[s.start : s.end],
                }
            )
    return rows


def _print_summary(out: dict) -> None:
    if "rule_labels" in out:
        print("rule labels: " + ", ".join(f"{k}={v or '-'}" for k, v in out["rule_labels"].items()))
    if "train" in out:
        t = out["train"]
        print(
            f"trained {t['learner']} on layer {t['layer']}: {t['documents']} documents, "
            f"labels {', '.join(t['labels'])}\nlearner in use: {t['reason']}"
        )
    if "apply" in out:
        a = out["apply"]
        added = ", ".join(f"{s} {n}" for s, n in sorted(a["added"].items())) or "none"
        print(
            f"suggested in {a['documents']} documents: new {added}; removed {a['removed']} "
            f"stale; skipped {a['decided']} decided and {a['labelled']} already labelled"
        )
    if "model" in out:
        m = out["model"]
        print(
            f"{m['source']} suggested in {m['documents']} documents: new {m['added'].get(m['source'], 0)}; "
            f"removed {m['removed']} stale; skipped {m['decided']} decided and {m['labelled']} already labelled"
        )
    if "decided" in out:
        print(out["decided"]["description"] or "nothing to decide")
    for row in out.get("sources", []):
        print(_source_line(row))
    for row in out.get("queue", []):
        print(f"{row['score']:.4f}  {row['document']:>6}  {one_line(row['name'])}")
    for row in out.get("pending", []):
        print(
            f"{row['id']:>7}  doc {row['document']:<5} {row['label']:<14} {row['score']:.2f}  "
            f"{row['source']:<20} {row['text']}"
        )


def _trust(workspace, suggestions, args: argparse.Namespace, out: dict) -> None:
    """--weak-below, --mute, --unmute, --mute-weak (in that order), then --source-report."""
    from desktop.workspace.suggestions.trust import set_threshold

    if args.weak_below is not None:
        set_threshold(workspace, args.weak_below)
    if args.mute:
        suggestions.set_muted(_checked_sources(_list(args.mute) or []), True)
    if args.unmute:
        suggestions.set_muted(_checked_sources(_list(args.unmute) or []), False)
    if args.mute_weak:
        suggestions.mute_weak()
    if args.source_report or args.mute or args.unmute or args.mute_weak:
        out["sources"] = [r.as_dict() for r in suggestions.source_records()]


def _checked_sources(names: list[str]) -> list[str]:
    from desktop.core.suggestion import check_source

    try:
        return [check_source(n) for n in names]
    except ValueError as exc:
        raise InputError(f"--mute/--unmute: {exc}") from exc


def _source_line(row: dict) -> str:
    precision = "-" if row["precision"] is None else f"{row['precision']:.0%}"
    marks = " ".join(m for m in ("muted" if row["muted"] else "", "weak" if row["weak"] else "") if m)
    return (
        f"{row['source']:<24} accepted {row['accepted']:>5}  rejected {row['rejected']:>5}  "
        f"pending {row['pending']:>5}  precision {precision:>4}  {marks}"
    ).rstrip()


def _progress(done: int, total: int, what: str) -> None:
    """A self-rewriting progress line, on a terminal only (logs get no carriage returns);
    the document name is escaped, the carriage return is the line's own."""
    terminal = sys.__stderr__
    if terminal is None or not terminal.isatty():
        return
    terminal.write(f"\r{done}/{total} {one_line(what)[:60]:<60}" + ("" if done < total else "\n"))
    terminal.flush()


def _say(message: str) -> None:
    print(message, file=sys.stderr)


def _list(value: str | None) -> list[str] | None:
    return None if value is None else [v.strip() for v in value.split(",") if v.strip()]


def _ids(value: str | None) -> list[int] | None:
    try:
        return None if value is None else [int(v) for v in _list(value) or []]
    except ValueError as exc:
        raise InputError(f"--documents takes comma-separated ids, got {value!r}") from exc


def _mapping(value: str) -> dict[str, str | None]:
    out = {}
    for part in _list(value) or []:
        kind, _, label = part.partition("=")
        if kind not in ("money", "percent", "quantity", "date"):
            raise InputError(f"--rule-labels: unknown kind {kind!r} (money, percent, quantity, date)")
        out[kind] = label.strip() or None
    return out


def run_gazetteer(args: argparse.Namespace) -> int:
    from desktop.commands.gazetteer import run

    return run(args)


def format_evaluation(report: EvaluationReport) -> str:
    """The evaluation as plain-text tables, one per suggester."""
    head = f"layer {report.layer}: {report.documents} documents evaluated"
    if report.trained_on:
        head += f" (held out; the CRF and propagation learned from the other {report.trained_on})"
    return "\n\n".join([head] + [e.table(source) for source, e in report.by_source.items()])
