"""The value lexer's word branch: a word and an abbreviation after it (ه.ش) are one branch of the
token pattern, so each word is matched once, not first as an abbreviation that finds no `.` and then
again as a word (issue 17: reading the values of doccano-1k's 784 figure and date spans). The
tokens must be the ones the two-branch pattern gave, folded as `fold_word` folds."""

from __future__ import annotations

import re
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from desktop.text.fold_table import FOLD_TABLE
from desktop.text.values.lexer import _LETTER, _WORD_PART, Token, tokens
from desktop.text.values.numbers import digits_value
from desktop.text.values.words import fold_word

_TWO_BRANCHES = re.compile(
    r"\d+(?:[.,/\-٫٬،]\d+)*"
    rf"|{_LETTER}{_WORD_PART}*(?:\.{_LETTER}+)+\.?"
    rf"|{_LETTER}{_WORD_PART}*"
    r"|[%٪]"
)
_ALPHABET = list("هشقسالآبانaZé_1٤۴٫٬،.,/-%٪ \u00a0\t\n\u200c\u200d\u0640\u064b\u0670\u0654ك يي")


def _before(text: str) -> list[Token]:
    return [Token(m.start(), m.end(), fold_word(m.group())) for m in _TWO_BRANCHES.finditer(text)]


@settings(max_examples=2000, deadline=None)
@given(st.text(st.sampled_from(_ALPHABET), max_size=30))
def test_tokens_are_the_two_branch_patterns(text):
    assert tokens(text) == _before(text)


def test_abbreviations_and_words_next_to_them():
    for text in ("۱۴۰۴ ه.ش", "سال ۱۴۴۵ ه.ق.", "ه.ش.", "هجری.", "a.b.c d", "x. y", "۲۱ آبان‌ماه", "ب.ظ۵"):
        assert tokens(text) == _before(text), text


def test_no_token_character_folds_to_a_space():
    """`tokens` folds without `fold_word`'s space removal: nothing a token can hold folds to one."""
    token_char = re.compile(r"[\w\u064b-\u065f\u0670\u0654\u200c\u200d\u0640.,/\-٫٬،%٪]")
    for code, folded in FOLD_TABLE.items():
        as_text = chr(folded) if isinstance(folded, int) else folded or ""
        if " " in as_text:
            assert token_char.fullmatch(chr(code)) is None, hex(code)


@settings(max_examples=2000, deadline=None)
@given(st.text(st.sampled_from(_ALPHABET + list("0123456789٠١۰۹²१")), max_size=12))
def test_digits_value_is_the_patterns_answer(key):
    """`digits_value` turns a word away before its three patterns (each needs a `\\d` first)."""
    assert digits_value(key) == _patterns_value(key)


def _patterns_value(key: str) -> Decimal | None:
    if re.match(r"^\d+$", key):
        return Decimal(key)
    if re.match(r"^\d{1,3}(?:(,)\d{3})+$|^\d{1,3}(?:\.\d{3}){2,}$", key):
        return Decimal(key.replace(",", "").replace(".", ""))
    if re.match(r"^\d+\.\d+$", key):
        return Decimal(key)
    return None
