"""An imported document's text is encoded to UTF-8 once (issue 17): the bytes its content hash was
taken of are what its row binds, read by SQLite as TEXT. Binding the str made the thread writing the
rows encode each text again, with the GIL held (doccano-1k: ~2.5 ms of its 3.4 MB), and left a second
copy of every text cached in its str until the import ended."""

from __future__ import annotations

import json
import sqlite3
import sys
from contextlib import closing
from pathlib import Path

from desktop.workspace import Workspace
from desktop.workspace.imports import annotated
from desktop.workspace.imports.annotated import ImportOptions, import_annotated
from desktop.workspace.imports.prepared import sha256

TEXTS = [
    "شرکت ملی نفت ایران در سال ۱۴۰۲ بیش از ۳ میلیون بشکه نفت در روز تولید کرد.",
    "می‌خواهم 😀 با نیم‌فاصله و ایموجی 𝄞 و \u200f نشانه‌ها",
    "plain ASCII text, 2025-11-12",
]


def _file(path: Path, count: int) -> Path:
    lines = [{"text": f"{n} {TEXTS[n % 3]}", "label": [[0, len(str(n)), "figure"]]} for n in range(count)]
    path.write_text("".join(json.dumps(line, ensure_ascii=False) + "\n" for line in lines), encoding="utf-8")
    return path


def _imported(tmp_path: Path, count: int, monkeypatch) -> list[str]:
    """Import `count` records; the texts of the records the import read (kept from being freed)."""
    kept: list[list[object]] = []
    monkeypatch.setattr(annotated, "let_go", kept.append)
    workspace = Workspace.create(tmp_path / "project.barchasb")
    try:
        result = import_annotated(workspace, "tester", _file(tmp_path / "a.jsonl", count), ImportOptions("doccano"))
        assert result.outcome == "imported" and len(result.documents_added) == count
    finally:
        workspace.close()
    [[records, _]] = kept
    return [item.record.text for item in records]  # type: ignore[attr-defined]


def test_the_rows_hold_the_texts_as_text(tmp_path, monkeypatch):
    texts = _imported(tmp_path, 600, monkeypatch)  # several chunks, streamed on the rows thread
    with closing(sqlite3.connect(tmp_path / "project.barchasb")) as conn:
        rows = conn.execute(
            "SELECT typeof(text), text, length(text), length, content_hash, raw FROM documents ORDER BY id"
        ).fetchall()
    assert len(rows) == 600
    for text, (kind, stored, characters, length, content_hash, raw) in zip(texts, rows):
        assert (kind, stored, characters, length, content_hash, raw) == (
            "text",
            text,
            len(text),
            len(text),
            sha256(text),
            "",
        )


def test_no_text_is_encoded_twice(tmp_path, monkeypatch):
    texts = _imported(tmp_path, 300, monkeypatch)
    for text in texts:  # a str that was encoded for SQLite keeps its UTF-8 and is that much larger
        assert sys.getsizeof(text) == sys.getsizeof((text + ".")[:-1]), text[:20]
