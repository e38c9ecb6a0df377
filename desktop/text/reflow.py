"""Paragraph structure of a raw document, and where hard wraps get re-joined.

Text pasted from PDFs and some news feeds is wrapped at a fixed width, and
the wrap can even fall on a blank line (seeds 001 and 003). A break is
re-joined only when the document as a whole looks wrapped, which protects
ordinary one-paragraph-per-line files (seeds 000, 002, 004):

* a document looks wrapped when at least two lines end mid-sentence at
  close to the width `W` (the 90th percentile of mid-sentence line lengths,
  at least 30 characters) and no line is much longer than `W`;
* in such a document a break after a line that does not end a sentence is
  joined when the break is a single newline, when the line ends with a
  continuation mark (`،` `,` `؛` `-`), or when the line is at least half of
  `W` long. A short line followed by a blank line is a title and stays.

Sentence enders are `. ! ? ؟ : …`, optionally followed by closing quotes or
brackets.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from desktop.text.chars import CLOSERS

_LINE = re.compile(r"[^\r\n]+")
_LINE_BREAK = re.compile(r"\r\n|\r|\n")
_ENDERS = ".!?؟:…"
_CONTINUATION = "،,؛;-–\u200c"
_WIDE_FACTOR = 1.2  # longest line may exceed the wrap width by this much
_LONG_FACTOR = 0.5  # a line this fraction of the width was wrapped, not ended
_MIN_WIDTH = 30  # nobody wraps prose narrower; short lists are not wrapped text


@dataclass(frozen=True)
class Paragraph:
    """Raw range of one output paragraph and the inner breaks to join."""

    start: int
    end: int
    joins: tuple[tuple[int, int], ...] = ()


def paragraphs(raw: str, *, reflow: bool = True) -> list[Paragraph]:
    """Content paragraphs of `raw` (edges trimmed of whitespace), in order."""
    lines = _content_lines(raw)
    if not lines:
        return []
    width = _wrap_width(raw, lines) if reflow else None
    result: list[Paragraph] = []
    first, joins = lines[0], []
    for prev, nxt in zip(lines, lines[1:]):
        if width is not None and _joins(raw, prev, nxt, width):
            joins.append((prev[1], nxt[0]))
        else:
            result.append(Paragraph(first[0], prev[1], tuple(joins)))
            first, joins = nxt, []
    result.append(Paragraph(first[0], lines[-1][1], tuple(joins)))
    return result


def _content_lines(raw: str) -> list[tuple[int, int]]:
    spans = []
    for m in _LINE.finditer(raw):
        line = m.group()
        stripped = line.strip()
        if stripped:
            start = m.start() + len(line) - len(line.lstrip())
            spans.append((start, start + len(stripped)))
    return spans


def _ends_sentence(raw: str, line: tuple[int, int]) -> bool:
    last = raw[line[0] : line[1]].rstrip(CLOSERS)[-1:]
    return bool(last) and last in _ENDERS


def _wrap_width(raw: str, lines: list[tuple[int, int]]) -> float | None:
    """Wrap width if the document looks hard-wrapped, else None."""
    open_lengths = sorted(e - s for s, e in lines[:-1] if not _ends_sentence(raw, (s, e)))
    if len(open_lengths) < 2:
        return None
    width = open_lengths[int(0.9 * (len(open_lengths) - 1))]
    longest = max(e - s for s, e in lines)
    wrapped = sum(n >= _LONG_FACTOR * width for n in open_lengths)
    looks_wrapped = wrapped >= 2 and width >= _MIN_WIDTH and longest <= _WIDE_FACTOR * width
    return width if looks_wrapped else None


def _joins(raw: str, prev: tuple[int, int], nxt: tuple[int, int], width: float) -> bool:
    if _ends_sentence(raw, prev):
        return False
    if raw[prev[1] - 1] in _CONTINUATION:
        return True
    single_break = len(_LINE_BREAK.findall(raw, prev[1], nxt[0])) == 1
    return single_break or prev[1] - prev[0] >= _LONG_FACTOR * width
