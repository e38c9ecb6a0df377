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
    text = "رضا به تهران رفت. تهران و رضا و بانک رضا."
    sentences = sentence_tokens(text)
    found = [(0, 0, 1, "PER", 0.7), (0, 2, 3, "LOC", 0.9), (1, 4, 6, "ORG", 0.6)]
    # a one-word name repeats as a whole; the place does not; «بانک رضا» keeps its ORG
    assert _spans(text, echo_names(sentences, found)) == [
        ("رضا", "PER"),
        ("تهران", "LOC"),
        ("رضا", "PER"),
        ("بانک رضا", "ORG"),
    ]
    assert echo_names(sentences, []) == []
