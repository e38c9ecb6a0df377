"""Names for the edits normalisation makes, as counted in `Normalized.changes`.

Kinds: "yeh", "kaf", "digits" (Arabic/ASCII digits to Persian), "zwnj"
(inserted, removed, or replacing a space), "spacing" and
"punctuation_spacing" (spaces added or removed, the latter next to
punctuation), "diacritics", "tatweel", "removed" (other dropped characters),
"characters" (other one-for-one substitutions: `%`→`٪` outside numbers, `"`→`«`),
"other" (rewrites such as `...`→`…`). normalize adds "newline", "reflow"
and "whitespace" (edges and blank lines) itself.
"""

from __future__ import annotations

from collections import Counter

from desktop.text.chars import PERSIAN_DIGITS, TATWEEL, ZWNJ, is_mark, is_punctuation

# Line breaks inside a paragraph are reflow joins, which normalize counts
# itself; the aligner files them under this name and normalize drops it.
LINE_BREAK = "_line_break"


def count_substitutions(raw: str, out: str, changes: Counter[str]) -> None:
    """Count the one-for-one substitutions between equal-length stretches."""
    if raw != out:
        for r, o in zip(raw, out):
            if r != o:
                changes[substitution(r, o)] += 1


def substitution(r: str, o: str) -> str:
    if o == "ی":
        return "yeh"
    if o == "ک":
        return "kaf"
    if o in PERSIAN_DIGITS:
        return "digits"
    if ZWNJ in (r, o):
        return "zwnj"
    if r in "\n\r":
        return LINE_BREAK
    return "spacing" if r.isspace() else "characters"


def insertion(out: str, j: int) -> str:
    """Kind of the character `out[j]` that has no raw counterpart."""
    ch = out[j]
    if ch == ZWNJ:
        return "zwnj"
    if ch == " ":
        return "punctuation_spacing" if _near_punctuation(out[j - 1 : j] + out[j + 1 : j + 2]) else "spacing"
    return "other"


def deletion(ch: str, out: str, j: int) -> str:
    """Kind of the raw character `ch` dropped just before `out[j]`."""
    if ch in "\n\r":
        return LINE_BREAK
    if ch == ZWNJ:
        return "zwnj"
    if ch.isspace():
        return "punctuation_spacing" if _near_punctuation(out[j - 1 : j] + out[j : j + 1]) else "spacing"
    if ch == TATWEEL:
        return "tatweel"
    return "diacritics" if is_mark(ch) else "removed"


def _near_punctuation(chars: str) -> bool:
    return any(is_punctuation(c) for c in chars)
