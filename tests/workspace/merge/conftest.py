"""Every merge test runs twice: reading the other project as a file, and as a store.

A file is read as it is (storage/merge_source.py); a server project is read
through the storage contract's whole-project dump (storage/merge_store.py).
Reading the same files through the second way too holds both readers to the
same merges, so merging from a server project needs no test suite of its own.
"""

from __future__ import annotations

import pytest

from desktop.storage import merge_store


@pytest.fixture(autouse=True, params=["file", "store"])
def merge_reader(request, monkeypatch) -> str:
    if request.param == "store":
        monkeypatch.setattr(merge_store, "open_other", lambda path, target: merge_store.store_source(path))
    return str(request.param)
