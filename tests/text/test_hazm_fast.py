"""hazm_fast: hazm's normalize with its needless work skipped gives hazm's bytes, exactly.

Compared with hazm's own `Normalizer.normalize` (the class's method, which the fast one
replaces on the instance): texts with ZWNJs, digits of three kinds, Arabic letters, CRLF,
quotes, ellipses, diacritics and presentation forms; random texts of those characters;
each rewritten pattern against hazm's; and real news read in place from ../shared/data.
"""

from __future__ import annotations

import copy
import re
from pathlib import Path

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from desktop.text import hazm_bridge, hazm_fast, hazm_tables, normalize

DATA = Path(__file__).resolve().parents[3] / "shared" / "data"
PEYMA = DATA / "peyma-nsurl2019" / "300K"
ARMAN = DATA / "arman-personer" / "test_fold1.txt"

SAMPLES = [
    "اين كتاب‌ها ١٢٣ صفحه دارد… «سلاممممم»  دوستان!!! مي‌روم",
    "می‌خواهم  به  خانه\u200c\u200c ها بروم\r\nو  ۱۲۳ و 456 و ٤٥٦ کتاب2 را بخوانم.",
    'او گفت: "این کتابها را نمیخوانم" ... و رفت(امروز)[دیروز]{فردا}',
    "حَذفِ اِعراب و ﷺ و ﷲ و ﻻ و “نقل” و 10.450 و 50% \u200cسلام\u200c به \u200cهمه\u200c",
    "زمین لرزه ای به بزرگی ۶ دهم ریشتر\n\n\n\nبزرگ تر و بزرگ ترین کارگر ها خانه ی ما",
    "ـــکشیده‌ـ  \u200c  و\r\nسطر\rدوم  ",
    " ",
    "",
]
ALPHABET = (
    ' \n\r\t\u200c\u200d.:!،؛؟»«[](){}"ـ0123456789۰۱۲۳۴۵۶۷۸۹٠١٢%+_ab'
    "آابپتثجچحخدذرزژسشصضطظعغفقکگلمنوهیيكة\u064b\u0650\u0651\u0654\u0670ﷺﷲﻻ“”\xa0ى…😀"
)
PIECES = ["می", "نمی", "ها", "های", "تر", "ترین", "گر", "ه ی ", "ای", "است", "کتاب", "رود", "...", "  ", "هها"]
PIECES += ["ه ام", "ه اید"]  # (the heh affix pass)
text_of_pieces = st.lists(st.one_of(st.sampled_from(PIECES), st.text(ALPHABET, max_size=3)), max_size=25).map("".join)


def _normalizer():
    return hazm_bridge._normalizer()  # the one normalisation uses (built once, cached)


def _hazm(text: str) -> str:
    """hazm's own normalize, without the fast method the instance holds."""
    normalizer = _normalizer()
    return type(normalizer).normalize(normalizer, text)


def test_the_fast_normalize_is_installed_for_this_hazm():
    normalizer = _normalizer()
    assert hazm_fast.applies(normalizer)
    assert isinstance(normalizer.__dict__["normalize"], hazm_fast._FastNormalize)  # the tests compare something


@pytest.mark.parametrize("text", SAMPLES)
def test_samples_normalise_to_hazms_bytes(text):
    assert _normalizer().normalize(text) == _hazm(text)


@settings(deadline=None, max_examples=400)
@given(text_of_pieces)
def test_random_texts_normalise_to_hazms_bytes(text):
    assert _normalizer().normalize(text) == _hazm(text)


def _originals() -> dict[str, tuple[str, str, str]]:
    """Each rewritten pattern's hazm original, its replacement there and in the rewrite."""
    from hazm.constants import AFFIX_SPACING_PATTERNS, EXTRA_SPACE_PATTERNS, PUNCTUATION_SPACING_PATTERNS

    return {
        "zwnj_after_word": (*EXTRA_SPACE_PATTERNS[6], ""),
        "zwnj_before_word": (*EXTRA_SPACE_PATTERNS[7], ""),
        "affix_suffix": (*AFFIX_SPACING_PATTERNS[2], AFFIX_SPACING_PATTERNS[2][1]),
        "heh_affix": (*AFFIX_SPACING_PATTERNS[3], "ه\u200c\\1"),
        "space_before_open": (*PUNCTUATION_SPACING_PATTERNS[5], r" \g<0>"),
        "digit_then_letter": (*PUNCTUATION_SPACING_PATTERNS[6], r"\g<0> "),
        "letter_then_digit": (*PUNCTUATION_SPACING_PATTERNS[7], r" \g<0>"),
        "tokenizer_split": (_normalizer()._tokenizer.pattern.pattern, r" \1 ", r" \1 "),
    }


@settings(deadline=None, max_examples=300)
@given(text_of_pieces, st.sampled_from(sorted(hazm_fast._REWRITTEN)))
@example("ه ام، خانه اش و ه اید. کتابه ام", "heh_affix")  # a heh first, or after a space, is not joined
def test_each_rewritten_pattern_replaces_what_hazms_replaces(text, name):
    pattern, replacement, rewritten_replacement = _originals()[name]
    assert re.sub(hazm_fast._REWRITTEN[name], rewritten_replacement, text) == re.sub(pattern, replacement, text)


@settings(max_examples=500)
@given(st.text(" \n\t\u200c\u200dاب1۱_.a😀", max_size=14))
def test_the_bridges_zwnj_patterns_match_their_look_behind_first_forms(text):
    loose = re.compile(r"\u200c+(?=[ \n]|$)|(?:(?<=[ \n])|^)\u200c+")
    not_letter = re.compile(r"\u200c+(?![^\W\d_])|(?<![^\W\d_])\u200c+")
    assert hazm_bridge._LOOSE_ZWNJ.sub("", text) == loose.sub("", text)
    assert hazm_bridge._ZWNJ_NOT_LETTER.sub(" ", text) == not_letter.sub(" ", text)


def test_the_tokenizer_split_is_faster_only_for_hazms_plain_tokenizer():
    tokenizer = _normalizer()._tokenizer
    assert _normalizer().normalize.tokenize != tokenizer.tokenize  # the fast split is in use
    line = "او گفت:«سلام!!» (۱۲.۵)\tو\n[۳]، «کتاب»؟"
    assert _normalizer().normalize.tokenize(line) == tokenizer.tokenize(line)
    other = copy.copy(tokenizer)
    other.separate_emoji = True
    assert hazm_fast._fast_tokenize(other) == other.tokenize


def test_another_hazm_keeps_its_own_normalize(monkeypatch):
    normalizer = hazm_tables.build_normalizer()
    monkeypatch.setattr(hazm_fast, "EXPECTED_DIGEST", "another hazm's constants")
    assert not hazm_fast.applies(normalizer)
    del normalizer.normalize
    assert hazm_fast.install(normalizer).normalize.__func__ is type(normalizer).normalize


def test_the_stored_text_and_map_are_the_same_with_hazms_normalize(monkeypatch):
    texts = SAMPLES[:6]
    fast = [normalize(text) for text in texts]
    monkeypatch.delattr(_normalizer(), "normalize")  # back to hazm's own, for this test
    own = [normalize(text) for text in texts]
    assert [(r.text, r.offsets.to_json(), r.changes) for r in fast] == [
        (r.text, r.offsets.to_json(), r.changes) for r in own
    ]


def _sentences(path: Path, column: str) -> list[str]:
    out, current = [], []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            current.append(line.split(column)[0] if column == "\t" else line.rsplit(" ", 1)[0])
        elif current:
            out.append(" ".join(current))
            current = []
    return out


@pytest.mark.skipif(not PEYMA.is_dir() or not ARMAN.is_file(), reason="shared corpora not available")
def test_real_news_normalises_to_hazms_bytes():
    texts = ["\r\n".join(_sentences(path, "\t")) for path in sorted(PEYMA.glob("*.txt"))[:40]]
    arman = _sentences(ARMAN, " ")[:600]
    texts += ["\n".join(arman[i : i + 20]) for i in range(0, len(arman), 20)]
    for text in texts:
        for line in text.replace("\r\n", "\n").split("\n"):
            assert _normalizer().normalize(line) == _hazm(line)
        assert _normalizer().normalize(text) == _hazm(text)


def _hazms_token_spacing(tokens: list[str]) -> list[str]:
    normalizer = _normalizer()
    return type(normalizer).token_spacing(normalizer, tokens)


def test_every_token_hazm_could_join_is_joinable():
    from hazm.constants import SUFFIXES

    normalizer = _normalizer()
    fast = normalizer.normalize
    joined = [w for w in [*normalizer._words, *normalizer._verbs] if "\u200c" in w]
    tails = {w.split("\u200c", k)[k] for w in joined for k in range(1, w.count("\u200c") + 1)}
    assert tails <= fast.joinable
    assert set(SUFFIXES) <= fast.joinable


# Tokens around the words hazm joins: halves of listed words and verbs, suffixes, plain words.
JOIN_TOKENS = ["می", "نمی", "روم", "رود", "شود", "کتاب", "ها", "های", "خانه", "ای", "ی", "است", "زمین", "لرزه"]
JOIN_TOKENS += ["تر", "ترین", "گفته", "شده", "بوده", "ام", "اند", "اش", "مان", "به", "\u200cها", "می\u200cرود"]


@settings(deadline=None, max_examples=500)
@given(st.lists(st.sampled_from(JOIN_TOKENS), max_size=12))
def test_token_spacing_joins_what_hazms_joins(tokens):  # (["می", "روم"] is joined, say)
    assert _normalizer().normalize.token_spacing(list(tokens)) == _hazms_token_spacing(list(tokens))


def test_a_trimmed_normalizer_normalises_as_hazms_whole_one():
    import hazm

    whole = hazm.Normalizer()  # every verb, hazm's own normalize
    assert len(_normalizer()._verbs) < len(whole._verbs) / 5  # the one in use is trimmed
    shared = [word for word, entry in _normalizer()._words.items() if entry == hazm_fast._LISTED]
    assert len(shared) > 150_000 and not any("\u200c" in word for word in shared)  # its words' entries too
    trimmed = hazm_fast.trim(hazm.Normalizer())
    texts = [*SAMPLES, *PIECES, "نمی‌خواهم می روم و میروم، نمیروم می رفتم؛ نمی خواهد رفت"]
    if PEYMA.is_dir():
        texts += ["\n".join(_sentences(path, "\t")) for path in sorted(PEYMA.glob("*.txt"))[:10]]
    for text in texts:
        assert type(whole).normalize(trimmed, text) == whole.normalize(text)
        assert _normalizer().normalize(text) == whole.normalize(text)
