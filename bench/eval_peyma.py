"""Measure the suggesters on PEYMA: `.venv/bin/python bench/eval_peyma.py`.

Imports PEYMA (../shared/data/peyma-nsurl2019/300K, read in place, never
copied) into a temporary project as the layer `peyma`, maps the rule kinds
to PEYMA's tags (money → MON, percent → PCT, date → DAT; quantities are not
tagged in PEYMA, so that rule is off), then prints:

1. the figure and date rules on every document, against MON, PCT and DAT;
2. the CRF trained on 80% of the documents (seeded split), on the other 20%,
   per label and the micro F1 of PER, ORG and LOC, with its training CPU time
   (word clusters apart) and apply CPU ms per 3 KB (bench/crf_eval.py);
3. that model on Arman and ParsTwiNER (bench/ner_corpora.py, PER/ORG/LOC);
4. with `--curve`, the learning curve (25, 50, 100, 200, 400 and all training
   documents), also drawn as docs/learning-curve.png (`--png` elsewhere).

It exits non-zero if a number falls below the bar the project set
(MON, PCT ≥ 0.85; DAT ≥ 0.75; CRF PER/ORG/LOC micro ≥ 0.75).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))  # crf_eval, ner_corpora, learning_curve_plot

PEYMA = ROOT.parent / "shared" / "data" / "peyma-nsurl2019" / "300K"
RULE_LABELS = {"money": "MON", "percent": "PCT", "date": "DAT", "quantity": None}
CURVE_JSON = ROOT / "bench" / "out" / "learning-curve.json"
CURVE = (25, 50, 100, 200, 400)
BARS = {"MON": 0.85, "PCT": 0.85, "DAT": 0.75, "PER/ORG/LOC": 0.75}
ENTITIES = ("PER", "ORG", "LOC")


def peyma_files(limit: int | None = None) -> list[Path]:
    """PEYMA's documents in numeric order (1.txt, 2.txt, ...), the first `limit`."""
    files = sorted(PEYMA.glob("*.txt"), key=lambda p: int(p.stem))
    return files[:limit] if limit else files


def peyma_workspace(path: Path, limit: int | None = None):
    """A new project at `path` holding PEYMA as the layer `peyma`, rules mapped to its tags."""
    from desktop.workspace import Workspace
    from desktop.workspace.imports.annotated import ImportOptions, import_paths
    from desktop.workspace.suggestions.decisions import Suggestions

    workspace = Workspace.create(path)
    workspace.set_annotator("bench")
    files = [(p, f"peyma/{p.name}") for p in peyma_files(limit)]
    results = import_paths(workspace, "bench", files, ImportOptions(format="conll", annotator="peyma"))
    skipped = [r for r in results if r.outcome != "imported"]
    if skipped:
        raise SystemExit(f"PEYMA import skipped {len(skipped)} files: {skipped[0].reason}")
    Suggestions(workspace).set_rule_labels(RULE_LABELS)
    return workspace


def evaluate(workspace, args) -> tuple[object, dict]:
    """(rules report, CRF facts) against the layer `peyma`."""
    from crf_eval import CrfBench, per_label, score
    from ner_corpora import corpora

    from desktop.workspace.suggestions.evaluation import evaluate_suggesters

    params = {"max_iterations": args.iterations} if args.iterations else None
    bench = CrfBench(workspace, "peyma", args.holdout, args.seed, params)
    if args.curve_only:  # a share of the curve's points, e.g. in a parallel process; nothing else
        return None, {"curve": bench.curve(None, [n for n in args.curve_sizes if n])}
    rules = evaluate_suggesters(workspace, "peyma", ["rules"])
    model, seconds = bench.train(bench.train_ids)
    evaluation, apply_ms = bench.test(model)
    crf = {
        "trained_on": len(bench.train_ids),
        "tested_on": len(bench.test_ids),
        "labels": per_label(evaluation, evaluation.labels),
        "train_cpu_s": round(seconds, 1),
        "cluster_cpu_s": model.meta["cluster_seconds"],
        "clusters": model.meta["clusters"],
        "iterations": model.meta["iterations"],
        "apply_cpu_ms_per_3kb": round(apply_ms, 1),
        "other": {name: per_label(score(model, dict(enumerate(docs)))[0]) for name, docs in corpora().items()},
    }
    if args.curve:
        crf["curve"] = bench.curve((evaluation, seconds), [n for n in args.curve_sizes if n])
    if args.train_all:
        crf["train_all_cpu_s"] = round(bench.train(sorted(bench.documents))[1], 1)
    return rules, crf


def scores(rules, crf: dict) -> dict[str, float]:
    figure, date = rules.by_source["rule:figure"], rules.by_source["rule:date"]
    return {
        "MON": figure.score("MON").f1,
        "PCT": figure.score("PCT").f1,
        "DAT": date.score("DAT").f1,
        "PER/ORG/LOC": crf["labels"]["PER/ORG/LOC"]["f1"],
    }


def merge_curve(rows: list[dict], path: Path) -> list[dict]:
    """These rows and those an earlier run stored in `path` (same size: the newer wins), written back."""
    stored = json.loads(path.read_text(encoding="utf-8")) if path.is_file() else []
    merged = {r["documents"]: r for r in [*stored, *rows]}
    out = [merged[n] for n in sorted(merged)]
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(out, indent=1), encoding="utf-8")
    return out


def report(crf: dict) -> None:
    from crf_eval import table

    print(table(crf["labels"], f"CRF, trained on {crf['trained_on']} documents, scored on {crf['tested_on']}:"))
    print(
        f"training {crf['train_cpu_s']} s CPU ({crf['iterations']} iterations; word clusters "
        f"{crf['cluster_cpu_s']} s of it, {crf['clusters']} words); applying {crf['apply_cpu_ms_per_3kb']} ms "
        "CPU per 3 KB"
    )
    if "train_all_cpu_s" in crf:
        print(f"training on all documents: {crf['train_all_cpu_s']} s CPU")
    for name, rows in crf["other"].items():
        print("\n" + table(rows, f"{name} (trained on PEYMA):"))
    if "curve" in crf:
        print("\nlearning curve:")
        for row in crf["curve"]:
            print(f"  {row}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limit", type=int, help="only the first N documents")
    parser.add_argument("--holdout", type=float, default=0.2)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--iterations", type=int, help="CRF iterations (default: crf.PARAMS)")
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--curve", action="store_true", help="the learning curve, drawn into --png")
    parser.add_argument("--png", type=Path, default=ROOT / "docs" / "learning-curve.png")
    parser.add_argument(
        "--curve-sizes",
        type=lambda text: [0 if n == "all" else int(n) for n in text.split(",")],
        default=[*CURVE, 0],
        help="training documents per point, 'all' for the whole training part (default 25,50,100,200,400,all)",
    )
    parser.add_argument("--curve-only", action="store_true", help="only these curve points (parallel runs)")
    parser.add_argument("--train-all", action="store_true", help="also time training on every document")
    args = parser.parse_args(argv)
    if not PEYMA.is_dir():
        print(f"PEYMA not found at {PEYMA}", file=sys.stderr)
        return 2
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="barchasb-peyma-") as folder:
        workspace = peyma_workspace(Path(folder) / "peyma.barchasb", args.limit)
        try:
            rules, crf = evaluate(workspace, args)
        finally:
            workspace.close()
    if not args.curve_only:
        found = scores(rules, crf)
        load = os.getloadavg()
        if args.json:
            print(json.dumps({"rules": rules.as_dict(), "crf": crf, "f1": found, "load": load}, indent=2), flush=True)
        else:
            print("\n\n".join(e.table(f"rules: {source}") for source, e in rules.by_source.items()), "\n")
            report(crf)
            wall = time.perf_counter() - started
            print(f"\n{wall:.0f} s wall; load average {load[0]:.1f} {load[1]:.1f} {load[2]:.1f}")
    if args.curve or args.curve_only:
        from learning_curve_plot import plot

        rows = merge_curve(crf["curve"], CURVE_JSON)  # points from parallel runs meet here
        plot(rows, args.png, f"PEYMA, CRF: F1 on the held-out {args.holdout:.0%} by training documents")
        print(f"learning curve: {CURVE_JSON}, {args.png}")
    if args.curve_only:
        return 0
    failed = [name for name, bar in BARS.items() if found[name] < bar]
    for name in failed:
        print(f"below the bar: {name} F1 {found[name]:.3f} < {BARS[name]}", file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
