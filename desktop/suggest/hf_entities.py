"""Token tags to entities, for a Hugging Face token-classification model (desktop.suggest.hf_model).

Pure: no torch, no transformers. A model tags sub-word tokens; a word (the tokenizer's
pre-tokenizer word, `word_ids`) takes the tag of its FIRST token, and words are joined into
entities by the tags' prefixes: BIO / IOB2 (`B-`, `I-`), IOB1 (`I-` starts an entity after
`O` or another type), BIOES / BILOU (`S-`, `U-` single, `E-`, `L-` last) and plain tags
(`PER`: neighbouring words of one type are one entity). Offsets are code points, end-exclusive.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

OUTSIDE = "O"
_STARTS = ("B", "S", "U")  # always open a new entity
_SINGLES = ("S", "U")  # ... and close it at once
_LASTS = ("E", "L")  # continue, then close


@dataclass(frozen=True, slots=True)
class Token:
    """One model token: its characters in the text, its word, its best tag and that tag's probability."""

    start: int
    end: int
    word: int
    tag: str
    score: float


@dataclass(frozen=True, slots=True)
class Word:
    start: int
    end: int
    tag: str  # its first token's
    score: float


def split_tag(tag: str) -> tuple[str, str]:
    """("B", "PER") for B-PER (or B_PER); ("", "PER") for a plain PER; ("", "O") for O."""
    if tag.upper() == OUTSIDE or not tag:
        return "", OUTSIDE
    for sep in ("-", "_"):
        prefix, found, kind = tag.partition(sep)
        if found and kind and prefix.upper() in ("B", "I", "E", "S", "L", "U"):
            return prefix.upper(), kind
    return "", tag


def entity_types(tags: Iterable[str]) -> list[str]:
    """The entity types a model's tags name, in the model's order, without O."""
    kinds = (split_tag(tag)[1] for tag in tags)
    return list(dict.fromkeys(kind for kind in kinds if kind != OUTSIDE))


def words(tokens: Iterable[Token]) -> list[Word]:
    """Tokens (in text order) grouped into words; a word spans its first token's start to its last's end."""
    out: list[Word] = []
    last_word = None
    for token in tokens:
        if out and token.word == last_word:
            out[-1] = Word(out[-1].start, max(out[-1].end, token.end), out[-1].tag, out[-1].score)
        else:
            out.append(Word(token.start, token.end, token.tag, token.score))
        last_word = token.word
    return out


def entities(tagged: Iterable[Word]) -> list[tuple[int, int, str, float]]:
    """(start, end, type, score) of each entity the words' tags make; the score is the words' mean."""
    out: list[tuple[int, int, str, float]] = []
    current: list[Word] = []
    kind = OUTSIDE
    closed = True  # the current entity takes no more words (after E-, S-)

    def flush() -> None:
        if current and kind != OUTSIDE:
            score = sum(w.score for w in current) / len(current)
            out.append((current[0].start, current[-1].end, kind, score))
        current.clear()

    for word in tagged:
        prefix, this = split_tag(word.tag)
        if this == OUTSIDE:
            flush()
            kind, closed = OUTSIDE, True
            continue
        if prefix in _STARTS or closed or this != kind:
            flush()
            kind = this
        current.append(word)
        closed = prefix in _SINGLES or prefix in _LASTS
    flush()
    return out
