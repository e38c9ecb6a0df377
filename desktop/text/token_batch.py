"""Token and sentence boundaries of many texts at once, for worker processes.

`serve()` is the loop of an export's tokenising worker
(desktop/workspace/export/token_workers.py): it reads jobs pickled on stdin, a
list of (text, tokens wanted, sentences wanted), and writes for each text its
boundaries as flat `array('l')`s (start, end, start, end, ...): a few bytes per
token through the pipe, where tuples would cost an object each to pickle.
"""

from __future__ import annotations

import os
import pickle
import sys
import traceback
from array import array
from collections.abc import Callable
from typing import Any

from desktop.text.tokens import sentences, tokenize

Job = list[tuple[str, bool, bool]]
Boundaries = list[tuple["array[int] | None", "array[int] | None"]]


def boundaries(job: Job) -> Boundaries:
    """Each text's tokens (and sentences) as flat arrays, None where not wanted."""
    return [
        (_flat(tokenize(text)) if want_tokens else None, _flat(sentences(text)) if want_sentences else None)
        for text, want_tokens, want_sentences in job
    ]


def _flat(ranges: list[tuple[int, int]]) -> array[int]:
    return array("l", [x for pair in ranges for x in pair])


def serve(work: Callable[[Any], object] = boundaries) -> None:
    """A worker's loop: jobs in, `work(job)` out (boundaries by default), in order, until stdin closes."""
    jobs = sys.stdin.buffer
    results = os.fdopen(os.dup(1), "wb")
    os.dup2(2, 1)  # stray output must not corrupt the stream
    sys.stdout = sys.stderr
    while True:
        try:
            job = pickle.load(jobs)
        except EOFError:
            return
        try:
            answer: tuple[str, object] = ("ok", work(job))
        except Exception:  # a bug: the parent raises it with this traceback
            answer = ("error", traceback.format_exc())
        pickle.dump(answer, results, protocol=pickle.HIGHEST_PROTOCOL)
        results.flush()
