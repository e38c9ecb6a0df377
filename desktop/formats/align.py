"""Fitting character spans onto tokens, for the token-based export formats.

A span aligns when it starts where a token starts and ends where a token
ends. Others are never dropped silently: each becomes a `Problem` in the
export report, and the policy the user chose decides what happens to it —
expand to the tokens it touches, contract to the tokens wholly inside it,
or skip it. `ask` changes nothing and lets the caller stop and ask.
"""

from __future__ import annotations

import dataclasses
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from enum import StrEnum
from operator import itemgetter
from typing import Any

from desktop.formats.records import Range, SpanRecord
from desktop.text.token_batch import FlatRanges

_start, _end = itemgetter(0), itemgetter(1)  # bisection keys over (start, end) tokens


class Policy(StrEnum):
    """What to do with a span that does not fit the tokens (or the format)."""

    ASK = "ask"
    EXPAND = "expand"
    CONTRACT = "contract"
    SKIP = "skip"


@dataclass(frozen=True, slots=True)
class Problem:
    """A span an export could not write as it is, and what was done about it."""

    kind: str  # misaligned, no_tokens, overlap
    span: SpanRecord  # as stored in the project
    action: str  # expanded, contracted, skipped, unresolved
    new_start: int | None = None
    new_end: int | None = None
    detail: str = ""  # the English reason the CLI prints
    other: SpanRecord | None = None  # an overlap: the span this one overlaps (for wording built from data)

    def __reduce__(self) -> tuple[type[Problem], tuple[object, ...]]:
        # By its fields in order: a worker returns tens of thousands, and the slots dataclass
        # default (`fields()` for each one) cost the exporting process ~0.5 s in 10k documents.
        return Problem, (self.kind, self.span, self.action, self.new_start, self.new_end, self.detail, self.other)


@dataclass(frozen=True, slots=True)
class TokenSpan:
    """A span whose offsets are token boundaries: tokens [token_start, token_end)."""

    span: SpanRecord
    token_start: int
    token_end: int
    source: SpanRecord | None = dataclasses.field(default=None, compare=False)  # the span before fitting


def align_spans(
    spans: list[SpanRecord], tokens: Sequence[Range], policy: Policy
) -> tuple[list[TokenSpan], list[Problem]]:
    """Token spans for `spans`, plus a problem for each span that needed help."""
    # Tokens are in order and never overlap, so starts and ends both ascend: each span is a
    # few bisections (`key` reads only the tokens probed), not a table of every token.
    aligned: list[TokenSpan] = []
    problems: list[Problem] = []
    starts, ends, start_of, end_of = _searched(tokens)
    flat = isinstance(tokens, FlatRanges)
    count = len(tokens)
    for span in spans:
        if flat:  # the lists themselves: no (start, end) pair made per probe
            first, last = bisect_left(starts, span.start), bisect_left(ends, span.end)
            if first <= last < count and starts[first] == span.start and ends[last] == span.end:
                aligned.append(TokenSpan(span, first, last + 1))
                continue
        else:
            exact = _exact(tokens, span, starts, ends, start_of, end_of)
            if exact is not None:
                aligned.append(TokenSpan(span, *exact))
                continue
        touched = bisect_right(ends, span.start, key=end_of), bisect_left(starts, span.end, key=start_of)
        if touched[0] >= touched[1]:
            problems.append(Problem("no_tokens", span, "skipped", detail="covers no token"))
            continue
        inside = bisect_left(starts, span.start, key=start_of), bisect_right(ends, span.end, key=end_of)
        fixed, problem = _fix(span, tokens, policy, touched, inside)
        problems.append(problem)
        if fixed is not None:
            aligned.append(fixed)
    return aligned, problems


Key = Callable[[Range], int] | None


def _searched(tokens: Sequence[Range]) -> tuple[Sequence[Any], Sequence[Any], Key, Key]:
    """What to bisect for token starts and for token ends, and the keys: `FlatRanges`'
    own lists (token_batch.py), else the (start, end) pairs with a key each."""
    if isinstance(tokens, FlatRanges):
        return tokens.starts, tokens.ends, None, None
    return tokens, tokens, _start, _end


def _exact(
    tokens: Sequence[Range], span: SpanRecord, starts: Sequence[Any], ends: Sequence[Any], start_of: Key, end_of: Key
) -> Range | None:
    """Tokens [first, end) starting and ending exactly where `span` does, else None."""
    first, last = bisect_left(starts, span.start, key=start_of), bisect_left(ends, span.end, key=end_of)
    if first <= last < len(tokens) and tokens[first][0] == span.start and tokens[last][1] == span.end:
        return first, last + 1
    return None


def _fix(
    span: SpanRecord, tokens: Sequence[Range], policy: Policy, touched: Range, inside: Range
) -> tuple[TokenSpan | None, Problem]:
    detail = "does not start and end on token boundaries"
    if policy in (Policy.ASK, Policy.SKIP):
        action = "unresolved" if policy is Policy.ASK else "skipped"
        return None, Problem("misaligned", span, action, detail=detail)
    first, end = touched if policy is Policy.EXPAND else inside
    if first >= end:
        return None, Problem("misaligned", span, "skipped", detail="no whole token inside it")
    new = dataclasses.replace(span, start=tokens[first][0], end=tokens[end - 1][1])
    action = "expanded" if policy is Policy.EXPAND else "contracted"
    return TokenSpan(new, first, end, span), Problem("misaligned", span, action, new.start, new.end, detail)


def unique(spans: list[TokenSpan], keep_annotator: bool) -> list[TokenSpan]:
    """Drop exact repeats (after expansion, or the same span in two layers)."""
    seen: set[tuple[int | str, ...]] = set()
    out = []
    for item in sorted(spans, key=lambda t: t.span.key):
        key = item.span.key if keep_annotator else item.span.key[:3]
        if key not in seen:
            seen.add(key)
            out.append(item)
    return out


def drop_overlaps(spans: list[TokenSpan], policy: Policy, token_count: int) -> tuple[list[TokenSpan], list[Problem]]:
    """Keep a non-overlapping set (longest first, then earliest); report the rest."""
    owner: list[TokenSpan | None] = [None] * token_count
    kept: list[TokenSpan] = []
    problems: list[Problem] = []
    action = "unresolved" if policy is Policy.ASK else "skipped"
    for item in sorted(spans, key=lambda t: (t.token_start - t.token_end, t.span.key)):
        clash = next((o for o in owner[item.token_start : item.token_end] if o is not None), None)
        if clash is None:
            owner[item.token_start : item.token_end] = [item] * (item.token_end - item.token_start)
            kept.append(item)
        else:
            other = clash.span
            problems.append(
                Problem(
                    "overlap",
                    item.span,
                    action,
                    detail=f"overlaps {other.label} [{other.start}, {other.end})",
                    other=other,
                )
            )
    kept.sort(key=lambda t: t.span.key)
    return kept, problems


def partition_overlaps(spans: list[TokenSpan]) -> tuple[list[TokenSpan], list[TokenSpan]]:
    """(spans overlapping no other span, spans overlapping at least one)."""
    alone: list[TokenSpan] = []
    overlapping: list[TokenSpan] = []
    cluster: list[TokenSpan] = []
    cluster_end = -1
    for item in sorted(spans, key=lambda t: t.span.key):
        if cluster and item.span.start >= cluster_end:
            (alone if len(cluster) == 1 else overlapping).extend(cluster)
            cluster = []
        cluster.append(item)
        cluster_end = max(cluster_end if len(cluster) > 1 else -1, item.span.end)
    (alone if len(cluster) == 1 else overlapping).extend(cluster)
    return alone, overlapping


def grouped_overlaps(spans: list[TokenSpan]) -> list[Problem]:
    """A problem for each span that overlaps another, for a format that keeps them
    apart from the rest (spaCy: in `doc.spans["sc"]`, their tokens missing in `doc.ents`)."""
    _, overlapping = partition_overlaps(spans)
    problems = []
    widest: SpanRecord | None = None  # of the spans before: the one reaching furthest
    for i, item in enumerate(overlapping):  # sorted by start, so one neighbour overlaps
        span = item.span
        other = widest if widest is not None and widest.end > span.start else overlapping[i + 1].span
        problems.append(
            Problem(
                "overlap",
                span,
                "ents_missing",
                detail=f"overlaps {other.label} [{other.start}, {other.end}); "
                "kept in the span group, its tokens missing in the entities",
                other=other,
            )
        )
        if widest is None or span.end > widest.end:
            widest = span
    return problems


def units(
    tokens: Sequence[Range], sentences: Sequence[Range] | None, spans: list[TokenSpan]
) -> tuple[list[Range], int]:
    """Token ranges of the output units (sentences, or the whole document when
    `sentences` is None) and how many sentence breaks were dropped because a
    span crossed them: a span is never cut in two."""
    if not tokens:
        return [], 0
    if sentences is None:
        return [(0, len(tokens))], 0
    starts, _, start_of, _ = _searched(tokens)
    breaks = sorted({bisect_left(starts, start, key=start_of) for start, _ in sentences} - {0, len(tokens)})
    crossed = set()
    for item in spans:
        low = bisect_right(breaks, item.token_start)
        high = bisect_left(breaks, item.token_end)
        crossed.update(breaks[low:high])
    kept = [b for b in breaks if b not in crossed]
    edges = [0, *kept, len(tokens)]
    return list(zip(edges, edges[1:])), len(crossed)


def verify(tokens: Sequence[Range], spans: list[TokenSpan]) -> None:
    """Every written span must sit exactly on its tokens; anything else is a bug."""
    starts, ends, _, _ = _searched(tokens)
    flat = isinstance(tokens, FlatRanges)
    for item in spans:
        if flat and starts[item.token_start] == item.span.start and ends[item.token_end - 1] == item.span.end:
            continue
        first, last = tokens[item.token_start], tokens[item.token_end - 1]
        if (first[0], last[1]) != (item.span.start, item.span.end):
            raise AssertionError(f"span {item.span} is not on tokens {item.token_start}..{item.token_end}")
