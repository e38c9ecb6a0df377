"""Fitting spans to tokens: expand, contract, skip, ask; overlaps; sentence units."""

import pytest

from desktop.formats.align import Policy, align_spans, drop_overlaps, partition_overlaps, unique, units
from desktop.formats.records import SpanRecord
from desktop.text.tokens import tokenize

TEXT = "علی جهانگیری، معاون استاندار آذربایجان شرقی، به باکو رفت."
TOKENS = tokenize(TEXT)


def at(phrase: str, label: str = "X", annotator: str = "a") -> SpanRecord:
    start = TEXT.index(phrase)
    return SpanRecord(start, start + len(phrase), label, annotator)


def test_aligned_spans_get_their_token_indices():
    aligned, problems = align_spans([at("آذربایجان شرقی")], TOKENS, Policy.ASK)
    assert problems == []
    [item] = aligned
    assert [TEXT[s:e] for s, e in TOKENS[item.token_start : item.token_end]] == ["آذربایجان", "شرقی"]


@pytest.mark.parametrize(
    "policy, action, expected",
    [
        (Policy.EXPAND, "expanded", "استاندار آذربایجان شرقی"),
        (Policy.CONTRACT, "contracted", "آذربایجان"),
        (Policy.SKIP, "skipped", None),
        (Policy.ASK, "unresolved", None),
    ],
)
def test_misaligned_spans_follow_the_policy_and_are_reported(policy, action, expected):
    span = at("دار آذربایجان ش")  # starts and ends inside words
    aligned, [problem] = align_spans([span], TOKENS, policy)
    assert (problem.kind, problem.action, problem.span) == ("misaligned", action, span)
    if expected is None:
        assert aligned == []
    else:
        [item] = aligned
        assert TEXT[item.span.start : item.span.end] == expected
        assert (problem.new_start, problem.new_end) == (item.span.start, item.span.end)


def test_contracting_a_span_inside_one_word_skips_it():
    aligned, [problem] = align_spans([at("هانگ")], TOKENS, Policy.CONTRACT)
    assert aligned == [] and problem.action == "skipped" and "no whole token" in problem.detail


def test_a_span_over_whitespace_only_covers_no_token():
    start = TEXT.index(" ")
    aligned, [problem] = align_spans([SpanRecord(start, start + 1, "X")], TOKENS, Policy.EXPAND)
    assert aligned == [] and problem.kind == "no_tokens"


def test_overlaps_keep_the_longest_and_report_the_rest():
    title, place = at("استاندار آذربایجان شرقی", "title"), at("آذربایجان شرقی", "place")
    aligned, _ = align_spans([place, title], TOKENS, Policy.ASK)
    kept, [problem] = drop_overlaps(aligned, Policy.SKIP, len(TOKENS))
    assert [k.span for k in kept] == [title]
    assert (problem.kind, problem.action, problem.span) == ("overlap", "skipped", place)


def test_partition_separates_overlapping_clusters():
    spans = [at("علی", "a"), at("استاندار آذربایجان شرقی", "t"), at("آذربایجان", "p"), at("باکو")]
    aligned, _ = align_spans(spans, TOKENS, Policy.ASK)
    alone, overlapping = partition_overlaps(aligned)
    assert {TEXT[t.span.start : t.span.end] for t in alone} == {"علی", "باکو"}
    assert {t.span.label for t in overlapping} == {"t", "p"}


def test_unique_merges_the_same_span_of_two_annotators_unless_kept():
    aligned, _ = align_spans([at("باکو", "p", "a"), at("باکو", "p", "b")], TOKENS, Policy.ASK)
    assert len(unique(aligned, keep_annotator=True)) == 2
    assert len(unique(aligned, keep_annotator=False)) == 1


def test_a_span_crossing_a_sentence_break_joins_the_sentences():
    text = "سفر به باکو. آذربایجان شرقی آماده است. پایان."
    tokens = tokenize(text)
    sentences = [(0, 12), (13, 38), (39, len(text))]
    start = text.index("باکو")
    crossing = SpanRecord(start, text.index("آذربایجان") + len("آذربایجان"), "X")
    aligned, _ = align_spans([crossing], tokens, Policy.ASK)
    ranges, joined = units(tokens, sentences, aligned)
    assert joined == 1 and len(ranges) == 2
    assert ranges[0][0] == 0 and ranges[-1][1] == len(tokens)
    assert units(tokens, sentences, [])[0] == [(0, 4), (4, 9), (9, 11)]
    assert units(tokens, None, aligned) == ([(0, len(tokens))], 0)


def test_grouped_overlaps_name_for_each_span_one_that_it_overlaps():
    from desktop.formats.align import grouped_overlaps

    # A chain (each overlaps only its neighbours), a nested pair, and a span alone.
    text = "الف ب پ ت ث ج چ ح خ"
    tokens = tokenize(text)

    def on(first: int, last: int, label: str) -> SpanRecord:
        return SpanRecord(tokens[first][0], tokens[last][1], label, "a")

    spans = [on(0, 2, "A"), on(2, 4, "B"), on(4, 4, "C"), on(6, 8, "D"), on(7, 7, "E"), on(5, 5, "F")]
    aligned, _ = align_spans(spans, tokens, Policy.ASK)
    problems = grouped_overlaps(aligned)
    named = {p.span.label: p.detail.split(" [")[0] for p in problems}
    assert named == {"A": "overlaps B", "B": "overlaps A", "C": "overlaps B", "D": "overlaps E", "E": "overlaps D"}
    assert {(p.kind, p.action) for p in problems} == {("overlap", "ents_missing")}
