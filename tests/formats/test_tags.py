"""BIO / BIOES / IOB1 encoding and strict decoding."""

import pytest

from desktop.formats.tags import TagError, decode, detect_scheme, encode

ENTITIES = [(0, 2, "PER"), (2, 3, "PER"), (4, 5, "LOC")]


def test_bio_and_bioes_encode_adjacent_entities_of_one_type_apart():
    assert encode(6, ENTITIES, "bio") == ["B-PER", "I-PER", "B-PER", "O", "B-LOC", "O"]
    assert encode(6, ENTITIES, "bioes") == ["B-PER", "E-PER", "S-PER", "O", "S-LOC", "O"]


@pytest.mark.parametrize("scheme", ["bio", "bioes"])
def test_decode_inverts_encode(scheme):
    assert decode(encode(6, ENTITIES, scheme), scheme) == ENTITIES


def test_iob1_starts_entities_with_i_and_separates_neighbours_with_b():
    tags = ["I-PER", "I-PER", "B-PER", "O", "I-LOC", "O"]
    assert detect_scheme(tags) == "iob1"
    assert decode(tags, "iob1") == ENTITIES


def test_bilou_is_read_as_bioes():
    tags = ["B-PER", "L-PER", "U-PER", "O", "U-LOC", "O"]
    assert detect_scheme(tags) == "bioes"
    assert decode(tags, "bioes") == ENTITIES


def test_an_entity_running_to_the_end_is_closed():
    assert decode(["O", "B-ORG", "I-ORG"], "bio") == [(1, 3, "ORG")]


@pytest.mark.parametrize(
    "tags, scheme, index, words",
    [
        (["O", "I-PER"], "bio", 1, "I-PER after O continues no entity"),
        (["B-PER", "I-ORG"], "bio", 1, "I-ORG after B-PER"),
        (["B-PER", "O"], "bioes", 1, "not closed by E-PER"),
        (["B-PER", "I-PER"], "bioes", 1, "not closed by E-PER"),
        (["O", "E-PER"], "bioes", 1, "closes no open PER"),
        (["S-PER"], "bio", 0, "BIOES tag in a BIO"),
        (["O", "PER"], "bio", 1, "neither O nor"),
        (["B-"], "bio", 0, "neither O nor"),
    ],
)
def test_broken_sequences_name_the_offending_tag(tags, scheme, index, words):
    with pytest.raises(TagError) as info:
        decode(tags, scheme)
    assert info.value.index == index
    assert words in str(info.value)


def test_detect_prefers_bio_when_b_follows_o():
    assert detect_scheme(["O", "B-PER", "I-PER", "O"]) == "bio"
    assert detect_scheme(["O", "O"]) == "bio"
