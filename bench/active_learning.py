"""Active learning on PEYMA: `.venv/bin/python bench/active_learning.py --arm uncertainty --seed 0`.

Run by hand (not part of bench/run.py). PEYMA's 300K part
(../shared/data/peyma-nsurl2019/300K, read in place) is split once into a
pool (80%) and a held-out test set (20%) by `--split-seed` (0): the test set
is the same for every run. A run is one *arm* and one *seed*: the seed
shuffles the pool (seed 0 keeps the split's order, as session 5 measured),
its first `--start` (20) documents are labelled, and each round adds `--step`
(20): *random* takes the next ones of the shuffle, *uncertainty* the head of
the queue the window and `barchasb suggest --queue` use
(`desktop.suggest.uncertainty`: least-confident 3% of tokens, near repeats
moved back), scoring the whole unlabelled pool with the round's model. After
each round a CRF (`--iterations`, 100) is trained on the labelled documents
and its PER/ORG/LOC micro F1 measured on the test set. A run stops when F1
reaches `--target` (0.75) and `--beyond` more rounds are done, or when the
pool is used up. Each round is written at once to
bench/out/active_learning/ARM-seedN.json (so a long run can be read while it
goes); `bench/active_learning_report.py` turns the runs into the table and
docs/active-learning.png.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.eval_peyma import ENTITIES, peyma_files  # noqa: E402
from desktop.formats.conll import read_conll  # noqa: E402
from desktop.suggest.crf import CrfTagger, TrainingDocument, train_crf  # noqa: E402
from desktop.suggest.evaluation import Evaluation  # noqa: E402
from desktop.suggest.features import FEATURES_VERSION  # noqa: E402
from desktop.suggest.tokens import tokens_of  # noqa: E402
from desktop.suggest.uncertainty import Ranked, UncertaintyScorer, diverse_order, rank, word_set  # noqa: E402

OUT = ROOT / "bench" / "out" / "active_learning"


def load() -> list[TrainingDocument]:
    docs = []
    for path in peyma_files():
        for record in read_conll(path.read_text(encoding="utf-8"), str(path)):
            spans = tuple(sorted((s.start, s.end, s.label) for s in record.spans))
            docs.append(TrainingDocument(record.text, spans))
    return docs


def split(count: int, split_seed: int) -> tuple[list[int], list[int]]:
    """(pool, test) document indexes: a seeded shuffle, the first fifth held out."""
    order = list(range(count))
    random.Random(split_seed).shuffle(order)
    cut = count // 5
    return order[cut:], order[:cut]


def f1(model: bytes, test: list[TrainingDocument]) -> float:
    tagger, evaluation = CrfTagger(model), Evaluation()
    for n, doc in enumerate(test):
        predicted = [(n, s, e, label) for s, e, label, _ in tagger.spans(doc.text)]
        evaluation.add(predicted, [(n, s, e, label) for s, e, label in doc.spans])
    return evaluation.micro(ENTITIES).f1


def next_batch(arm: str, model: bytes, rest: list[int], docs: list[TrainingDocument], step: int) -> list[int]:
    """The next `step` documents of `rest` (the unlabelled pool, in the seed's order) for the arm."""
    if arm == "random":
        return rest[:step]
    scorer = UncertaintyScorer(model)  # the window's score: the least sure 3% of tokens
    ranked = rank(Ranked(i, scorer.score(docs[i].text)) for i in rest)  # the whole pool, one pass
    head = ranked[: step * 5]  # diversity only reorders the head, which is all that is picked from
    words = {r.document: word_set(docs[r.document].text) for r in head}
    return [r.document for r in diverse_order(head, words)[:step]]


def run(args: argparse.Namespace, docs: list[TrainingDocument], pool: list[int], test: list[int]) -> dict:
    order = list(pool)
    if args.seed:
        random.Random(args.seed).shuffle(order)
    labelled, rest = order[: args.start], order[args.start :]
    result = _header(args, len(pool), len(test))
    testing = [docs[i] for i in test]
    began, reached_at = time.monotonic(), None
    while True:
        cpu = time.process_time()
        model = train_crf([docs[i] for i in labelled], params={"max_iterations": args.iterations}).model
        score = f1(model, testing)
        tokens = sum(len(tokens_of(docs[i].text)) for i in labelled)
        row = {"documents": len(labelled), "tokens": tokens, "f1": round(score, 4)}
        reached_at = reached_at if reached_at is not None or score < args.target else len(result["rounds"])
        done = not rest or (reached_at is not None and len(result["rounds"]) - reached_at >= args.beyond)
        if not done:
            batch = next_batch(args.arm, model, rest, docs, args.step)
            picked = set(batch)
            labelled, rest = labelled + batch, [i for i in rest if i not in picked]
        row["cpu_seconds"] = round(time.process_time() - cpu, 1)  # training, test scoring and picking
        result["rounds"].append(row)
        result["wall_seconds"] = round(time.monotonic() - began)
        result["load_end"] = os.getloadavg()
        _write(result, args.out)
        print(f"{args.arm} seed {args.seed}: {row}", flush=True)
        if done:
            return result


def run_counts(args: argparse.Namespace, docs: list[TrainingDocument], pool: list[int], test: list[int]) -> dict:
    """The random arm at the given counts only: its rounds do not depend on each other's models, so
    one seed's curve can be shared between processes (each writes its own file; the report merges)."""
    order = list(pool)
    if args.seed:
        random.Random(args.seed).shuffle(order)
    result, testing, began = _header(args, len(pool), len(test)), [docs[i] for i in test], time.monotonic()
    for count in args.counts:
        cpu = time.process_time()
        labelled = order[:count]
        model = train_crf([docs[i] for i in labelled], params={"max_iterations": args.iterations}).model
        tokens = sum(len(tokens_of(docs[i].text)) for i in labelled)
        row = {"documents": count, "tokens": tokens, "f1": round(f1(model, testing), 4)}
        row["cpu_seconds"] = round(time.process_time() - cpu, 1)
        result["rounds"].append(row)
        result["wall_seconds"] = round(time.monotonic() - began)
        result["load_end"] = os.getloadavg()
        _write(result, args.out)
        print(f"{args.arm} seed {args.seed}: {row}", flush=True)
    return result


def _header(args: argparse.Namespace, pool: int, test: int) -> dict:
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True)
    return {
        "arm": args.arm,
        "seed": args.seed,
        "split_seed": args.split_seed,
        "pool": pool,
        "test": test,
        "start": args.start,
        "step": args.step,
        "iterations": args.iterations,
        "target": args.target,
        "commit": commit.stdout.strip() or args.commit,
        "features_version": FEATURES_VERSION,
        "load_start": os.getloadavg(),
        "rounds": [],
    }


def _write(result: dict, out: Path | None) -> None:
    path = out or OUT / f"{result['arm']}-seed{result['seed']}.json"
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_suffix(".tmp")
    temporary.write_text(json.dumps(result, indent=1), encoding="utf-8")
    temporary.replace(path)  # a reader never sees half a file


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--arm", choices=("uncertainty", "random"), required=True)
    parser.add_argument("--seed", type=int, default=0, help="shuffles the pool: the start set and random's order")
    parser.add_argument("--split-seed", type=int, default=0, help="the pool/test split, the same for every run")
    parser.add_argument("--start", type=int, default=20)
    parser.add_argument("--step", type=int, default=20)
    parser.add_argument("--iterations", type=int, default=100, help="CRF iterations per training")
    parser.add_argument("--target", type=float, default=0.75)
    parser.add_argument("--beyond", type=int, default=1, help="rounds to go on after reaching the target")
    parser.add_argument("--counts", type=lambda v: [int(n) for n in v.split(",")], help="random only: these counts")
    parser.add_argument("--commit", default="", help="the code's commit, when ROOT is not a git checkout")
    parser.add_argument("--out", type=Path, help="the JSON file (default bench/out/active_learning/ARM-seedN.json)")
    args = parser.parse_args(argv)
    docs = load()
    pool, test = split(len(docs), args.split_seed)
    print(f"PEYMA: {len(docs)} documents, pool {len(pool)}, test {len(test)}", flush=True)
    if args.counts and args.arm != "random":
        parser.error("--counts is for the random arm only (uncertainty's rounds depend on each other)")
    (run_counts if args.counts else run)(args, docs, pool, test)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
