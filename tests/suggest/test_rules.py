"""The figure and date rules on news Persian, span by span."""

import pytest

from desktop.suggest.rules import find_rules


def found(text: str) -> list[tuple[str, str]]:
    return [(text[f.start : f.end], f.kind) for f in find_rules(text)]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("صادرات به یک میلیارد و ۸۰۰ میلیون دلار رسید", [("یک میلیارد و ۸۰۰ میلیون دلار", "money")]),
        ("با ۲۱ رایزن بازرگانی دیدار کرد", [("۲۱ رایزن", "quantity")]),
        ("۴۵ هزار دستگاه خودرو", [("۴۵ هزار دستگاه", "quantity")]),
        ("رشد ۵۰ درصد بود", [("۵۰ درصد", "percent")]),
        ("رشد ٥٠ درصدی داشت", [("٥٠ درصدی", "percent")]),  # Arabic-Indic digits
        ("رشد 50% بود", [("50%", "percent")]),
        ("نرخ ۱۲٫۵ درصد شد", [("۱۲٫۵ درصد", "percent")]),
        ("حدود 5 تا 10 درصد", [("5 تا 10 درصد", "percent")]),
        ("بین یک تا سه درصد", [("بین یک تا سه درصد", "percent")]),
        ("بین 1.2 درصد تا 7.9 درصد", [("بین 1.2 درصد تا 7.9 درصد", "percent")]),
        ("منفی 2.8 درصد", [("منفی 2.8 درصد", "percent")]),
        ("صد در صد", [("صد در صد", "percent")]),
        ("24 میلیون و 850 هزار تومان", [("24 میلیون و 850 هزار تومان", "money")]),
        ("قیمت 50 دلار و 82 سنت", [("50 دلار و 82 سنت", "money")]),
        ("50 تا 60 میلیون تومان", [("50 تا 60 میلیون تومان", "money")]),
        ("پروژه 170 میلیارد دلاری", [("170 میلیارد دلاری", "money")]),
        ("وام 160 میلیونی مسکن", [("160 میلیونی", "money")]),
        ("مبلغ 5 هزارتومان", [("5 هزارتومان", "money")]),
        ("۳۰۰ تن گندم", [("۳۰۰ تن", "quantity")]),
        ("50% و ۳۰ درصد", [("50%", "percent"), ("۳۰ درصد", "percent")]),
    ],
)
def test_figures(text, expected):
    assert found(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "یک روز خوب",  # «یک» alone is an article
        "دو کشور همسایه",  # a lone small number word is not an amount
        "ماده ۲۱ قانون",  # a number after its noun is a reference
        "نه، او نرفت",
    ],
)
def test_not_figures(text):
    assert [k for _, k in found(text) if k != "date"] == []


@pytest.mark.parametrize(
    "text, expected",
    [
        ("در ۱۲ آبان ۱۴۰۴ برگزار شد", "۱۲ آبان ۱۴۰۴"),
        ("پنجشنبه 27 خرداد 1395 گفت", "پنجشنبه 27 خرداد 1395"),
        ("روز سه شنبه منتشر شد", "روز سه شنبه"),
        ("روز سه‌شنبه منتشر شد", "روز سه‌شنبه"),
        ("هفتم اسفند ماه سال گذشته", "هفتم اسفند ماه سال گذشته"),
        ("در سال 2016 میلادی", "سال 2016 میلادی"),
        ("در سال‌های ۹۳ و ۹۴", "سال‌های ۹۳ و ۹۴"),
        ("امسال بیشتر بود", "امسال"),
        ("او امروز به تهران رفت", "امروز"),
        ("سال گذشته رشد کرد", "سال گذشته"),
        ("این هفته برگزار می شود", "این هفته"),
        ("دو روز پیش آمد", "دو روز پیش"),
        ("ابتدای سال جاری", "ابتدای سال جاری"),
        ("طی سه ماهه اول سال 2016 رشد", "سه ماهه اول سال 2016"),
        ("تاریخ 1395/01/25 ثبت", "1395/01/25"),
        ("date 2025-11-12 تبریز", "2025-11-12"),
        ("از 15 تا 17 اردیبهشت ماه", "از 15 تا 17 اردیبهشت ماه"),
        ("مهرماه امسال", "مهرماه امسال"),
        ("ماه مارس", "ماه مارس"),
        ("16 June 2016", "16 June 2016"),
        ("بهار 95 آغاز شد", "بهار 95"),
        ("۲۵ دسامبر ۲۰۲۴", "۲۵ دسامبر ۲۰۲۴"),
    ],
)
def test_dates(text, expected):
    assert [t for t, k in found(text) if k == "date"] == [expected]


@pytest.mark.parametrize(
    "text",
    [
        "صبح امروز در جلسه",  # a time of day: a time, not a date
        "چهارشنبه شب بازی کرد",
        "در نماز جمعه گفت",
        "جشنواره بهار نارنج",  # a bare season is more often a name
        "او گفت: امروز ما قوی هستیم",  # «امروز» opening a clause: nowadays
        "تیر به هدف خورد",  # an ambiguous month alone
        "سه شنبه ها تعطیل است",
        "با شمارگان 2000 نسخه",  # a year-like number that counts something
    ],
)
def test_not_dates(text):
    assert [t for t, k in found(text) if k == "date"] == []


def test_a_date_keeps_its_numbers_from_the_figure_rule():
    assert found("در ۱۲ آبان ۱۴۰۴ رئیس گفت") == [("۱۲ آبان ۱۴۰۴", "date")]


def test_offsets_are_exact_under_diacritics_and_zwnj():
    text = "رشدِ ۵۰ درصدی و سه‌شنبه‌ ۱۴ تیرماه"
    assert found(text) == [("۵۰ درصدی", "percent"), ("سه‌شنبه‌ ۱۴ تیرماه", "date")]
