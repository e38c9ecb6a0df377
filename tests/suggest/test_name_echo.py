"""A person the CRF found once is found again where the name or the surname repeats."""

from desktop.suggest.name_echo import echo_names
from desktop.suggest.tokens import sentence_tokens


def _spans(text, found):
    sentences = sentence_tokens(text)
    return [(text[sentences[s][a].start : sentences[s][b - 1].end], label) for s, a, b, label, _ in found]


def test_a_full_name_and_its_surname_are_echoed_where_untagged():
    text = "علی رضایی به تهران رفت. رضایی گفت علی رضایی آمد. رضایی‌ها نه."
    found = [(0, 0, 2, "PER", 0.9), (0, 3, 4, "LOC", 0.8)]
    echoed = echo_names(sentence_tokens(text), found)
    assert _spans(text, echoed) == [("علی رضایی", "PER"), ("تهران", "LOC"), ("رضایی", "PER"), ("علی رضایی", "PER")]
    assert [score for *_, score in echoed] == [0.9, 0.8, 0.9, 0.9]


def test_only_people_are_echoed_and_tagged_words_stay_as_they_are():
    text = "رضا کریمی به تهران رفت. تهران و رضا کریمی و بانک کریمی."
    sentences = sentence_tokens(text)
    found = [(0, 0, 2, "PER", 0.7), (0, 3, 4, "LOC", 0.9), (1, 5, 7, "ORG", 0.6)]
    # the name repeats as a whole; the place does not; «بانک کریمی» keeps its ORG
    assert _spans(text, echo_names(sentences, found)) == [
        ("رضا کریمی", "PER"),
        ("تهران", "LOC"),
        ("رضا کریمی", "PER"),
        ("بانک کریمی", "ORG"),
    ]
    assert echo_names(sentences, []) == []


def test_a_name_of_one_word_is_not_echoed():
    # one wrong one-word name (here «آزمون») must not spread through the document
    text = "آزمون برگزار شد. نتایج آزمون و آزمون بعدی. رضایی آمد."
    sentences = sentence_tokens(text)
    found = [(0, 0, 1, "PER", 0.6), (2, 0, 1, "PER", 0.8)]
    assert echo_names(sentences, found) == found
