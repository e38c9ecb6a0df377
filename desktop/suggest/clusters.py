"""Word clusters learned from the project's own text, for the CRF's features.

Words that occur in the same company get the same cluster id, so what the
CRF learns about `تبریز` carries to `ارومیه` even when only one of them is
labelled. The recipe is the count-based one of Levy & Goldberg (2015), small
and fast: each frequent word is described by the words right before and after
it (two either side, by position) among the most frequent `CONTEXTS` words;
the counts become positive PMI (context counts smoothed by ^0.75), a seeded
randomized SVD makes `DIMS`-dimensional vectors, and k-means (k-means++ start,
seeded) cuts them at a few granularities (`SIZES`, coarse to fine). The
result is plain data, `{word: (id, id, id)}`, stored with the model: tagging
needs no numpy and the same text and seed give the same clusters.

numpy is imported here only, when clusters are learned.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from typing import TYPE_CHECKING

from desktop.suggest.tokens import sentence_tokens

if TYPE_CHECKING:
    import numpy as np

SIZES = (32, 128, 512)
DIMS = 64
CONTEXTS = 300  # the most frequent words, by position, describe a word
MIN_COUNT = 3  # rarer words get no cluster (their letters still make features)
MAX_WORDS = 15_000
_OFFSETS = (-2, -1, 1, 2)
_ROUNDS = 15  # k-means iterations: assignments barely move after ten on news text
Clusters = dict[str, tuple[str, ...]]


def sentences(texts: Iterable[str]) -> list[list[str]]:
    """The folded keys of every sentence of every text."""
    return [[t.key for t in tokens] for text in texts for tokens in sentence_tokens(text)]


def learn_clusters(
    texts: Iterable[str],
    *,
    sizes: Sequence[int] = SIZES,
    seed: int = 0,
    cancel: Callable[[], None] | None = None,
) -> Clusters:
    """`{word: cluster ids, coarse to fine}` for the frequent words of `texts`."""
    import numpy as np

    keyed = sentences(texts)
    counts = Counter(k for sentence in keyed for k in sentence)
    words = sorted((w for w, c in counts.items() if c >= MIN_COUNT), key=lambda w: (-counts[w], w))[:MAX_WORDS]
    if len(words) < max(sizes, default=1) * 2:  # too little text to cut this fine: no clusters
        return {}
    vectors = _vectors(keyed, words, np.random.default_rng(seed))
    ids = []
    for k in sizes:
        if cancel is not None:
            cancel()
        ids.append(_kmeans(vectors, k, np.random.default_rng(seed + k)))
    return {w: tuple(str(int(level[i])) for level in ids) for i, w in enumerate(words)}


def _vectors(keyed: list[list[str]], words: list[str], rng: np.random.Generator) -> np.ndarray:
    """Unit-length SVD vectors of the words' positive PMI with their contexts."""
    import numpy as np

    row = {w: i for i, w in enumerate(words)}
    col = {w: i for i, w in enumerate(words[:CONTEXTS])}
    rows, cols = [], []
    for sentence in keyed:
        for i, word in enumerate(sentence):
            r = row.get(word)
            if r is None:
                continue
            for n, offset in enumerate(_OFFSETS):
                j = i + offset
                c = col.get(sentence[j]) if 0 <= j < len(sentence) else None
                if c is not None:
                    rows.append(r)
                    cols.append(n * CONTEXTS + c)
    counts = np.zeros((len(words), len(_OFFSETS) * CONTEXTS), dtype=np.float32)
    np.add.at(counts, (np.array(rows, dtype=np.int64), np.array(cols, dtype=np.int64)), 1.0)
    context = counts.sum(axis=0) ** 0.75
    expected = np.outer(counts.sum(axis=1), context / max(float(context.sum()), 1.0))
    with np.errstate(divide="ignore", invalid="ignore"):
        ppmi = np.maximum(np.log(counts / np.maximum(expected, 1e-12)), 0.0)
    ppmi[~np.isfinite(ppmi)] = 0.0
    u, s = _svd(ppmi, DIMS, rng)
    vectors: np.ndarray = u * np.sqrt(s)
    return np.asarray(vectors / np.maximum(np.linalg.norm(vectors, axis=1, keepdims=True), 1e-9))


def _svd(matrix: np.ndarray, rank: int, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    """The top `rank` left singular vectors and values (Halko et al.'s randomized SVD)."""
    import numpy as np

    rank = min(rank, *matrix.shape)
    q, _ = np.linalg.qr(matrix @ rng.standard_normal((matrix.shape[1], rank + 10)).astype(np.float32))
    for _ in range(2):  # power iterations: sharper when the spectrum decays slowly
        q, _ = np.linalg.qr(matrix @ (matrix.T @ q))
    u, s, _ = np.linalg.svd(q.T @ matrix, full_matrices=False)
    return (q @ u)[:, :rank], s[:rank]


def _kmeans(points: np.ndarray, k: int, rng: np.random.Generator) -> np.ndarray:
    """Cluster index of each point: k-means++ seeding, then Lloyd's rounds."""
    import numpy as np

    centres = [points[rng.integers(len(points))]]
    nearest = ((points - centres[0]) ** 2).sum(axis=1)
    for _ in range(1, k):
        chosen = rng.choice(len(points), p=nearest / nearest.sum()) if nearest.sum() > 0 else rng.integers(len(points))
        centres.append(points[chosen])
        nearest = np.minimum(nearest, ((points - points[chosen]) ** 2).sum(axis=1))
    centre = np.array(centres)
    for _ in range(_ROUNDS):
        assign = (points @ centre.T * 2 - (centre**2).sum(axis=1)).argmax(axis=1)
        for c in range(k):
            members = points[assign == c]
            if len(members):
                centre[c] = members.mean(axis=0)
    return np.asarray((points @ centre.T * 2 - (centre**2).sum(axis=1)).argmax(axis=1))
