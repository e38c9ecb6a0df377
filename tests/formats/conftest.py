"""Fixtures for import/export tests: the sample documents with spans on them."""

from __future__ import annotations

import pytest
from formats.transfer_data import REZA, SARA, label_phrases

from desktop.core.model import Status


@pytest.fixture
def annotated(seeded):
    """Sample documents: sara labels all five (done on 1-3, in progress on 4-5),
    reza labels two (in progress: labelling marks a new document so)."""
    ws = seeded
    ws.set_annotator("sara")
    assert label_phrases(ws, SARA, [1, 2, 3, 4, 5]) > 20
    for doc_id in (1, 2, 3):
        ws.set_status(doc_id, Status.DONE)
    ws.set_annotator("reza")
    assert label_phrases(ws, REZA, [1, 2]) >= 3
    ws.set_annotator("sara")
    return ws


@pytest.fixture
def threads_of_this_test(monkeypatch):
    """Count only the threads started during the test, for `spacy_process.usable()`: a thread an
    earlier test left running (datasets' tqdm monitor, imported by test_rel_table) is not this
    test's, and would make every export here take the thread path instead of the shard process."""
    import threading

    real, before = threading.active_count, threading.active_count()
    monkeypatch.setattr(threading, "active_count", lambda: real() - before + 1)
