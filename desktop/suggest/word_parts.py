"""What a raw token looks like: its shape over three digit scripts, its Persian
affixes and its ZWNJ-joined parts, for the CRF's features.

These read the token as stored, before folding: folding turns Persian and
Arabic-Indic digits into ASCII and drops ZWNJ, and both tell something
(`۱۴۰۴` is Persian news, `2025` a foreign date; `سازمان‌های` is a plural
written with care, `سازمانهای` the same word typed fast).
"""

from __future__ import annotations

from desktop.suggest.lexicon import fold_word

ZWNJ = "\u200c"
# Suffixes that attach to a noun in news text, longest first: plural, ezafe/indefinite «ی»,
# superlative, comparative, possessive. Folded (one yeh, no ZWNJ), as keys are.
SUFFIXES = tuple(
    fold_word(s) for s in ("ترین", "های", "هایی", "ها", "ان", "ات", "ای", "ی", "تر", "اش", "یم", "ید", "ند")
)
_SUFFIXES = tuple(sorted(set(SUFFIXES), key=len, reverse=True))
PREFIXES = tuple(fold_word(p) for p in ("می", "نمی", "بی", "نا", "هم", "بر", "فرا"))
_MIN_STEM = 2


def char_class(char: str) -> str:
    """One letter per kind of character: digits by script, letters by script."""
    if "0" <= char <= "9":
        return "d"
    if "\u06f0" <= char <= "\u06f9":
        return "f"  # Persian (extended Arabic-Indic) digits
    if "\u0660" <= char <= "\u0669":
        return "a"  # Arabic-Indic digits
    if char.isascii() and char.isalpha():
        return "X" if char.isupper() else "x"
    if char.isalpha():
        return "p"  # Persian/Arabic letters (and any other script)
    if char == ZWNJ:
        return "z"
    return char


def shape(word: str) -> str:
    """The word's character classes with runs squeezed: `۱۴۰۴` → `f`, `COVID19` → `Xd`."""
    out: list[str] = []
    for char in word:
        kind = char_class(char)
        if not out or out[-1] != kind:
            out.append(kind)
    return "".join(out)[:6]


def digit_scripts(word: str) -> str:
    """Which digit scripts occur: '' for none, else a sorted set such as `d`, `f`, `af`."""
    return "".join(sorted({k for k in map(char_class, word) if k in "daf"}))


def zwnj_parts(word: str) -> list[str]:
    """The folded parts a ZWNJ joins (`سازمان‌های` → `سازمان`, `های`); one part if none."""
    return [fold_word(p) for p in word.split(ZWNJ) if p]


def suffix(key: str) -> str:
    """The longest known suffix of a folded word that leaves a stem, or ''."""
    for ending in _SUFFIXES:
        if key.endswith(ending) and len(key) - len(ending) >= _MIN_STEM:
            return ending
    return ""


def prefix(key: str) -> str:
    for start in PREFIXES:
        if key.startswith(start) and len(key) - len(start) >= _MIN_STEM:
            return start
    return ""


def char_ngrams(key: str, n: int = 3) -> set[str]:
    """Letter n-grams of the word with its edges marked (`<ab`, `abc`, `bc>`)."""
    padded = f"<{key}>"
    return {padded[i : i + n] for i in range(len(padded) - n + 1)}
