"""Numbers, dates, times, phone numbers, URLs, e-mail addresses and Latin words
come out of normalisation exactly as written, with an exact map, and no space
added into or next to them; unifying digits is opt-in and touches numbers only."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from text.text_strategies import any_text, seed_texts

from desktop.text import normalize
from desktop.text.protect import PROTECTED, protected_runs

# (raw, protected run, stored text): hazm still normalises the Persian around
# each run (Arabic yeh and kaf, ZWNJ, punctuation spacing).
CASES = [
    ("تاريخ 2025-11-12 اعلام شد", "2025-11-12", "تاریخ 2025-11-12 اعلام شد"),
    ("در تاريخ ۱۴۰۴/۰۸/۲۱ بود", "۱۴۰۴/۰۸/۲۱", "در تاریخ ۱۴۰۴/۰۸/۲۱ بود"),
    ("نسخه 2.0 منتشر شد", "2.0", "نسخه 2.0 منتشر شد"),
    ("1,234 نفر آمدند", "1,234", "1,234 نفر آمدند"),
    ("نرخ ۱۲٫۵ درصد", "۱۲٫۵", "نرخ ۱۲٫۵ درصد"),
    ("رشد 50% بود", "50%", "رشد 50% بود"),
    ("ساعت 14:30 رسيد", "14:30", "ساعت 14:30 رسید"),
    ("تلفن:+98-21-1234 است", "+98-21-1234", "تلفن:+98-21-1234 است"),
    ("شماره 021-12345678 را بگیرید", "021-12345678", "شماره 021-12345678 را بگیرید"),
    ("عدد ٣٤ و ۳هزار", "٣٤", "عدد ٣٤ و ۳هزار"),
    (
        "طبق https://example.com/a1.html?x=1 اعلام شد.",
        "https://example.com/a1.html?x=1",
        "طبق https://example.com/a1.html?x=1 اعلام شد.",
    ),
    ("به info@news.ir بنويسيد", "info@news.ir", "به info@news.ir بنویسید"),
    ("شرکت SMB خبر داد", "SMB", "شرکت SMB خبر داد"),
    ("بيماري COVID-19 آمد", "COVID-19", "بیماری COVID-19 آمد"),
    ("گوشي iPhone را خريد", "iPhone", "گوشی iPhone را خرید"),
]


def _assert_exact_map(result, raw: str, run: str) -> None:
    rs, ss = raw.index(run), result.text.index(run)
    for k in range(len(run)):  # one to one, character by character
        assert result.offsets.raw_span(ss + k, ss + k + 1) == (rs + k, rs + k + 1)
    assert result.offsets.stored_span(rs, rs + len(run)) == (ss, ss + len(run))


@pytest.mark.parametrize(("raw", "run", "stored"), CASES)
def test_protected_content_is_kept_exactly_with_an_exact_map(raw, run, stored):
    result = normalize(raw)
    assert result.text == stored
    _assert_exact_map(result, raw, run)
    assert "digits" not in result.changes


@pytest.mark.parametrize(
    ("raw", "stored"),
    [
        ("+98-21-1234", "+98-21-1234"),  # hazm: `+ ۹۸-۲۱-۱۲۳۴`
        ("COVID-19 و COVID19", "COVID-19 و COVID19"),  # hazm: `COVID- ۱۹`, `COVID ۱۹`
        ("سال۱۴۰۳ و ۳هزار", "سال۱۴۰۳ و ۳هزار"),  # hazm: `سال ۱۴۰۳`, `۳ هزار`
        ("50،60 و (2025)", "50،60 و (2025)"),  # hazm: `50، 60`
        ("-5 درجه", "-5 درجه"),  # hazm: `- ۵`
    ],
)
def test_no_space_is_added_into_or_next_to_them(raw, stored):
    assert normalize(raw).text == stored


def test_spaces_the_raw_text_had_next_to_them_stay():
    raw = "قیمت 2.0 دلار ( 50 ) و ۱۲ GB"
    assert normalize(raw).text == "قیمت 2.0 دلار (50) و ۱۲ GB"  # only hazm's bracket rule


def test_unify_digits_makes_numbers_persian_with_an_exact_map():
    raw = "تاريخ 2025-11-12 ساعت 14:30 تلفن +98-21-1234 و ٣٤"
    result = normalize(raw, unify_digits=True)
    assert result.text == "تاریخ ۲۰۲۵-۱۱-۱۲ ساعت ۱۴:۳۰ تلفن +۹۸-۲۱-۱۲۳۴ و ۳۴"
    for run, unified in [("2025-11-12", "۲۰۲۵-۱۱-۱۲"), ("+98-21-1234", "+۹۸-۲۱-۱۲۳۴")]:
        rs, ss = raw.index(run), result.text.index(unified)
        for k in range(len(run)):
            assert result.offsets.raw_span(ss + k, ss + k + 1) == (rs + k, rs + k + 1)
    assert result.changes == {"digits": 22, "yeh": 1}


def test_unify_digits_leaves_latin_words_urls_and_emails_alone():
    raw = "COVID-19 و https://x.ir/2025 و a1@b2.ir و 2.0"
    assert normalize(raw, unify_digits=True).text == "COVID-19 و https://x.ir/2025 و a1@b2.ir و ۲.۰"


def test_unify_digits_without_persian_normalisation_changes_digits_only():
    raw = "علي 2025-11-12\r\nCOVID-19"
    result = normalize(raw, persian=False, reflow=False, unify_digits=True)
    assert result.text == "علي ۲۰۲۵-۱۱-۱۲\nCOVID-19"
    assert result.changes == {"digits": 8, "newline": 1}
    assert result.offsets.raw_span(4, 14) == (4, 14)


# `protected_runs` tries `PROTECTED` only where a run can start: the same runs as `finditer`.
RUN_ALPHABET = "0123456789۰۱۲۳۴۵۶۷۸۹٠١٢३AbzÉßőſ._%+-@:/,٫٬'’&«»\"<>()!?؟،؛ \u200cابکی٪‰ht"
RUN_PIECES = ["http://", "https://", "www.", "@x.ir", "COVID-19", "2025-11-12", "+98", "a.b", "50%", "x@y"]
run_texts = st.lists(st.one_of(st.sampled_from(RUN_PIECES), st.text(RUN_ALPHABET, max_size=4)), max_size=20).map(
    "".join
)


@settings(max_examples=500)
@given(st.one_of(run_texts, any_text))
def test_protected_runs_are_what_finditer_finds(text):
    assert [m.span() for m in protected_runs(text)] == [m.span() for m in PROTECTED.finditer(text)]


def test_protected_runs_of_the_seeds_are_what_finditer_finds():
    for text in seed_texts().values():
        for line in text.splitlines():
            assert [m.span() for m in protected_runs(line)] == [m.span() for m in PROTECTED.finditer(line)]


@settings(max_examples=300)
@given(run_texts, st.lists(st.sampled_from([" ", "  ", "ب", "q", "qzx", "۱", "xzq", "a"]), max_size=12), st.data())
def test_restoring_finds_the_slots_the_pattern_without_its_look_ahead_finds(text, noise, data):
    import re

    from desktop.text.protect import Masked

    masked = Masked(text)
    pieces = re.findall(r"[०-९]+|qzx[a-j]+xzq|[^०-९q]+|q", masked.text) + noise
    output = "".join(data.draw(st.permutations(pieces)))  # slots, spaces and letters as hazm might leave them
    restored = masked.restore(output)
    masked._slot = re.compile(re.sub(r"^\(\?=\[[^\]]*\]\)", "", masked._slot.pattern))
    assert masked._slot.pattern.startswith("( ?)")
    assert restored == masked.restore(output)
