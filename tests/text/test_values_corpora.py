"""Values on real news: PEYMA's money, percent and date spans (read in place from
../shared/data, skipped if absent)."""

from __future__ import annotations

from pathlib import Path

import pytest

from desktop.formats.conll import read_conll
from desktop.text.values import parse_amount, parse_date
from desktop.text.values.words import fold_word

PEYMA = Path(__file__).resolve().parents[3] / "shared" / "data" / "peyma-nsurl2019" / "300K"
RANGE_WORDS = {fold_word(w) for w in ("تا", "الی")}
WEEKDAYS = {
    fold_word(w): i for i, w in enumerate(["دوشنبه", "سه\u200cشنبه", "چهارشنبه", "پنجشنبه", "جمعه", "شنبه", "یکشنبه"])
}


@pytest.fixture(scope="module")
def peyma_spans() -> list[tuple[str, str]]:
    if not PEYMA.is_dir():
        pytest.skip("PEYMA is not in ../shared/data")
    out = []
    for path in sorted(PEYMA.glob("*.txt")):
        (record,) = read_conll(path.read_text(encoding="utf-8"), str(path))
        out += [(s.label, record.text[s.start : s.end]) for s in record.spans if s.label in ("MON", "PCT", "DAT")]
    return out


@pytest.mark.slow
def test_every_single_money_and_percent_span_gets_a_value(peyma_spans):
    """Ranges (`5 تا 10 درصد`) are left out on purpose; every other span gets a value."""
    misses = []
    for label, text in peyma_spans:
        if label in ("MON", "PCT") and not RANGE_WORDS & {fold_word(w) for w in text.split()}:
            amount = parse_amount(text)
            if amount is None or (label == "MON" and amount.unit == "percent"):
                misses.append(text)
    assert len(misses) <= 6, misses  # PEYMA's own slips: «آمریکا», «ساری», «روز دوشنبه» tagged MON


@pytest.mark.slow
def test_full_dates_with_a_weekday_fall_on_that_weekday(peyma_spans):
    """The conversion checked against the text: «دوشنبه 19 مهر 1395» must be a Monday."""
    checked, wrong = 0, []
    for label, text in peyma_spans:
        first = fold_word(text.split()[0])
        if label == "DAT" and first in WEEKDAYS and (date := parse_date(text)) and date.day:
            span = date.gregorian_range()
            assert span is not None
            checked += 1
            if span[0].weekday() != WEEKDAYS[first]:
                wrong.append(text)
    assert checked >= 5 and not wrong, wrong


@pytest.mark.slow
def test_dates_with_a_year_get_a_value(peyma_spans):
    """The rest are periods and ranges, refused on purpose: «سه ماهه اول سال 2016»,
    «پایان سال 2017», «پاییز 1394», «از سال 2017 تا 2020», «سال های 1990 و 2014»."""
    dated = [t for label, t in peyma_spans if label == "DAT" and any(len(w) == 4 and w.isdigit() for w in t.split())]
    values = [parse_date(t) for t in dated]
    assert len(dated) > 300
    assert sum(v is not None for v in values) >= 0.8 * len(dated)  # 308 of 363 when written
