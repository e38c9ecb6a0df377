"""sentences() trims each sentence's end by hand (issue 17): the same spans as the regex it replaced."""

from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st

from desktop.text import tokens
from desktop.text.chars import INVISIBLE_SEPARATORS

_EDGE = rf"[\s{INVISIBLE_SEPARATORS}]*"


def by_regex(text: str) -> list[tuple[int, int]]:
    """The earlier sentences(): both ends trimmed with `[...]*` and `[...]*$` searches."""
    out: list[tuple[int, int]] = []
    start = 0
    ends = [(m.start() if m.group() == "\n" else m.end(), m.end()) for m in tokens._SENTENCE_END.finditer(text)]
    for end, after in [*ends, (len(text), len(text))]:
        low = re.compile(_EDGE).match(text, start, end).end()
        high = re.compile(_EDGE + "$").search(text, start, end).start()
        if low < high:
            out.append((low, high))
        start = after
    return out


@given(st.text(alphabet=" \n\t\u00a0\u2028\u200c\u200e\u2069.!؟»)ab بپ", max_size=60))
def test_sentences_are_trimmed_as_by_the_regex(text):
    assert tokens.sentences(text) == by_regex(text)
