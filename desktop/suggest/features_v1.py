"""The CRF's first feature set (version 1), kept so models trained with it go on
tagging: the word, its affixes, its shape, what the rules' word lists say
about it, and the same for its neighbours. New models use `features`.

Words are folded (`desktop.suggest.tokens`), so spelling variants share
their weights. Features are strings (crfsuite turns `name=value` into one
binary feature), built once per sentence.
"""

from __future__ import annotations

import re

from desktop.suggest import lexicon as lx

FEATURES_VERSION = 1
_WINDOW = (-2, -1, 1, 2)
_LATIN = re.compile(r"[a-z]")
_DIGIT = re.compile(r"\d")

_CLASSES = (
    ("num", lx.NUMBER_WORDS),
    ("ord", lx.ORDINALS),
    ("pct", lx.PERCENT),
    ("cur", lx.CURRENCIES | lx.CURRENCY_ADJECTIVES),
    ("month", lx.MONTHS),
    ("wday", lx.WEEKDAYS),
    ("rel", lx.RELATIVE_DAYS),
    ("period", lx.PERIODS),
    ("mod", lx.PERIOD_MODIFIERS),
    ("tod", lx.TIME_OF_DAY),
    ("unit", lx.UNITS),
    ("given", lx.GIVEN_NAMES),
    ("person", lx.PERSON_CUES),
    ("org", lx.ORG_HEADS),
    ("place", lx.PLACE_HEADS),
    ("says", lx.SPEECH_VERBS),
)


def shape(word: str) -> str:
    """A coarse class: digits, Latin, punctuation, or Persian by length."""
    if _DIGIT.search(word):
        return "digits" if word[:1].isdigit() else "alnum"
    if _LATIN.search(word):
        return "latin"
    if not word.isalpha():
        return "punct"
    return "short" if len(word) <= 2 else "word"


def word_class(word: str) -> str:
    for name, words in _CLASSES:
        if word in words:
            return name
    return "-"


def _own(word: str) -> dict[str, str]:
    return {
        "w": word,
        "p2": word[:2],
        "p3": word[:3],
        "s2": word[-2:],
        "s3": word[-3:],
        "s4": word[-4:],
        "shape": shape(word),
        "class": word_class(word),
    }


def _neighbour(word: str, offset: int) -> dict[str, str]:
    return {f"{offset}w": word, f"{offset}s3": word[-3:], f"{offset}class": word_class(word)}


def sentence_features(words: list[str]) -> list[dict[str, str]]:
    """One feature dict per word of a sentence."""
    padded = ["<s>", "<s>", *words, "</s>", "</s>"]
    out = []
    for i, word in enumerate(words):
        features = _own(word)
        at = i + 2
        for offset in _WINDOW:
            features.update(_neighbour(padded[at + offset], offset))
        features["bi-1"] = f"{padded[at - 1]}|{word}"
        features["bi+1"] = f"{word}|{padded[at + 1]}"
        features["around"] = f"{padded[at - 1]}|{padded[at + 1]}"
        out.append(features)
    return out
