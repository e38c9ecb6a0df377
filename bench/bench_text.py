"""The Persian text layer on one core, in MB/s of UTF-8: normalise, tokenise, fold and search.

The document is the seeds repeated to 1.5 MB, raw (hard-wrapped lines and all).
"""

from __future__ import annotations

import re
import time

from bench.harness import ROOT, Context, Sample, case

MB = 1.5


def document(target_mb: float = MB, pattern: str = "*.txt") -> str:
    seeds = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "seeds").glob(pattern))]
    block = "\n\n".join(seeds)
    copies = -(-int(target_mb * 1e6) // len(block.encode("utf-8")))
    return "\n\n".join([block] * copies)


def _rate(text: str, action, repeat: int = 3) -> float:
    return _rates(text, action, repeat)[0]


def _rates(text: str, action, repeat: int = 3) -> tuple[float, float]:
    """MB/s of the best of `repeat` runs by wall time, and by CPU time (the ratio's CPU-time twin:
    a single-core rate under load loses its core's share to other processes, not its work)."""
    best, best_cpu = float("inf"), float("inf")
    for _ in range(repeat):
        start, start_cpu = time.perf_counter(), time.process_time()
        action(text)
        best = min(best, time.perf_counter() - start)
        best_cpu = min(best_cpu, time.process_time() - start_cpu)
    mb = len(text.encode("utf-8")) / 1e6
    return mb / best, mb / max(best_cpu, 1e-9)


def hazm_alone(ctx: Context) -> Sample:
    from desktop.text.hazm_bridge import hazm_normalize

    text = document()
    hazm_normalize("گرم کردن")
    return Sample(_rate(text, lambda t: [hazm_normalize(line) for line in t.split("\n")], 1))


@case(
    id="text.normalize",
    baseline=hazm_alone,
    unit="MB/s",
    runs=2,
    quick_runs=0,
    title="normalize() (hazm + reflow + offset map), one core, 1.5 MB",
    baseline_title="hazm's normaliser alone, a call per line (numbers and URLs protected)",
)
def normalize_rate(ctx: Context) -> Sample:
    from desktop.text.normalize import normalize

    text = document()
    normalize("گرم کردن")  # hazm's tables load outside the timing
    started = time.perf_counter()
    result = normalize(text)
    seconds = time.perf_counter() - started
    wrapped = document(pattern="00[13]_*.txt")
    return Sample(
        len(text.encode("utf-8")) / 1e6 / seconds,
        {
            "anchors": result.offsets.anchor_count,
            "map_kb": round(len(result.offsets.to_json()) / 1e3),
            "wrapped_mb_s": round(_rate(wrapped, normalize, 1), 2),
            "notes": f"hard-wrapped seeds alone {_rate(wrapped, normalize, 1):.2f} MB/s; "
            f"{result.offsets.anchor_count:,} anchors in the offset map",
        },
    )


def split_words(ctx: Context) -> Sample:
    text = document()
    word = re.compile(r"\S+")
    rate, cpu_rate = _rates(text, lambda t: [m.span() for m in word.finditer(t)])
    return Sample(rate, {"cpu_s": cpu_rate})  # cpu_s: MB per CPU second, the twin paired.py compares


@case(
    id="text.tokenize",
    baseline=split_words,
    unit="MB/s",
    runs=2,
    quick_runs=1,
    title="tokenize() (regex aligned with hazm's word boundaries), one core",
    baseline_title=r"re.finditer(r'\S+') spans: splitting at whitespace",
)
def tokenize_rate(ctx: Context) -> Sample:
    from desktop.text import normalize, sentences, tokenize

    text = normalize(document(), persian=False).text
    rate, cpu_rate = _rates(text, tokenize)
    return Sample(
        rate,
        {
            "cpu_s": cpu_rate,
            "sentences_mb_s": round(_rate(text, sentences), 1),
            "notes": f"sentences {_rate(text, sentences):.1f} MB/s",
        },
    )


@case(
    id="text.search",
    unit="MB/s",
    runs=2,
    quick_runs=1,
    title="folded whole-word search: fold + tokens + find, cold (then cached in notes)",
)
def search_rate(ctx: Context) -> Sample:
    from desktop.text import find_all, fold

    text = document()
    cold = _rate(text, lambda t: fold(t).find_all("استان"), 1)
    find_all(text, "استان")
    cached = _rate(text, lambda t: find_all(t, "استان"))
    return Sample(cold, {"cached_mb_s": round(cached, 1), "notes": f"cached document {cached:.0f} MB/s"})
