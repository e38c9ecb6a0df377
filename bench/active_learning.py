"""Active learning on PEYMA: `.venv/bin/python bench/active_learning.py --rounds 4`.

Run by hand (not part of bench/run.py). PEYMA's 300K part
(../shared/data/peyma-nsurl2019/300K, read in place) is split into a pool
(80%) and a test set (20%), seeded. Both arms start from the same `--start`
random pool documents and add `--step` per round: *random* takes the next
ones of a seeded shuffle, *uncertainty* takes the head of the queue the
window and `barchasb suggest --queue` use (`desktop.suggest.uncertainty`:
least-confident tokens, near repeats moved back). After each round a CRF is
trained on the labelled documents and its PER/ORG/LOC micro F1 measured on
the test set. Writes bench/out/active_learning.csv and .png (matplotlib if
installed, else Qt's QPainter offscreen) and prints how many documents each
arm needed to reach `--target` F1.
"""

from __future__ import annotations

import argparse
import csv
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.eval_peyma import ENTITIES, peyma_files  # noqa: E402
from desktop.formats.conll import read_conll  # noqa: E402
from desktop.suggest.crf import CrfTagger, TrainingDocument, train_crf  # noqa: E402
from desktop.suggest.evaluation import Evaluation  # noqa: E402
from desktop.suggest.tokens import tokens_of  # noqa: E402
from desktop.suggest.uncertainty import Ranked, UncertaintyScorer, diverse_order, rank, word_set  # noqa: E402

OUT = ROOT / "bench" / "out"


def load(limit: int | None) -> list[TrainingDocument]:
    docs = []
    for path in peyma_files(limit):
        for record in read_conll(path.read_text(encoding="utf-8"), str(path)):
            spans = tuple(sorted((s.start, s.end, s.label) for s in record.spans))
            docs.append(TrainingDocument(record.text, spans))
    return docs


def f1(model: bytes, test: list[TrainingDocument]) -> float:
    tagger, evaluation = CrfTagger(model), Evaluation()
    for n, doc in enumerate(test):
        predicted = [(n, s, e, label) for s, e, label, _ in tagger.spans(doc.text)]
        evaluation.add(predicted, [(n, s, e, label) for s, e, label in doc.spans])
    return evaluation.micro(ENTITIES).f1


def next_batch(arm: str, model: bytes, pool: list[int], docs: list[TrainingDocument], args) -> list[int]:
    step = args.step
    if arm == "random":
        return pool[:step]
    scorer = UncertaintyScorer(model, share=None if args.lowest else args.share, lowest=args.lowest or 10)
    ranked = rank(Ranked(i, scorer.score(docs[i].text)) for i in pool)
    words = {r.document: word_set(docs[r.document].text) for r in ranked[: step * 5]}  # only the head is picked
    return [r.document for r in diverse_order(ranked[: step * 5], words)[:step]]


def run_arm(arm: str, docs, pool: list[int], test, args) -> list[tuple[int, float, float, int]]:
    """(documents labelled, F1, CPU seconds, tokens labelled) per round: uncertainty may favour
    long documents, so the tokens say whether it wins by reading more or by reading better."""
    labelled, rest, rows = pool[: args.start], pool[args.start :], []
    params = {"max_iterations": args.iterations}
    for round_ in range(args.rounds):
        began = time.process_time()
        model = train_crf([docs[i] for i in labelled], params=params).model
        score = f1(model, test)
        tokens = sum(len(tokens_of(docs[i].text)) for i in labelled)
        rows.append((len(labelled), score, time.process_time() - began, tokens))
        print(f"{arm:<12} round {round_}: {len(labelled):>4} documents {tokens:>7} tokens  F1 {score:.3f}", flush=True)
        if round_ + 1 < args.rounds:
            batch = next_batch(arm, model, rest, docs, args)
            labelled += batch
            rest = [i for i in rest if i not in set(batch)]
    return rows


def needed(rows: list[tuple[int, float, float, int]], target: float) -> int | None:
    return next((n for n, score, *_ in rows if score >= target), None)


def write(results: dict[str, list[tuple[int, float, float, int]]], target: float) -> Path:
    OUT.mkdir(parents=True, exist_ok=True)
    with open(OUT / "active_learning.csv", "w", newline="", encoding="utf-8") as f:
        writer = csv.writer(f)
        writer.writerow(["arm", "documents", "tokens", "f1", "cpu_seconds"])
        for arm, rows in results.items():
            writer.writerows((arm, n, tokens, f"{score:.4f}", f"{cpu:.1f}") for n, score, cpu, tokens in rows)
    png = OUT / "active_learning.png"
    try:
        _plot_matplotlib(results, target, png)
    except ImportError:
        from bench.active_learning_plot import plot_qt

        plot_qt(results, target, png)
    return png


def _plot_matplotlib(results, target: float, png: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib import pyplot as plt

    fig, ax = plt.subplots(figsize=(6, 4))
    for arm, rows in results.items():
        ax.plot([r[0] for r in rows], [r[1] for r in rows], marker="o", label=arm)
    ax.axhline(target, linestyle="--", color="grey", label=f"F1 {target}")
    ax.set_xlabel("labelled documents")
    ax.set_ylabel("PER/ORG/LOC micro F1 (test 20%)")
    ax.legend()
    fig.tight_layout()
    fig.savefig(png, dpi=100)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=4)
    parser.add_argument("--start", type=int, default=20)
    parser.add_argument("--step", type=int, default=20)
    parser.add_argument("--iterations", type=int, default=100, help="CRF iterations per training")
    parser.add_argument("--target", type=float, default=0.75)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--limit", type=int, help="only the first N PEYMA files")
    parser.add_argument("--share", type=float, default=0.03, help="score by this share of the least sure tokens")
    parser.add_argument("--lowest", type=int, help="score by this many least sure tokens instead of --share")
    parser.add_argument("--arms", default="uncertainty,random", help="comma-separated: uncertainty, random")
    args = parser.parse_args(argv)
    docs = load(args.limit)
    order = list(range(len(docs)))
    random.Random(args.seed).shuffle(order)
    cut = len(order) // 5
    test, pool = [docs[i] for i in order[:cut]], order[cut:]
    print(f"PEYMA: {len(docs)} documents, pool {len(pool)}, test {len(test)}", flush=True)
    results = {arm: run_arm(arm, docs, pool, test, args) for arm in args.arms.split(",")}
    for arm, rows in results.items():
        reached = needed(rows, args.target)
        print(f"{arm:<12} reaches F1 {args.target}: " + (f"{reached} documents" if reached else "not within the run"))
    print(f"wrote {write(results, args.target)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
