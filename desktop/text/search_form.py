"""The form of a text the document search index holds, and a query's phrases over it.

The index (desktop/storage/search_index.py) is SQLite FTS5 with the trigram
tokenizer, which finds any substring of three characters or more. It holds each
name and text folded as `desktop.text.folding` folds them, with every run of
three or more spaces cut to two. A query matches a folded text when its words
stand apart by any number of spaces (or none) and its seam pieces by one space
(or none) (`desktop.text.query`); in the index form a run of spaces between two
non-spaces is 0, 1 or 2 ("two or more") long, so the query matches the text
exactly when one of its *phrases* is a substring of the index form: each word gap
written as "", " " or "  ", each seam as "" or " ". No candidate is checked again:
the index's answer is the scan's answer.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator

from desktop.text.fold_table import FOLD_TABLE, PIECE, fold_text
from desktop.text.query import query_pieces

MIN_CHARS = 3  # the trigram tokenizer finds nothing shorter
MAX_PHRASES = 243  # 3**5: five word gaps; longer queries are scanned
_LONG_RUNS = re.compile(" {3,}")
_NOT_SPACE = re.compile("[^ ]")
_WORD_GAPS = ("", " ", "  ")
_SEAMS = ("", " ")


def index_form(text: str) -> str:
    """`text` as the index holds it: folded, runs of spaces longer than two cut to two.

    A long text is folded and cut a piece at a time (`fold_text`): the index is built in a
    worker thread, and the window's thread must not wait for the GIL through a whole document."""
    if len(text) <= PIECE:
        return _LONG_RUNS.sub("  ", text.translate(FOLD_TABLE))
    return "".join(_LONG_RUNS.sub("  ", piece) for piece in _apart_at_non_spaces(fold_text(text)))


def _apart_at_non_spaces(text: str) -> Iterator[str]:
    """`text` in pieces of about `PIECE` characters, each cut just after a character that is no
    space, so no run of spaces is cut in two (each piece's runs are the whole text's)."""
    start = 0
    while start < len(text):
        found = _NOT_SPACE.search(text, start + PIECE - 1)
        stop = len(text) if found is None else found.end()
        yield text[start:stop]
        start = stop


def query_phrases(query: str) -> list[str] | None:
    """Every phrase one of which a matching text's index form contains; None when the
    index cannot answer: an empty query, one shorter than `MIN_CHARS` without its
    spaces, or one with more than `MAX_PHRASES` forms."""
    words = query_pieces(query)
    if sum(len(piece) for pieces in words for piece in pieces) < MIN_CHARS:
        return None
    pieces = [piece for word in words for piece in word]
    gaps: list[tuple[str, ...]] = []
    for i, word in enumerate(words):
        gaps.extend([_SEAMS] * (len(word) - 1))
        if i < len(words) - 1:
            gaps.append(_WORD_GAPS)
    count = 1
    for choices in gaps:
        count *= len(choices)
    if count > MAX_PHRASES:
        return None
    return [_join(pieces, chosen) for chosen in itertools.product(*gaps)]


def _join(pieces: list[str], gaps: tuple[str, ...]) -> str:
    out = [pieces[0]]
    for gap, piece in zip(gaps, pieces[1:]):
        out += (gap, piece)
    return "".join(out)
