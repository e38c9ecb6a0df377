"""Many phrases at once: folding, whole tokens, gaps and open ends."""

from desktop.core.suggestion import Gazetteer
from desktop.suggest.gazetteers import GazetteerSuggester
from desktop.suggest.phrases import PhraseMatcher


def matches(matcher: PhraseMatcher, text: str) -> list[tuple[str, tuple]]:
    return [(text[m.start : m.end], m.payloads) for m in matcher.find(text)]


def test_spelling_variants_match_but_longer_words_do_not():
    m = PhraseMatcher([("ایران", "place"), ("آذربایجان شرقی", "place")])
    text = "ايران و ایرانی و ایران‌خودرو و آذربایجان‌شرقی و آذربایجانِ شرقی"
    assert matches(m, text) == [("ايران", ("place",)), ("آذربایجان‌شرقی", ("place",)), ("آذربایجانِ شرقی", ("place",))]


def test_leftmost_longest_and_every_list_holding_the_phrase():
    m = PhraseMatcher([("وزارت امور خارجه", "org"), ("امور خارجه", "x"), ("تهران", "place"), ("تهران", "city")])
    text = "وزارت امور خارجه در تهران"
    assert matches(m, text) == [("وزارت امور خارجه", ("org",)), ("تهران", ("place", "city"))]


def test_a_gap_takes_one_to_three_words_only():
    m = PhraseMatcher([("معاون ... وزیر", "title")])
    assert matches(m, "معاون دیپلماسی اقتصادی وزیر گفت") == [("معاون دیپلماسی اقتصادی وزیر", ("title",))]
    assert matches(m, "معاون وزیر") == []  # at least one word
    assert matches(m, "معاون یک دو سه چهار وزیر") == []  # at most three
    assert matches(m, "معاون ، وزیر") == []  # words, not punctuation


def test_an_open_end_takes_the_known_names_after_it():
    m = PhraseMatcher(
        [
            ("استاندار ...", "title"),
            ("معاون ... وزیر ...", "title"),
            ("وزیر امور خارجه", "title"),
            ("آذربایجان شرقی", "place"),
            ("علی جهانگیری", "official"),
        ],
        chainable=lambda p: p != "official",
    )
    text = "استاندار آذربایجان شرقی گفت. معاون دیپلماسی اقتصادی وزیر امور خارجه آمد. استاندار علی جهانگیری"
    assert matches(m, text) == [
        ("استاندار آذربایجان شرقی", ("title",)),
        ("معاون دیپلماسی اقتصادی وزیر امور خارجه", ("title",)),
        ("استاندار", ("title",)),
        ("علی جهانگیری", ("official",)),
    ]


def test_literal_phrases_keep_their_dots():
    m = PhraseMatcher([("ج.ا.ا ...", "x")], literal=True)
    assert matches(m, "ج.ا.ا ... و ج.ا.ا") == [("ج.ا.ا ...", ("x",))]


def test_matches_never_cross_a_sentence():
    m = PhraseMatcher([("آذربایجان شرقی", "place")])
    assert matches(m, "آذربایجان\nشرقی") == []


def test_gazetteer_suggester_reports_list_label_and_entry():
    lists = [(Gazetteer("places", "place"), ["باکو"]), (Gazetteer("cities", "place"), ["باکو"])]
    found = GazetteerSuggester(lists).suggest("سفر به باكو")
    assert {(c.start, c.end, c.label, c.source, c.detail) for c in found} == {
        (7, 11, "place", "gazetteer:places", "باكو"),
        (7, 11, "place", "gazetteer:cities", "باكو"),
    }
