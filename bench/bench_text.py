"""Throughput of the Persian text layer, in MB/s of UTF-8 input.

Builds a document of at least 1 MB from the seeds (raw, wrapped lines and
all), then times normalise, tokenize, sentences, fold and a folded search
on one core; the hard-wrapped seeds 001 and 003 are also normalised on
their own, since reflow is decided per document. Usage: `.venv/bin/python bench/bench_text.py [target_mb]`.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from desktop.text import find_all, fold, normalize, sentences, tokenize  # noqa: E402
from desktop.text.hazm_bridge import hazm_normalize  # noqa: E402


def build_document(target_bytes: int, pattern: str = "*.txt") -> str:
    seeds = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "seeds").glob(pattern))]
    block = "\n\n".join(seeds)
    copies = -(-target_bytes // len(block.encode("utf-8")))
    return "\n\n".join([block] * copies)


def measure(label: str, size: int, action: Callable[[], object], repeat: int = 3) -> object:
    best, result = float("inf"), None
    for _ in range(repeat):
        t0 = time.perf_counter()
        result = action()
        best = min(best, time.perf_counter() - t0)
    print(f"{label:<28} {size / best / 1e6:8.2f} MB/s   ({best * 1000:7.1f} ms)")
    return result


def main() -> None:
    target_mb = float(sys.argv[1]) if len(sys.argv) > 1 else 1.5
    raw = build_document(int(target_mb * 1e6))
    raw_size = len(raw.encode("utf-8"))
    print(f"document: {raw_size / 1e6:.2f} MB, {len(raw):,} code points")
    hazm_normalize("گرم کردن")  # load hazm's word lists outside the timings

    measure("hazm alone, a call per line", raw_size,
            lambda: [hazm_normalize(p) for p in raw.split("\n")], repeat=1)
    norm = measure("normalize (persian+reflow)", raw_size, lambda: normalize(raw), repeat=1)
    measure("normalize (no hazm)", raw_size, lambda: normalize(raw, persian=False))
    # The mixed document is not hard-wrapped as a whole; these two seeds are.
    wrapped = build_document(int(target_mb * 1e6), "00[13]_*.txt")
    joined = measure("normalize wrapped (001+003)", len(wrapped.encode("utf-8")),
                     lambda: normalize(wrapped), repeat=1)
    print(f"{'':<28} reflow joins: {joined.changes.get('reflow', 0):,}")
    text = norm.text
    size = len(text.encode("utf-8"))
    tokens = measure("tokenize", size, lambda: tokenize(text))
    spans = measure("sentences", size, lambda: sentences(text))
    folded = measure("fold", size, lambda: fold(text))
    find_all(text, "استان")  # warm the per-document cache
    measure("find_all, cached document", size, lambda: find_all(text, "استان"))
    measure("find_all, cold (fold+tokens)", size, lambda: fold(text).find_all("استان"))
    hits = measure("find_all, substring, cached", size, lambda: folded.find_all("کشور", whole_word=False))
    print(f"{'':<28} substring hits: {len(hits):,}, whole-word hits: {len(find_all(text, 'استان')):,}")
    map_kb = len(norm.offsets.to_json()) / 1e3
    print(f"tokens: {len(tokens):,}  sentences: {len(spans):,}  "
          f"offset anchors: {norm.offsets.anchor_count:,}  map JSON: {map_kb:.0f} kB")
    print(f"changes: {norm.changes}")


if __name__ == "__main__":
    main()
