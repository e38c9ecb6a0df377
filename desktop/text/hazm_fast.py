"""hazm's `Normalizer.normalize`, pass for pass, without the work that cannot change a text.

hazm runs some forty regular expressions over every text, most of which find nothing in
most texts (no `"`, no double space, no ZWNJ), and several that try a look-behind or a
word boundary at every character. `install` gives a Normalizer a `normalize` with the
same passes in the same order, each one:

- skipped when the text lacks a substring every match contains (`"  " in text` before
  ` {2,}`): a pass that cannot match returns its input;
- or rewritten to a pattern that matches the same places and replaces them the same way
  but is found faster (the literal first, the look-behind after it; see `_REWRITTEN`);
- hazm's two translation tables are one table (its style pass between them moves no digit
  and `\\d` reads both kinds alike), applied only to the runs of characters it changes, and
  `token_spacing` is hazm's loop with its look-ups bound once.

Only for the hazm these passes were copied from: `install` checks hazm's version and a
digest of every constant the passes use, and leaves another hazm's Normalizer as it is.
tests/text/test_hazm_fast.py compares the output with hazm's own, byte for byte.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable
from functools import cache
from importlib import metadata
from typing import Any, Protocol

HAZM_VERSION = "0.12.1"
_L = "آابپتثجچحخدذرزژسشصضطظعغفقکگلمنوهی"  # hazm's Persian letter class
_STOPS = r"\.:!،؛؟»\]\)\}"  # hazm's closing punctuation class
_OPENS = r"«\[\(\{"
ZWNJ = "\u200c"


class _Sub(Protocol):
    """What a pass runs: a compiled pattern, or `_MiSpacing`."""

    def sub(self, repl: str, string: str) -> str: ...


Pass = tuple[_Sub, str, Callable[[str], bool]]


def _has(*needles: str) -> Callable[[str], bool]:
    """The precheck of a pass whose every match contains one of `needles`."""
    if len(needles) == 1:
        needle = needles[0]
        return lambda text: needle in text
    return lambda text: any(needle in text for needle in needles)


def _found(pattern: str) -> Callable[[str], bool]:
    """The precheck of a pass that matches exactly where `pattern` (found faster: a literal
    first) is found."""
    search = re.compile(pattern).search
    return lambda text: search(text) is not None


def _always(text: str) -> bool:
    return True


def _edges(text: str) -> bool:
    """`^ +| +$` (no MULTILINE): a space first, last, or last before a final newline."""
    return text[:1] == " " or text[-1:] == " " or text[-2:] == " \n"


# hazm's patterns, rewritten (the original in the comment); tests check each pair on
# random texts of the characters that matter, and on the corpora.
_REWRITTEN = {
    # \b\u200c*\B and \B\u200c*\b: an empty match needs \b and \B at one place, impossible.
    "zwnj_after_word": r"\b\u200c+\B",
    "zwnj_before_word": r"\B\u200c+\b",
    # (?<=[^\n\d \.:!...]{2}) (تر(ین?)?|گری?|های?)(?=...): the space first, then the look-behind.
    "affix_suffix": r" (?<=[^\n\d \.:!،؛؟»\]\)\}«\[\(\{]{2} )(تر(ین?)?|گری?|های?)(?=[ \n\.:!،؛؟»\]\)\}«\[\(\{]|$)",
    # ([^ «\[\(\{])([«\[\(\{]) -> \1 \2: the bracket first, what precedes it looked back at
    # (a look-behind of two characters after the match, not of one before it: the search then
    # skips to each bracket at C speed, 4x faster).
    "space_before_open": rf"[{_OPENS}](?<=[^ {_OPENS}][{_OPENS}])",
    # (\d)([L]) -> \1 \2 and ([L])(\d) -> \1 \2: from the digit, which is rarer than a letter.
    "digit_then_letter": rf"\d(?=[{_L}])",
    "letter_then_digit": rf"\d(?<=[{_L}]\d)",
    # ([^ ]ه) (ا(م|یم|ش|ند|ی|ید|ت))(?=...) -> \1\u200c\2: from the heh, what precedes it looked back
    # at (never part of an earlier match, which ends before a space or a stop): 4x faster.
    "heh_affix": rf"ه(?<=[^ ]ه) (ا(?:م|یم|ش|ند|ی|ید|ت))(?=[ \n{_STOPS}]|$)",
    # The WordTokenizer's r'([؟!?]+|[\d.:]+|[:.،؛»\])}"«\[({/\\])' -> r" \1 ", behind a look-ahead
    # for the characters a match starts with: the search skips to each at C speed (2x faster).
    "tokenizer_split": r'(?=[؟!?\d.:،؛»\])}"«\[({/\\])([؟!?]+|[\d.:]+|[:.،؛»\])}"«\[({/\\])',
}
_TOKENIZER_SPLIT = r'([؟!?]+|[\d.:]+|[:.،؛»\])}"«\[({/\\])'  # hazm 0.12's WordTokenizer.pattern
_TOKENIZER_OPTIONS = ["_join_verb_parts", "_join_abbreviation", "separate_emoji", "replace_links", "replace_ids"]
_TOKENIZER_OPTIONS += ["replace_emails", "replace_numbers", "replace_hashtags"]


@cache
def _passes() -> tuple[tuple[Pass, ...], tuple[Pass, ...], tuple[Pass, ...], tuple[Pass, ...]]:
    """(style, extra space, affix spacing, punctuation spacing), in hazm's order."""
    from hazm.constants import (
        AFFIX_SPACING_PATTERNS,
        EXTRA_SPACE_PATTERNS,
        PERSIAN_STYLE_PATTERNS,
        PUNCTUATION_SPACING_PATTERNS,
    )

    def own(patterns: list[tuple[str, str]], checks: list[Callable[[str], bool]]) -> list[Pass]:
        return [(re.compile(p), r, check) for (p, r), check in zip(patterns, checks, strict=True)]

    r = {name: re.compile(pattern) for name, pattern in _REWRITTEN.items()}
    # ([\d+])\.([\d+]) tries its class at every character (a tenth of hazm's passes on news, with
    # no match: a number is one masked run); a match is a dot between two of the class, found from the dot.
    style = own(PERSIAN_STYLE_PATTERNS, [_has('"'), _found(r"\.(?<=[\d+]\.)[\d+]"), _has("...")])
    extra = own(
        EXTRA_SPACE_PATTERNS,
        [
            _edges,
            _has("  "),
            _has("\n\n\n"),
            _has(ZWNJ * 2),
            _has(ZWNJ + " "),
            _has(" " + ZWNJ),
            _always,
            _always,
            _always,
        ],
    )
    extra[6] = (r["zwnj_after_word"], "", _has(ZWNJ))
    extra[7] = (r["zwnj_before_word"], "", _has(ZWNJ))
    extra[8] = (extra[8][0], "", _has("ـ", "\r"))
    affix = own(AFFIX_SPACING_PATTERNS, [_has("ه ی "), _has("می "), _always, _has("ه ا"), _has("هها")])
    affix[2] = (r["affix_suffix"], affix[2][1], _has(" تر", " گر", " ها"))
    affix[3] = (r["heh_affix"], "ه\u200c\\1", affix[3][2])
    affix[1] = (_MiSpacing(), affix[1][1], affix[1][2])
    punct = own(PUNCTUATION_SPACING_PATTERNS, [_has('" '), _always, _always, _has(".", ":")] + [_always] * 4)
    punct[5] = (r["space_before_open"], r" \g<0>", _always)
    punct[6] = (r["digit_then_letter"], r"\g<0> ", _always)
    punct[7] = (r["letter_then_digit"], r" \g<0>", _always)
    return tuple(style), tuple(extra), tuple(affix), tuple(punct)


class _MiSpacing:
    """hazm's `(^| )(ن?می) ` -> `\\1\\2\u200c`, found from its first letter (hazm's pattern has nothing
    `re` can search for, so it is tried at every character: 40 -> ~15 ms on 1,000 news texts).

    The space before is looked at, not taken, so one refused where hazm's match would have taken
    it as the space after the previous match (`می می `: only the first is joined)."""

    _PATTERN = re.compile(r"[نم](?:(?<=ن)(?<![^ ]ن)می|(?<=م)(?<![^ ]م)ی) ")

    def sub(self, repl: str, string: str) -> str:
        end = -1  # where the last match replaced ended: its space is gone

        def joined(match: re.Match[str]) -> str:
            nonlocal end
            if match.start() == end:
                return match.group()
            end = match.end()
            return match.group()[:-1] + ZWNJ

        return self._PATTERN.sub(joined, string)


def _run(passes: tuple[Pass, ...], text: str) -> str:
    for pattern, replacement, check in passes:
        if check(text):
            text = pattern.sub(replacement, text)
    return text


def _digest() -> str:
    """A digest of every hazm constant the passes above were copied from."""
    from hazm import constants as c

    names = [
        "TRANSLATION_SRC",
        "TRANSLATION_DST",
        "NUMBERS_SRC",
        "NUMBERS_DST",
        "PERSIAN_STYLE_PATTERNS",
        "EXTRA_SPACE_PATTERNS",
        "AFFIX_SPACING_PATTERNS",
        "PUNCTUATION_SPACING_PATTERNS",
        "DIACRITICS_PATTERNS",
        "SPECIAL_CHARS_PATTERNS",
        "UNICODE_REPLACEMENTS",
    ]
    parts = [repr(getattr(c, name)) for name in names] + [repr(sorted(c.SUFFIXES))]
    return hashlib.sha256("\n".join(parts).encode("utf-8")).hexdigest()


EXPECTED_DIGEST = "14e9cd716297ba80a77d7cdbfed85be4e065fa88026c1e4fab72ae479baf9dcb"  # hazm 0.12.1


def applies(normalizer: Any) -> bool:
    """True when `normalizer` is hazm 0.12.1's default Normalizer, the one copied here."""
    try:
        version = metadata.version("hazm")
    except metadata.PackageNotFoundError:
        return False
    flags = [
        "_correct_spacing",
        "_remove_diacritics",
        "_remove_specials_chars",
        "_decrease_repeated_chars",
        "_persian_style",
        "_persian_number",
        "_unicodes_replacement",
        "_seperate_mi",
    ]
    if version != HAZM_VERSION or not all(getattr(normalizer, flag, None) is True for flag in flags):
        return False
    return normalizer._tokenizer is not None and bool(normalizer._words) and _digest() == EXPECTED_DIGEST


@cache
def _table() -> list[Any]:
    """hazm's translation table and then its numbers table, as one dense table."""
    from hazm.constants import NUMBERS_DST, NUMBERS_SRC, TRANSLATION_DST, TRANSLATION_SRC
    from hazm.utils import maketrans

    first, numbers = maketrans(TRANSLATION_SRC, TRANSLATION_DST), maketrans(NUMBERS_SRC, NUMBERS_DST)
    table: list[Any] = list(range(0x10000))
    for code, out in numbers.items():
        table[code] = out
    for code, out in first.items():  # then the numbers table on what the first one made
        table[code] = out.translate(numbers)
    return table


def _translated_class() -> str:
    """A character class of every character `_table` may change: those of hazm's two tables."""
    from hazm.constants import NUMBERS_SRC, TRANSLATION_SRC

    return "[" + "".join(map(re.escape, sorted(set(TRANSLATION_SRC + NUMBERS_SRC)))) + "]"


def trim(normalizer: Any) -> Any:
    """`normalizer` without the verbs no look-up can find, when `applies` (before pickling it).

    hazm looks a verb up only as tokens joined by a ZWNJ or `_`, or a word with its `می`
    joined: never with a space, which 298,000 of its 346,000 verbs hold (compound tenses).
    Without them the pickle is 40% smaller and loads in two thirds of the time.

    hazm reads a word's entry (its count, `> 0`) only for a pair, which holds a ZWNJ; any
    other word is only looked for. Those 180,000 words share one entry: the pickle is a
    quarter smaller again and loads in half the time (0.16 -> 0.08 s).
    """
    if applies(normalizer):
        normalizer._verbs = {verb for verb in normalizer._verbs if " " not in verb}
        words = {word: entry if ZWNJ in word else _LISTED for word, entry in normalizer._words.items()}
        if normalizer._tokenizer.words is normalizer._words:
            normalizer._tokenizer.words = words  # (the same dict, pickled once)
        normalizer._words = words
    return normalizer


_LISTED = (0, ())  # the entry of a word without a ZWNJ, once trimmed: listed, never counted


def install(normalizer: Any) -> Any:
    """`normalizer` with the fast `normalize` (on the instance), when `applies`; else as it is."""
    if not applies(normalizer):
        return normalizer
    normalizer.normalize = _FastNormalize(normalizer)
    return normalizer


def _fast_tokenize(tokenizer: Any) -> Callable[[str], list[str]]:
    """The tokenizer's `tokenize`, with the faster split pattern when it is hazm's plain one
    (every option off, as the Normalizer makes it: a `sub` and a split on spaces)."""
    if any(getattr(tokenizer, name, True) for name in _TOKENIZER_OPTIONS) or (
        getattr(tokenizer, "pattern", None) is None or tokenizer.pattern.pattern != _TOKENIZER_SPLIT
    ):
        own: Callable[[str], list[str]] = tokenizer.tokenize
        return own
    split = re.compile(_REWRITTEN["tokenizer_split"]).sub

    def tokenize(line: str) -> list[str]:
        return list(filter(None, split(r" \1 ", line.replace("\n", " ").replace("\t", " ")).split(" ")))

    return tokenize


def _joinable(words: dict[str, Any], verbs: set[str]) -> set[str]:
    """Every token `token_spacing` could join to the one before it as a word or verb: what
    follows a ZWNJ in one (`pair = previous + ZWNJ + token` is looked up), a superset."""
    listed = "\n".join(words) + "\n" + "\n".join(verbs)
    return set(re.findall(r"\u200c(?=([^\n]*))", listed))


class _FastNormalize:
    """hazm's `Normalizer.normalize` (default options) for one Normalizer."""

    def __init__(self, normalizer: Any) -> None:
        from hazm.constants import SUFFIXES

        self.n = normalizer
        self.table = _table()
        self.translated = re.compile(_translated_class() * 2 + "*")  # (`c+` would hide the class from `re`'s search)
        self.style, self.extra, self.affix, self.punct = _passes()
        self.words, self.verbs, self.suffixes = normalizer._words, normalizer._verbs or set(), SUFFIXES
        self.joinable = _joinable(self.words, self.verbs) | set(SUFFIXES)
        self.tokenize = _fast_tokenize(normalizer._tokenizer)
        # hazm's `\bن?می[L]+`, found from its first letter: a `\b` first is tried at every character.
        self.mi = re.compile(rf"[نم](?<=\b[نم])(?:(?<=ن)می|(?<=م)ی)[{_L}]+")

    def __call__(self, text: str) -> str:
        n = self.n
        text = _run(self.style, self.translate(text))
        text = n.remove_diacritics(text)
        text = self.correct_spacing(text)
        text = n.unicodes_replacement(text)
        text = n.remove_specials_chars(text)
        text = n.decrease_repeated_chars(text)
        return self.mi.sub(self._mi, text) if "می" in text else text

    def translate(self, text: str) -> str:
        """`text.translate(self.table)`, translating only the runs of characters the table changes:
        `translate` looks every character up (~35 ns each), and news has few it changes."""
        table = self.table
        return self.translated.sub(lambda run: run.group().translate(table), text)

    def correct_spacing(self, text: str) -> str:
        lines = []
        for line in _run(self.extra, text).split("\n"):
            lines.append(" ".join(self.token_spacing(self.tokenize(line))) if line.strip() else line)
        return _run(self.punct, _run(self.affix, "\n".join(lines)))

    def token_spacing(self, tokens: list[str]) -> list[str]:
        """hazm's `token_spacing`, its dictionaries bound once, a token not in `joinable` appended
        without a look-up (most lines have none after the first token: returned as they are)."""
        joinable = self.joinable
        if joinable.isdisjoint(tokens[1:]):
            return tokens
        words, verbs, suffixes = self.words, self.verbs, self.suffixes
        result: list[str] = []
        last = len(tokens) - 1
        for t, token in enumerate(tokens):
            if result and token in joinable:
                pair = result[-1] + ZWNJ + token
                entry = words.get(pair)
                if pair in verbs or (entry is not None and entry[0] > 0):
                    if not (t < last and verbs and token + "_" + tokens[t + 1] in verbs):
                        result[-1] = pair
                        continue
                elif token in suffixes and result[-1] in words:
                    result[-1] = pair
                    continue
            result.append(token)
        return result

    def _mi(self, match: re.Match[str]) -> str:
        """hazm's `seperate_mi` replacement: a ZWNJ after the (ن)می of a word that is then a verb."""
        word = match.group(0)
        cut = 3 if word.startswith("نمی") else 2
        joined = word[:cut] + ZWNJ + word[cut:]
        return joined if joined in self.verbs else word
