"""An import holds the cyclic garbage collector off while it reads and stores a file (issue 17):
its objects live until the file is stored, so each collection walked them and found nothing
(doccano-1k: 23 collections, ~9 ms of the critical path). The collector is given back as it was.
Its records are freed on another thread while the transaction commits."""

from __future__ import annotations

import gc
import json
import sys
import threading
import weakref
from pathlib import Path

from desktop.workspace import Workspace
from desktop.workspace.imports import annotated
from desktop.workspace.imports.annotated import ImportOptions, import_annotated
from desktop.workspace.imports.collector import collector_paused, let_go
from desktop.workspace.imports.prepared import Prepared
from desktop.workspace.imports.store import PendingRows

TEXT = "شرکت ملی نفت ایران در سال ۱۴۰۲ بیش از ۳ میلیون بشکه نفت در روز تولید کرد."


def _file(path: Path, count: int) -> Path:
    lines = [
        {"text": f"{n} {TEXT}", "label": [[0, len(str(n)), "figure"], [len(str(n)) + 1, len(str(n)) + 5, "org"]]}
        for n in range(count)
    ]
    path.write_text("".join(json.dumps(line, ensure_ascii=False) + "\n" for line in lines), encoding="utf-8")
    return path


def _collected(call):
    """(what `call()` returned, the generations collected while it ran)."""
    seen: list[int] = []

    def heard(phase: str, info: dict) -> None:
        if phase == "start":
            seen.append(info["generation"])

    gc.collect()
    gc.callbacks.append(heard)
    try:
        return call(), seen
    finally:
        gc.callbacks.remove(heard)


def test_a_doccano_import_runs_no_collection_and_leaves_the_collector_on(tmp_path):
    workspace = Workspace.create(tmp_path / "project.barchasb")
    try:
        assert gc.isenabled()
        path = _file(tmp_path / "a.jsonl", 600)
        result, collections = _collected(lambda: import_annotated(workspace, "tester", path, ImportOptions("doccano")))
        assert result.outcome == "imported" and len(result.documents_added) == 600 and result.spans_added == 1200
        # At most the one young collection as the collector comes back (before: 11 young, 1 older)
        assert collections in ([], [0])
        assert gc.isenabled()
        assert workspace.repo.document_count() == 600
    finally:
        workspace.close()


def test_a_refused_file_gives_the_collector_back_too(tmp_path):
    workspace = Workspace.create(tmp_path / "project.barchasb")
    try:
        path = _file(tmp_path / "a.jsonl", 3)
        path.write_text(path.read_text(encoding="utf-8") + "{not json\n", encoding="utf-8")
        result = import_annotated(workspace, "tester", path, ImportOptions("doccano"))
        assert result.outcome == "skipped" and gc.isenabled()
    finally:
        workspace.close()


def test_a_collector_turned_off_before_stays_off():
    gc.disable()
    try:
        with collector_paused():
            assert not gc.isenabled()
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_overlapping_pauses_give_it_back_when_the_last_ends():
    first_in, second_done = threading.Event(), threading.Event()

    def second() -> None:
        first_in.wait()
        with collector_paused():
            pass
        second_done.set()

    thread = threading.Thread(target=second)
    thread.start()
    with collector_paused():
        first_in.set()
        second_done.wait(5)
        assert not gc.isenabled()  # the second import ended while the first still runs
    thread.join()
    assert gc.isenabled()


class _Item:
    """A weak-referenceable object that notes which thread freed it."""


def test_let_go_frees_on_its_own_thread():
    freed_on: list[str] = []
    item = _Item()
    weakref.finalize(item, lambda: freed_on.append(threading.current_thread().name))
    garbage: list[object] = [item]
    del item
    let_go(garbage)
    for thread in threading.enumerate():
        if thread.name == "let-go":
            thread.join(5)
    assert freed_on == ["let-go"] and garbage == []


def test_an_import_hands_its_records_and_rows_to_be_freed_and_keeps_no_other_reference(tmp_path, monkeypatch):
    handed: list[list[object]] = []
    monkeypatch.setattr(annotated, "let_go", handed.append)
    workspace = Workspace.create(tmp_path / "project.barchasb")
    try:
        result = import_annotated(workspace, "tester", _file(tmp_path / "a.jsonl", 5), ImportOptions("doccano"))
        assert result.spans_added == 10
    finally:
        workspace.close()
    [[records, pending]] = handed
    assert isinstance(pending, PendingRows) and len(records) == 5 and isinstance(records[0], Prepared)
    handed.clear()  # what let_go's thread does: nothing else holds them
    assert sys.getrefcount(records) == 2  # (the name here and the call's argument)
    alive = weakref.ref(pending)
    del pending
    assert alive() is None
