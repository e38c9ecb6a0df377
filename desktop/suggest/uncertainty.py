"""How unsure the CRF is about a document, and a queue that is not one story ten times.

A token's confidence is the largest marginal probability any tag has at that
token (crfsuite's forward-backward marginals). A document's uncertainty is
one minus the mean of its least confident `SHARE` of tokens (at least
`MIN_COUNT`): the many tokens the model is sure are outside any entity do not
dilute the few it hesitates on (a whole-document mean or entropy hides them),
several tokens rather than the single worst keep one odd token from deciding,
and a share rather than a fixed count keeps long documents from winning for
their length alone (on PEYMA a fixed 10 picked 35% more tokens per document).

Diversity: the queue is filled in order of uncertainty, skipping a document
whose set of words overlaps an already queued one's by more than `SIMILAR`
(Jaccard); skipped documents come after, so nothing is lost, only moved back.
Pure: no database, no Qt.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from desktop.suggest.crf import CrfTagger
from desktop.suggest.tokens import tokens_of

SHARE = 0.03  # of a document's tokens, the least confident, whose mean makes its score
MIN_COUNT = 3  # short texts: never fewer tokens than this
LOWEST = 10  # the fixed count measured first (`share=None`), kept for the bench's comparisons
SIMILAR = 0.5  # word-set Jaccard above which a document repeats a queued one
MIN_WORD = 3  # shorter words (particles, digits) say little about the story


@dataclass(frozen=True, slots=True)
class Ranked:
    """A document's place in the queue: its id and its uncertainty (0 sure … 1 unsure)."""

    document: int
    score: float


class UncertaintyScorer:
    """Scores texts with one trained model; one instance per thread."""

    def __init__(self, model: bytes, share: float | None = SHARE, lowest: int = LOWEST) -> None:
        self._tagger = CrfTagger(model)  # reads every stored model version, with its own features
        self.lowest = lowest
        self.share = share  # None: a fixed `lowest` tokens instead (favours long texts)

    def confidences(self, text: str) -> list[float]:
        """Each token's confidence: the largest marginal over the tags."""
        return self._tagger.confidences(text)

    def score(self, text: str) -> float:
        """1 − mean of the least confidences (0 for a text without tokens)."""
        confidences = sorted(self.confidences(text))
        count = self.lowest if self.share is None else max(MIN_COUNT, round(self.share * len(confidences)))
        worst = confidences[:count]
        return round(1.0 - sum(worst) / len(worst), 4) if worst else 0.0


def word_set(text: str) -> frozenset[str]:
    """The folded words of a text that are long enough to tell stories apart."""
    return frozenset(t.key for t in tokens_of(text) if len(t.key) >= MIN_WORD and not t.is_number)


def jaccard(a: frozenset[str], b: frozenset[str]) -> float:
    return len(a & b) / len(a | b) if a or b else 0.0


def diverse_order(ranked: Sequence[Ranked], words: dict[int, frozenset[str]], similar: float = SIMILAR) -> list[Ranked]:
    """`ranked` (most uncertain first), a near repeat of an earlier pick moved to the end."""
    picked: list[Ranked] = []
    later: list[Ranked] = []
    for item in ranked:
        mine = words.get(item.document, frozenset())
        if any(jaccard(mine, words.get(p.document, frozenset())) > similar for p in picked):
            later.append(item)
        else:
            picked.append(item)
    return picked + later


def rank(scores: Iterable[Ranked]) -> list[Ranked]:
    """Most uncertain first; ties by document id, so the order is stable."""
    return sorted(scores, key=lambda r: (-r.score, r.document))
