"""Exports whose documents are read packed (storage/export_source.py, `packed=True`: each document's
span rows one JSON text, made rows where first read, in the exporting process or in the export
worker it is pickled to) write the bytes and the report of exports read by streams, on mixed
documents (a relation, an entity link, an attribute value, gold provenance and a relation
rejection, two layers, merged labels) sent to workers in many small jobs."""

from __future__ import annotations

from typing import Any

import pytest

from desktop.formats.align import Policy
from desktop.storage.export_selection import Selection
from desktop.storage.export_source import ExportSource
from desktop.storage.export_unread import SpansUnread
from desktop.workspace.export import token_workers, written
from desktop.workspace.export.project import ExportOptions
from tests.formats.test_jsonl_plain import SELECTIONS, mixed  # noqa: F401  (a fixture)
from tests.formats.test_token_export_apart import FORMATS, exported, with_gold  # noqa: F401  (a fixture)

CASES: list[tuple[str, str]] = [(f, s) for f in [*FORMATS, "jsonl", "spacy"] for s in [*SELECTIONS, "gold"]]
MORE: dict[str, dict[str, Any]] = {"jsonl": {}, "spacy": dict(overlapping=Policy.SKIP, misaligned=Policy.EXPAND)}


@pytest.mark.parametrize(("fmt", "selection"), CASES, ids=str)
def test_an_export_read_packed_writes_what_one_read_by_streams_writes(with_gold, tmp_path, monkeypatch, fmt, selection):  # noqa: F811
    chosen = SELECTIONS.get(selection, Selection("gold"))
    options = ExportOptions(fmt.split("-")[0], chosen, **{**FORMATS, **MORE}[fmt])
    monkeypatch.setattr(token_workers, "MIN_CHARS", 0)
    monkeypatch.setattr(token_workers, "CHUNK_CHARS", 40)  # several jobs, each worker more than one
    sent: list[type] = []
    batch = written.Batch

    def noted(*args):
        sent.extend(type(d) for d in args[3])
        return batch(*args)

    monkeypatch.setattr(token_workers, "Batch", noted)
    documents = ExportSource.documents

    def read(packed: bool):
        monkeypatch.setattr(ExportSource, "documents", lambda self, *a, **k: documents(self, *a[:3], packed=packed))
        return exported(with_gold, tmp_path / f"packed-{packed}", options)

    packed = read(True)
    if fmt in FORMATS:
        assert SpansUnread in sent, "documents go to the workers with their rows unread"
    sent.clear()
    streams = read(False)
    assert SpansUnread not in sent
    assert packed == streams and packed[0] != {} and packed[1][1] > 0
