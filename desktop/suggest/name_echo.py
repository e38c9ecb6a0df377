"""A person named once is the same person further on: the CRF's names, echoed.

News names a person in full once (`علی رضایی`) and then by surname
(`رضایی گفت`), often where the sentence alone says little. After the CRF has
tagged a document, every untagged run of words that repeats a person it
found (the whole name, or the last word of a name of two words or more) is
tagged as that person too, with that name's score. Only names of two words
or more are echoed: a one-word "name" is as often an ordinary word the CRF
got wrong (PEYMA's test split: «آزمون» echoed 23 times in one document), and
echoing it spreads the error through the document. Measured on PEYMA's dev
split: echoing every name PER F1 0.769 -> 0.799 (precision 0.843 -> 0.824),
only names of two words or more 0.801 (precision 0.835), micro 0.799 -> 0.806;
echoing ORG and LOC lost (`Ministry`-like heads and places inside names
repeat without being entities).
"""

from __future__ import annotations

from collections.abc import Sequence

from desktop.suggest.tokens import Token

LABEL = "PER"
_MIN_WORDS = 2  # a name of one word is not echoed (nor is the word when it is a surname alone)
_MIN_SURNAME = 3  # letters: shorter last words (`زاده`-like parts aside) are too often ordinary words

Found = tuple[int, int, int, str, float]  # sentence, first token, end token, label, score


def echo_names(sentences: Sequence[Sequence[Token]], found: Sequence[Found]) -> list[Found]:
    """`found` and the untagged repeats of its people (longest first, left to right)."""
    names: dict[tuple[str, ...], float] = {}
    for sentence, first, end, label, score in found:
        if label != LABEL or end - first < _MIN_WORDS:
            continue
        keys = tuple(t.key for t in sentences[sentence][first:end])
        names[keys] = max(score, names.get(keys, 0.0))
        if len(keys[-1]) >= _MIN_SURNAME:
            names[keys[-1:]] = max(score, names.get(keys[-1:], 0.0))
    names = {k: s for k, s in names.items() if len(k[0]) >= 2}
    if not names:
        return list(found)
    covered: dict[int, set[int]] = {}
    for s, first, end, _, _ in found:
        covered.setdefault(s, set()).update(range(first, end))
    heads = {k[:n] for k in names for n in range(1, len(k) + 1)}
    out = list(found)
    for s, tokens in enumerate(sentences):
        row = [t.key for t in tokens]
        i = 0
        while i < len(row):
            n = _longest_free(names, heads, row, i, covered.get(s, set()))
            if n:
                out.append((s, i, i + n, LABEL, names[tuple(row[i : i + n])]))
            i += max(n, 1)
    return sorted(out)


def _longest_free(
    names: dict[tuple[str, ...], float],
    heads: set[tuple[str, ...]],
    row: list[str],
    i: int,
    taken: set[int],
) -> int:
    """The length of the longest name starting at `i` over words not already tagged, or 0."""
    best, n = 0, 1
    while i + n <= len(row) and i + n - 1 not in taken and tuple(row[i : i + n]) in heads:
        if tuple(row[i : i + n]) in names:
            best = n
        n += 1
    return best
