"""The figure and date rules hand their findings to `desktop.text.values`."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

from desktop.suggest import lexicon
from desktop.suggest.rules import find_rules
from desktop.text.values import Amount, DateValue, parse_amount, parse_date
from desktop.text.values import words as values_words

SEEDS = Path(__file__).resolve().parents[2] / "seeds"


def test_the_seed_documents_figures_have_values():
    values = {}
    for path in sorted(SEEDS.glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        values.update({text[f.start : f.end]: f.value(text) for f in find_rules(text) if f.kind != "date"})
    assert values["یک میلیارد و 800 میلیون دلار"] == Amount(Decimal(1_800_000_000), "USD")
    assert values["۴۵ هزار دستگاه"] == Amount(Decimal(45_000), "دستگاه")
    assert values["۳هزار طرح"] == Amount(Decimal(3_000), "طرح")
    assert all(v is not None for v in values.values()), values


def test_the_rules_date_findings_have_values():
    text = "در ۱۲ آبان ۱۴۰۴ و در سال ۲۰۱۶ میلادی، امسال"
    values = [f.value(text) for f in find_rules(text, ("date",))]
    assert values == [DateValue("solar_hijri", 1404, 8, 12), DateValue("gregorian", 2016), None]
    assert values[0] is not None and values[0].gregorian_range() == (dt.date(2025, 11, 3), dt.date(2025, 11, 3))


def test_the_figure_rule_and_the_values_share_their_words():
    """Every number, scale, currency and month word the rules find has a value, so a
    finding never loses its value to a spelling only one side knows."""
    numbers = values_words.UNITS.keys() | values_words.SCALES.keys() | {values_words.HALF}
    assert numbers >= lexicon.NUMBER_WORDS
    # No one code: «کرون» is Swedish, Norwegian, Danish or Czech; «سنت» a hundredth of any of several;
    # «افغانیی» is the lexicon's mechanical adjective of «افغانی», not a word.
    ambiguous = {lexicon.fold_word(w) for w in ("کرون", "سنت", "کرونی", "سنتی", "افغانیی")}
    assert lexicon.CURRENCIES - ambiguous <= values_words.CURRENCIES.keys()
    assert lexicon.CURRENCY_ADJECTIVES - ambiguous <= values_words.CURRENCIES.keys()
    assert values_words.SCALE_ADJECTIVES.keys() >= lexicon.SCALE_ADJECTIVES
    months = values_words.SOLAR_MONTHS.keys() | values_words.GREGORIAN_MONTHS.keys() | values_words.LUNAR_MONTHS.keys()
    assert months >= lexicon.MONTHS
    for word in lexicon.NUMBER_WORDS - {values_words.HALF, lexicon.fold_word("صفر")}:
        assert parse_amount(f"۲ {word} دلار" if word in lexicon.SCALES else word) is not None, word
    for month in lexicon.SOLAR_MONTHS:
        assert parse_date(f"۱۰ {month} ۱۴۰۴") is not None, month
