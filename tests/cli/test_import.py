"""`barchasb import` of plain text: decoding, reports, idempotence, atomicity."""

import codecs
import hashlib
import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from desktop.cli import main

SEEDS = os.path.join(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))), "seeds")


@pytest.fixture
def project(project_path):
    assert main(["init", str(project_path)]) == 0
    return project_path


def rows(project, sql):
    conn = sqlite3.connect(project)
    try:
        return conn.execute(sql).fetchall()
    finally:
        conn.close()


def test_import_seeds_folder_normalised(project, capsys):
    assert main(["import", str(project), SEEDS]) == 0
    out = capsys.readouterr().out
    assert "5 imported, 0 already present, 0 skipped" in out
    assert "normalisation:" in out
    docs = rows(project, "SELECT name, text, raw, content_hash, meta FROM documents ORDER BY id")
    assert [d[0] for d in docs] == sorted(os.listdir(SEEDS))
    for name, text, raw, content_hash, meta in docs:
        with open(os.path.join(SEEDS, name), encoding="utf-8") as f:
            assert raw == f.read()  # the raw original, verbatim
        assert content_hash == hashlib.sha256(text.encode()).hexdigest()
        assert json.loads(meta)["encoding"] == "utf-8"
        assert "\r" not in text
    assert any("\u200c" in d[1] for d in docs)  # hazm put ZWNJs in (شرکت‌های)


def test_reimport_is_a_no_op_reported_as_already_present(project, capsys):
    main(["import", str(project), SEEDS])
    capsys.readouterr()
    before = rows(project, "SELECT count(*) FROM history")[0][0]
    assert main(["import", str(project), SEEDS]) == 0
    assert "0 imported, 5 already present" in capsys.readouterr().out
    assert rows(project, "SELECT count(*) FROM documents")[0][0] == 5
    assert rows(project, "SELECT count(*) FROM history")[0][0] == before


def test_bad_files_are_skipped_with_a_reason_and_the_rest_import(project, tmp_path, capsys):
    folder = tmp_path / "in"
    (folder / "sub").mkdir(parents=True)
    (folder / "good.txt").write_text("متن خوب\r\nخط دوم", encoding="utf-8")
    (folder / "sub" / "old.txt").write_bytes("متن قديمي".encode("cp1256"))
    (folder / "sub" / "bom16.txt").write_bytes(codecs.BOM_UTF16_LE + "سلام دنیا".encode("utf-16-le"))
    (folder / "empty.txt").write_bytes(b"")
    (folder / "image.png").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    (folder / ".hidden").write_text("ignored")
    code = main(["import", str(project), str(folder), "--no-normalize"])
    captured = capsys.readouterr()
    assert code == 3
    assert f"skipped {folder / 'empty.txt'}: empty" in captured.err
    assert f"skipped {folder / 'image.png'}: binary" in captured.err
    assert "3 imported, 0 already present, 2 skipped" in captured.out
    docs = dict(rows(project, "SELECT name, text FROM documents"))
    assert docs == {"good.txt": "متن خوب\nخط دوم", "sub/bom16.txt": "سلام دنیا", "sub/old.txt": "متن قديمي"}
    encodings = {json.loads(m)["encoding"] for (m,) in rows(project, "SELECT meta FROM documents")}
    assert encodings == {"utf-8", "cp1256", "utf-16-le"}


def test_import_into_a_missing_project_says_how_to_make_one(tmp_path, capsys):
    assert main(["import", str(tmp_path / "none.barchasb"), SEEDS]) == 1
    assert "barchasb init" in capsys.readouterr().err


def test_a_killed_import_leaves_whole_files_only(project, tmp_path):
    """SIGKILL mid-import: the project is intact and holds complete files only."""
    folder = tmp_path / "many"
    folder.mkdir()
    seed_texts = [Path(SEEDS, n).read_text(encoding="utf-8") for n in sorted(os.listdir(SEEDS))]
    for i in range(1500):
        (folder / f"{i:05}.txt").write_text(f"سند {i}\n" + seed_texts[i % 5], encoding="utf-8")
    killed = 0
    for delay in (0.8, 1.2, 1.6):
        proc = subprocess.Popen(
            [sys.executable, "-m", "desktop", "import", str(project), str(folder)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        time.sleep(delay)
        if proc.poll() is None:
            proc.send_signal(signal.SIGKILL)
            killed += 1
        proc.wait()
        assert rows(project, "PRAGMA integrity_check") == [("ok",)]
        docs = rows(project, "SELECT id, text, content_hash FROM documents")
        for _, text, content_hash in docs:
            assert hashlib.sha256(text.encode()).hexdigest() == content_hash
        journaled = rows(project, "SELECT count(*) FROM history WHERE action = 'document.import'")[0][0]
        assert journaled == len(docs)
    assert killed >= 1, "the import finished before any kill; make it bigger"
    assert main(["import", str(project), str(folder), "-q"]) == 0
    assert rows(project, "SELECT count(*) FROM documents")[0][0] == 1500
