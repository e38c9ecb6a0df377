"""Measure the suggesters on PEYMA: `.venv/bin/python bench/eval_peyma.py`.

Imports PEYMA (../shared/data/peyma-nsurl2019/300K, read in place, never
copied) into a temporary project as the layer `peyma`, maps the rule kinds
to PEYMA's tags (money → MON, percent → PCT, date → DAT; quantities are not
tagged in PEYMA, so that rule is off), then prints:

1. the figure and date rules on every document, against MON, PCT and DAT;
2. the CRF trained on 80% of the documents (seeded split), on the other 20%,
   with the micro F1 of PER, ORG and LOC.

It exits non-zero if a number falls below the bar the project set
(MON, PCT ≥ 0.85; DAT ≥ 0.75; CRF PER/ORG/LOC micro ≥ 0.75).
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

PEYMA = ROOT.parent / "shared" / "data" / "peyma-nsurl2019" / "300K"
RULE_LABELS = {"money": "MON", "percent": "PCT", "date": "DAT", "quantity": None}
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


def evaluate(workspace, holdout: float, seed: int, iterations: int | None):
    """(rules report, CRF report) against the layer `peyma`."""
    from desktop.workspace.suggestions.evaluation import evaluate_suggesters

    rules = evaluate_suggesters(workspace, "peyma", ["rules"])
    params = {"max_iterations": iterations} if iterations else None
    crf = evaluate_suggesters(workspace, "peyma", ["crf"], holdout=holdout, seed=seed, crf_params=params)
    return rules, crf


def scores(rules, crf) -> dict[str, float]:
    figure, date = rules.by_source["rule:figure"], rules.by_source["rule:date"]
    return {
        "MON": figure.score("MON").f1,
        "PCT": figure.score("PCT").f1,
        "DAT": date.score("DAT").f1,
        "PER/ORG/LOC": crf.by_source["crf"].micro(ENTITIES, "PER/ORG/LOC").f1,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limit", type=int, help="only the first N documents")
    parser.add_argument("--holdout", type=float, default=0.2)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--iterations", type=int, help="CRF iterations (default 150)")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    if not PEYMA.is_dir():
        print(f"PEYMA not found at {PEYMA}", file=sys.stderr)
        return 2
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="barchasb-peyma-") as folder:
        workspace = peyma_workspace(Path(folder) / "peyma.barchasb", args.limit)
        try:
            rules, crf = evaluate(workspace, args.holdout, args.seed, args.iterations)
        finally:
            workspace.close()
    found = scores(rules, crf)
    if args.json:
        print(json.dumps({"rules": rules.as_dict(), "crf": crf.as_dict(), "f1": found}, indent=2))
    else:
        print(rules.text(), "\n")
        print(crf.text())
        print(crf.by_source["crf"].micro(ENTITIES, "PER/ORG/LOC").as_dict())
        print(f"\n{time.perf_counter() - started:.0f} s")
    failed = [name for name, bar in BARS.items() if found[name] < bar]
    for name in failed:
        print(f"below the bar: {name} F1 {found[name]:.3f} < {BARS[name]}", file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
