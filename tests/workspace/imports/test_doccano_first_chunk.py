"""The rows thread of a doccano import gets its first documents after 32 records, then 128 at a time,
not 256 (issue 17): it starts sooner and, chunk after chunk, lags the file's read by less, so less of
its work is left once the file is read (doccano-1k: the calling thread's wait after the read 27.4 ->
20.1 ms median, fewer instructions on both threads; session 12: the first chunk of 32, the rows
thread being the long path, starts it ~8 ms sooner). Rows are the same whatever the chunk
(test_doccano_stream, test_doccano_rows)."""

from __future__ import annotations

import json
from pathlib import Path

from desktop.workspace import Workspace
from desktop.workspace.imports import store
from desktop.workspace.imports.annotated import ImportOptions, import_annotated
from tests.workspace.imports.test_doccano_rows import TEXT_1


def test_documents_are_handed_over_32_then_128_at_a_time_until_the_last_chunks(tmp_path, monkeypatch):
    path = tmp_path / "a.jsonl"
    lines = [{"text": f"{n} {TEXT_1}", "label": [[0, len(str(n)), "figure"]]} for n in range(600)]
    Path(path).write_text("".join(json.dumps(line, ensure_ascii=False) + "\n" for line in lines), encoding="utf-8")
    sent: list[int] = []
    send = store.PendingRows.send_documents

    def noted(self):
        before = len(self._metas)
        send(self)
        if len(self._metas) > before:
            sent.append(len(self._metas) - before)

    monkeypatch.setattr(store.PendingRows, "send_documents", noted)
    workspace = Workspace.create(tmp_path / "project.barchasb")
    try:
        result = import_annotated(workspace, "tester", path, ImportOptions("doccano"))
    finally:
        workspace.close()
    assert len(result.documents_added) == 600
    assert sent[:4] == [32, 128, 128, 128]  # before: 256, 256 (session 11), 128, 128 (session 12)
    assert sum(sent) == 600 and max(sent[4:]) < 128  # the last ones in smaller chunks, as before
