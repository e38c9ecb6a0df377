"""CoNLL in: columns, CRLF, spaces in tokens, documents, schemes, errors by line."""

import pytest

from desktop.core.errors import InputError
from desktop.formats.align import Policy, align_spans
from desktop.formats.conll import ConllWriter, read_conll
from desktop.formats.writing import ExportItem, WriterOptions


def spans_of(doc):
    return [(doc.text[s.start : s.end], s.label) for s in doc.spans]


def test_tab_columns_crlf_and_tokens_with_spaces():
    text = "سفر\tO\r\nثبت نام\tB-EVE\r\nدر\tI-EVE\r\n\r\nتهران\tB-LOC\r\n.\tO\r\n"
    [doc] = read_conll(text, "p.txt", name="p.txt")
    assert doc.text == "سفر ثبت نام در\nتهران ."
    assert [doc.text[s:e] for s, e in doc.tokens] == ["سفر", "ثبت نام", "در", "تهران", "."]
    assert doc.sentences == [(0, 14), (15, 22)]
    assert spans_of(doc) == [("ثبت نام در", "EVE"), ("تهران", "LOC")]
    assert doc.name == "p.txt" and doc.meta == {"name": "p.txt"}


def test_one_space_columns_with_lower_case_types():
    [doc] = read_conll("ایران B-loc\nو O\nعراق B-loc\n", "a.txt")
    assert spans_of(doc) == [("ایران", "loc"), ("عراق", "loc")]


def test_four_column_conll2003_takes_first_and_last_and_splits_documents():
    text = (
        "-DOCSTART- -X- -X- O\n\nEU NNP B-NP B-ORG\nrejects VBZ B-VP O\n\n"
        "-DOCSTART- -X- -X- O\n\nPeter NNP B-NP B-PER\n"
    )
    first, second = read_conll(text, "c.conll", name="c.conll")
    assert (first.text, spans_of(first), first.name) == ("EU rejects", [("EU", "ORG")], "c.conll#1")
    assert (second.text, spans_of(second), second.line) == ("Peter", [("Peter", "PER")], 8)


def test_bioes_and_iob1_are_detected():
    [doc] = read_conll("a\tB-X\nb\tE-X\nc\tS-Y\n", "e.conll")
    assert spans_of(doc) == [("a b", "X"), ("c", "Y")]
    [doc] = read_conll("a\tI-X\nb\tB-X\nc\tO\n", "i.conll")
    assert spans_of(doc) == [("a", "X"), ("b", "X")]


@pytest.mark.parametrize(
    "text, line, words",
    [
        ("a\tO\nb\tO\n\nc\tO\nd\tI-PER\n", 5, "I-PER after O"),
        ("a\tO\nb\tB-X\nc\tI-X\nd\tI-Y\n", 4, "I-Y after I-X"),
        ("a\tO\nb\tPER\n", 2, "neither O nor"),
        ("a\tO\nonlytoken\n", None, None),
    ],
)
def test_broken_files_report_the_line(text, line, words):
    if line is None:  # a tab file: a line without a tab has no tag column
        with pytest.raises(InputError, match=r"f.conll:2: expected token and tag"):
            read_conll(text, "f.conll", scheme="bio")
        return
    with pytest.raises(InputError) as info:
        read_conll(text, "f.conll", scheme="bio")
    assert info.value.line == line and words in str(info.value)


def test_forcing_iob1_reads_a_stray_i_as_a_new_entity():
    [doc] = read_conll("علی\tB-PER\n(\tI-ORG\nحمید\tI-ORG\n", "t.txt", scheme="iob1")
    assert spans_of(doc) == [("علی", "PER"), ("( حمید", "ORG")]


@pytest.mark.parametrize(
    "inner_space, token, joined",
    [
        ("keep", "ثبت نام", 0),  # the bytes every earlier version wrote
        ("zwnj", "ثبت\u200cنام", 1),  # the default
        ("underscore", "ثبت_نام", 1),
    ],
)
def test_writer_emits_the_file_tokens_and_blank_lines(tmp_path, inner_space, token, joined):
    text = "ثبت نام\tB-EVE\nدر\tI-EVE\n\nتهران\tB-LOC\n"
    [doc] = read_conll(text, "x")
    aligned, problems = align_spans(doc.spans, doc.tokens, Policy.ASK)
    assert problems == []
    path = tmp_path / "out.conll"
    with path.open("wb") as out:
        writer = ConllWriter(out, WriterOptions(scheme="bioes", docstart=True, inner_space=inner_space))
        writer.write(ExportItem(doc, doc.tokens, aligned, [(0, 2), (2, 3)]))
    assert path.read_text(encoding="utf-8") == (f"-DOCSTART-\tO\n\n{token}\tB-EVE\nدر\tE-EVE\n\nتهران\tS-LOC\n\n")
    assert writer.inner_spaces == joined


def test_the_default_joins_inner_spaces_with_zwnj():
    assert WriterOptions().inner_space == "zwnj"
