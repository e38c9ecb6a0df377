"""Normalisation at import: the stored text plus an exact map back to the raw file.

The raw original is the decoded file verbatim (CRLFs included). The stored
text is built paragraph by paragraph:

1. line breaks: CRLF and lone CR always become `\\n` (counted as "newline");
2. reflow (optional): hard-wrapped lines are re-joined with one space
   (`desktop.text.reflow` decides where; counted as "reflow");
3. Persian (optional): hazm's Normalizer runs on each paragraph
   (`desktop.text.hazm_bridge`), its output is aligned back onto the raw
   paragraph (`desktop.text.align`), and paragraphs are separated by one
   blank line at most, with no whitespace at line or document edges.
   Numbers, dates, times, phone numbers, URLs, e-mail addresses and Latin
   words keep every character, and get no space hazm would add into or
   next to them (`desktop.text.protect`);
4. digits (optional, off by default): the ASCII and Arabic-Indic digits of
   numbers become Persian ones (counted as "digits"), with or without 3.

Running hazm per paragraph rather than on the whole text keeps the
alignment local and bounded, and avoids hazm's `است. \\n` trailing spaces.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field

from desktop.text import edit_kinds
from desktop.text.align import align
from desktop.text.hazm_bridge import hazm_normalize_many
from desktop.text.map_builder import MapBuilder
from desktop.text.offsets import OffsetMap
from desktop.text.protect import unify_numbers
from desktop.text.reflow import Paragraph, paragraphs

_LINE_BREAK = re.compile(r"\r\n|\r|\n")


@dataclass(frozen=True)
class Normalized:
    """Stored text, its map to the raw original, and what was changed."""

    text: str
    offsets: OffsetMap
    changes: dict[str, int] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if self.offsets.stored_length != len(self.text):
            raise ValueError("offset map does not cover the stored text")


def normalize(
    raw: str,
    *,
    persian: bool = True,
    reflow: bool = True,
    unify_digits: bool = False,
    progress: Callable[[float], object] | None = None,
) -> Normalized:
    """Normalise `raw` for storage; see the module docstring for the steps.
    `progress` hears how much is done (0 to 1) while hazm works, most of the time."""
    changes: Counter[str] = Counter()
    changes["newline"] = raw.count("\r")  # each CRLF or lone CR holds exactly one
    builder, parts = MapBuilder(), list[str]()
    paras = paragraphs(raw, reflow=reflow)
    joined = [_joined(raw, para) for para in paras]
    if persian:
        share = None if progress is None else (lambda done: progress(0.9 * done))
        outs = hazm_normalize_many(joined, unify_digits=unify_digits, progress=share)
    else:
        outs = [unify_numbers(j) for j in joined] if unify_digits else joined
    # A paragraph hazm emptied (only `ﷺ`, say) becomes part of the gap.
    kept = [(para, out) for para, out in zip(paras, outs) if out]
    pos = 0
    for index, (para, out) in enumerate(kept):
        gap_out = _gap_output(raw[pos : para.start], edge=index == 0, persian=persian)
        _emit_gap(raw[pos : para.start], gap_out, builder, parts, changes)
        _emit_paragraph(raw, para, out, persian, builder, changes)
        if not persian and unify_digits:
            changes["digits"] += sum(a != b for a, b in zip(_joined(raw, para), out))
        parts.append(out)
        changes["reflow"] += len(para.joins)
        pos = para.end
    _emit_gap(raw[pos:], _gap_output(raw[pos:], edge=True, persian=persian), builder, parts, changes)
    changes.pop(edit_kinds.LINE_BREAK, None)
    text = "".join(parts)
    return Normalized(text, builder.build(), {k: v for k, v in sorted(changes.items()) if v})


def _gap_output(gap: str, *, edge: bool, persian: bool) -> str:
    """What the whitespace between two paragraphs (or at an edge) becomes."""
    if not persian:
        return _LINE_BREAK.sub("\n", gap)
    if edge:
        return ""
    return "\n" if len(_LINE_BREAK.findall(gap)) == 1 else "\n\n"


def _emit_gap(gap: str, out: str, builder: MapBuilder, parts: list[str], changes: Counter[str]) -> None:
    parts.append(out)
    if out != _LINE_BREAK.sub("\n", gap):
        changes["whitespace"] += 1
        builder.replace(len(out), len(gap))
        return
    cursor = 0  # unchanged apart from line breaks: map them one by one
    for m in _LINE_BREAK.finditer(gap):
        builder.keep(m.start() - cursor)
        builder.replace(1, 2) if m.group() == "\r\n" else builder.keep(1)
        cursor = m.end()
    builder.keep(len(gap) - cursor)


def _joined(raw: str, para: Paragraph) -> str:
    """The paragraph's raw text with its wrapped line breaks as single spaces."""
    pieces, cursor = [], para.start
    for start, end in para.joins:
        pieces.append(raw[cursor:start])
        cursor = end
    pieces.append(raw[cursor : para.end])
    return " ".join(pieces)


def _emit_paragraph(
    raw: str, para: Paragraph, out: str, persian: bool, builder: MapBuilder, changes: Counter[str]
) -> None:
    if persian:
        align(raw[para.start : para.end], out, builder, changes)
        return
    cursor = para.start
    for start, end in para.joins:
        builder.keep(start - cursor)
        builder.keep(1) if end - start == 1 else builder.replace(1, end - start)
        cursor = end
    builder.keep(para.end - cursor)
