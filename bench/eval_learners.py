"""The two learners on PEYMA: `nice -n 5 .venv/bin/python bench/eval_learners.py --learner both`.

Imports PEYMA (read in place, as bench/eval_peyma.py does) into a temporary project, splits its
documents 80/20 with the same seeded split as `eval_peyma.py`, trains the CRF and/or spaCy's NER
(desktop/workspace/suggestions/learners.py) on the 80% and scores each on the 20%: per label,
and the PER/ORG/LOC micro F1 the issue's goal is stated in. Train time is CPU time (this process)
and wall time; apply time is per 3 KB of held-out text; the load average is printed beside them
(the machine is shared). `--json` writes everything to bench/out/learners-<learner>.json too.
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

from bench.eval_peyma import ENTITIES, PEYMA, peyma_workspace  # noqa: E402


def documents(limit: int | None):
    """PEYMA's documents with the layer `peyma`'s spans, by document id, and the gazetteers the CRF reads."""
    from desktop.workspace.suggestions.crf_inputs import feature_lists
    from desktop.workspace.suggestions.training import layer_documents, resolve_layer

    with tempfile.TemporaryDirectory(prefix="barchasb-learners-") as folder:
        workspace = peyma_workspace(Path(folder) / "peyma.barchasb", limit)
        try:
            docs = layer_documents(workspace.repo, resolve_layer(workspace.repo, "peyma", None))
            return docs, feature_lists(workspace.repo)
        finally:
            workspace.close()


def measure(learner, training, testing, params: dict | None, extra: dict) -> dict:
    """Train on `training`, score on `testing`: F1 per label, train and apply cost."""
    from desktop.suggest.evaluation import Evaluation

    cpu, wall, load = time.process_time(), time.perf_counter(), os.getloadavg()[0]
    model = learner.train(training, params=params, **extra)
    trained = {"cpu_s": round(time.process_time() - cpu, 1), "wall_s": round(time.perf_counter() - wall, 1)}
    tagger = learner.tagger(model.model)
    evaluation, chars = Evaluation(), sum(len(d.text) for d in testing)
    cpu, wall = time.process_time(), time.perf_counter()
    for index, doc in enumerate(testing):
        evaluation.add(
            [(index, s, e, label) for s, e, label, _ in tagger.spans(doc.text)], [(index, *s) for s in doc.spans]
        )
    per_3kb = 3000 / chars * 1000
    applied = {
        "cpu_ms_per_3kb": round((time.process_time() - cpu) * per_3kb, 1),
        "wall_ms_per_3kb": round((time.perf_counter() - wall) * per_3kb, 1),
    }
    return {
        "learner": learner.name,
        "train": trained,
        "apply": applied,
        "load_before": round(load, 2),
        "load_after": round(os.getloadavg()[0], 2),
        "meta": {k: v for k, v in model.meta.items() if k != "params"},
        "scores": evaluation.as_dict(),
        "per_org_loc": evaluation.micro(ENTITIES, "PER/ORG/LOC").as_dict(),
        "table": evaluation.table(learner.name),
    }


def main(argv: list[str] | None = None) -> int:
    from desktop.workspace.suggestions.evaluation import split
    from desktop.workspace.suggestions.learners import LEARNERS

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--learner", choices=("crf", "spacy", "both"), default="both")
    parser.add_argument("--limit", type=int, help="only the first N documents")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--epochs", type=int, help="spaCy epochs (default: desktop/suggest/spacy_ner.py)")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    if not PEYMA.is_dir():
        print(f"PEYMA not found at {PEYMA}", file=sys.stderr)
        return 2
    docs, lists = documents(args.limit)
    train_ids, test_ids = split(list(docs), 0.2, args.seed)
    training, testing = [docs[i] for i in train_ids], [docs[i] for i in test_ids]
    chosen = [x for x in LEARNERS if args.learner in ("both", x.name)]
    results = []
    for learner in chosen:
        if why := learner.missing():
            print(f"{learner.name}: not offered: {why}", file=sys.stderr)
            continue
        params = {"epochs": args.epochs} if learner.name == "spacy" and args.epochs else None
        # the CRF as the project trains it: gazetteers, and every other text (the held-out too) for clusters
        extra = {"unlabelled": [d.text for d in testing], "lists": lists} if learner.name == "crf" else {}
        result = measure(learner, training, testing, params, extra)
        results.append(result)
        print(result["table"], "\n", json.dumps({k: result[k] for k in ("train", "apply", "per_org_loc")}), flush=True)
    if args.json:
        out = ROOT / "bench" / "out" / f"learners-{args.learner}.json"
        out.parent.mkdir(exist_ok=True)
        out.write_text(
            json.dumps({"train_documents": len(training), "test_documents": len(testing), "results": results}, indent=2)
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
