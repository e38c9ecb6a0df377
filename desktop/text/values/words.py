"""The words values are read from, each with what it means, in folded form.

Keys are folded like the suggesters' lexicon (`desktop.text.fold_table`, no
spaces or ZWNJ), so `سه‌شنبه`/`سهشنبه`, Arabic and Persian yeh and kaf are
one entry. The suggesters' word sets (`desktop.suggest.lexicon`) are a
superset for detection; a test checks every number and month word they know
has a value here.
"""

from __future__ import annotations

from desktop.text.fold_table import FOLD_TABLE


def fold_word(word: str) -> str:
    """The lookup form of a word: search folding, no spaces or ZWNJ."""
    return word.translate(FOLD_TABLE).replace(" ", "")


def word_list(text: str) -> list[str]:
    """Folded words of a space-separated list."""
    return [fold_word(w) for w in text.split()]


def _table(text: str, start: int = 1) -> dict[str, int]:
    """`"a b/c d"` -> {a: start, b: start+1, c: start+1, d: start+2}: `/` joins spellings."""
    out: dict[str, int] = {}
    for i, spellings in enumerate(text.split(), start):
        out.update({fold_word(w): i for w in spellings.split("/")})
    return out


UNITS = _table(
    "یک/یه دو سه چهار پنج شش/شیش هفت هشت نه ده یازده دوازده سیزده چهارده پانزده/پونزده شانزده هفده هجده/هیجده نوزده"
)
UNITS |= {w: 10 * i for i, w in enumerate(word_list("بیست سی چهل پنجاه شصت هفتاد هشتاد نود"), 2)}
UNITS |= {w: 100 * i for i, w in enumerate(word_list("صد دویست سیصد چهارصد پانصد ششصد هفتصد هشتصد نهصد"), 1)}
UNITS |= {fold_word("صفر"): 0, fold_word("یکصد"): 100, fold_word("یکهزار"): 1000, fold_word("دوهزار"): 2000}
HALF = fold_word("نیم")  # «یک و نیم میلیارد»
SCALES = {w: 10 ** (3 * i) for i, w in enumerate(word_list("هزار میلیون میلیارد تریلیون"), 1)}
SCALES[fold_word("بیلیون")] = 10**9
# «میلیونی», «میلیاردی»: an amount of money with its currency unsaid.
SCALE_ADJECTIVES = {w + "ی": v for w, v in SCALES.items()}
SIGNS = {fold_word("منفی"): -1, fold_word("منهای"): -1, fold_word("مثبت"): 1}
AND = fold_word("و")
RANGE_WORDS = frozenset(word_list("تا الی لغایت - –"))

ORDINALS = {fold_word("اول"): 1, fold_word("نخست"): 1, fold_word("سوم"): 3}
ORDINALS |= {w + "م": v for w, v in UNITS.items() if 0 < v <= 30}  # «دوم», «پنجم», «بیستم»
ORDINALS |= {fold_word("سی‌ام"): 30, fold_word("سی‌ویکم"): 31, fold_word("سی‌یکم"): 31}

PERCENT = frozenset({fold_word(w) for w in ("درصد", "درصدی", "%", "٪")})
CURRENCIES = {
    fold_word(word): code
    for code, words in {
        "IRR": "ریال",
        "IRT": "تومان",
        "USD": "دلار",
        "EUR": "یورو",
        "GBP": "پوند",
        "TRY": "لیره",
        "AED": "درهم",
        "IQD": "دینار",
        "RUB": "روبل",
        "JPY": "ین",
        "CNY": "یوان",
        "AZN": "منات",
        "INR": "روپیه",
        "KRW": "وون",
        "CHF": "فرانک",
        "AFN": "افغانی",
        "MYR": "رینگیت",
        "THB": "بات",
        "BTC": "بیت‌کوین",
    }.items()
    for word in words.split()
}
# «دلاری», «یورویی», «تومانی»: the adjective form names the same currency.
CURRENCIES |= {w + "ی": c for w, c in list(CURRENCIES.items()) if c != "AFN"} | {fold_word("یورویی"): "EUR"}
# A country after the currency word picks another currency: «دلار کانادا».
QUALIFIED = {
    (fold_word(a), fold_word(b)): code
    for a, b, code in (
        ("دلار", "آمریکا", "USD"),
        ("دلار", "کانادا", "CAD"),
        ("دلار", "استرالیا", "AUD"),
        ("دلار", "هنگ‌کنگ", "HKD"),
        ("دینار", "کویت", "KWD"),
        ("دینار", "عراق", "IQD"),
        ("لیره", "ترکیه", "TRY"),
        ("لیره", "لبنان", "LBP"),
        ("لیره", "سوریه", "SYP"),
        ("ریال", "عربستان", "SAR"),
        ("ریال", "سعودی", "SAR"),
        ("ریال", "قطر", "QAR"),
        ("ریال", "عمان", "OMR"),
        ("روپیه", "پاکستان", "PKR"),
    )
}
CENT = fold_word("سنت")

SOLAR_MONTHS = _table("فروردین اردیبهشت خرداد تیر مرداد/امرداد شهریور مهر آبان آذر دی بهمن اسفند")
GREGORIAN_MONTHS = _table(
    "ژانویه/ژانویهٔ/ژانویة/january/jan فوریه/february/feb مارس/march/mar آوریل/آپریل/april/apr "
    "مه/می/may ژوئن/ژوین/june/jun ژوئیه/ژوییه/جولای/july/jul اوت/آگوست/اگوست/august/aug "
    "سپتامبر/september/sep/sept اکتبر/october/oct نوامبر/november/nov دسامبر/december/dec"
)
LUNAR_MONTHS = _table(
    "محرم صفر ربیع‌الاول ربیع‌الثانی/ربیع‌الآخر/ربیع‌الاخر جمادی‌الاول/جمادی‌الاولی "
    "جمادی‌الثانی/جمادی‌الثانیه/جمادی‌الآخر رجب شعبان رمضان شوال ذی‌القعده/ذیقعده ذی‌الحجه/ذیحجه"
)
MONTH_WORD = fold_word("ماه")
YEAR_WORD = fold_word("سال")
ERAS = {
    **{fold_word(w): "gregorian" for w in ("میلادی", "م", "م.")},
    **{fold_word(w): "solar_hijri" for w in ("شمسی", "خورشیدی", "هجری‌شمسی", "ه.ش", "ه.ش.", "ش")},
    **{fold_word(w): "hijri_qamari" for w in ("قمری", "هجری‌قمری", "ه.ق", "ه.ق.", "ق")},
}
HIJRI = fold_word("هجری")  # «هجری شمسی», «هجری قمری»: the next word says which
# What may come before a date in its span: weekdays, «روز», «تاریخ», a relative day
# («امروز دوشنبه ۱۹ مهر»). Any other word makes it a period, not the date: «پایان سال ۲۰۱۶».
BEFORE_DATE = frozenset(
    word_list("شنبه یکشنبه دوشنبه سه‌شنبه چهارشنبه پنجشنبه پنج‌شنبه جمعه آدینه سه پنج روز تاریخ مورخ مورخه در")
    + word_list("امروز دیروز فردا پریروز پس‌فردا")
)
