"""`barchasb import --format`: annotated files in, round trips byte-identical, errors located."""

from __future__ import annotations

import json
import sqlite3

import pytest
from formats.transfer_data import REZA, SARA, label_phrases

from desktop.cli import main


@pytest.fixture
def labelled(seeded):
    """The sample project with two annotators' spans (overlapping across layers)."""
    seeded.set_annotator("sara")
    label_phrases(seeded, SARA, [1, 2, 3, 4, 5])
    seeded.set_annotator("reza")
    label_phrases(seeded, REZA, [1, 2])
    return seeded.path


def rows(project, sql):
    conn = sqlite3.connect(project)
    try:
        return conn.execute(sql).fetchall()
    finally:
        conn.close()


@pytest.mark.parametrize(
    "fmt, name, extra",
    [
        ("jsonl", "out.jsonl", []),
        ("jsonl", "tokens.jsonl", ["--tokens"]),
        ("doccano", "out.doccano.jsonl", []),
        ("label-studio", "out.json", []),
    ],
)
def test_export_import_export_is_byte_identical(labelled, tmp_path, fmt, name, extra, capsys):
    first, second = tmp_path / "1" / name, tmp_path / "2" / name
    assert main(["export", str(labelled), "-f", fmt, "-o", str(first), *extra]) == 0
    fresh = tmp_path / "fresh.barchasb"
    assert main(["init", str(fresh)]) == 0
    assert main(["import", str(fresh), str(first)]) == 0  # --format auto tells them apart
    out = capsys.readouterr().out
    assert f"imported {first} ({fmt}: 5 documents added" in out
    assert main(["export", str(fresh), "-f", fmt, "-o", str(second), *extra]) == 0
    assert second.read_bytes() == first.read_bytes()
    if fmt != "doccano":  # doccano has no annotators; the others keep them
        assert set(rows(fresh, "SELECT name FROM annotators")) >= {("sara",), ("reza",)}


def test_several_files_one_malformed_the_others_import(project_path, tmp_path, capsys):
    main(["init", str(project_path)])
    good = tmp_path / "good.jsonl"
    good.write_text(
        json.dumps(
            {"text": "علی به باکو رفت.", "spans": [{"start": 7, "end": 11, "label": "place"}]}, ensure_ascii=False
        )
        + "\n",
        encoding="utf-8",
    )
    bad = tmp_path / "bad.jsonl"
    bad.write_text(
        '{"text": "یک", "spans": []}\n{"text": "دو", "spans": [{"start": 1, "end": 0, "label": "x"}]}\n',
        encoding="utf-8",
    )
    broken = tmp_path / "broken.conll"
    broken.write_text("علی\tB-PER\nرفت\tO\n\nو\tI-LOC\n", encoding="utf-8")
    code = main(["import", str(project_path), str(bad), str(good), str(broken), "--annotator", "mina"])
    captured = capsys.readouterr()
    assert code == 3
    assert f"skipped {bad}: line 2: span [1, 0) x is empty, reversed or negative" in captured.err
    assert f"skipped {broken}: line 4: I-LOC after the sentence start" in captured.err
    assert "1 imported, 0 already present, 2 skipped" in captured.out
    assert rows(
        project_path,
        'SELECT d.text, s.start, s."end", a.name, s.origin FROM spans s'
        " JOIN documents d ON d.id = s.document_id JOIN annotators a"
        " ON a.id = s.annotator_id",
    ) == [("علی به باکو رفت.", 7, 11, "mina", "imported")]


def test_conll_txt_needs_the_format_and_adds_its_labels(project_path, tmp_path, capsys):
    main(["init", str(project_path)])
    path = tmp_path / "peyma_like.txt"
    path.write_bytes("شهر\tB-LOC\r\nآفتاب\tI-LOC\r\nرفت\tO\r\n\r\n".encode())
    assert main(["import", str(project_path), str(path), "--format", "conll"]) == 0
    out = capsys.readouterr().out
    assert "labels added to the scheme: LOC" in out and "spans: 1 added" in out
    assert rows(project_path, "SELECT text FROM documents") == [("شهر آفتاب رفت",)]
    color = rows(project_path, "SELECT color FROM labels WHERE key = 'LOC'")[0][0]
    assert color not in {c for (c,) in rows(project_path, "SELECT color FROM labels WHERE key != 'LOC'")}


def test_reimporting_adds_nothing(project_path, tmp_path, capsys):
    main(["init", str(project_path)])
    path = tmp_path / "a.conll"
    path.write_text("علی\tB-PER\nرفت\tO\n", encoding="utf-8")
    main(["import", str(project_path), str(path)])
    capsys.readouterr()
    assert main(["import", str(project_path), str(path), "-q"]) == 0
    out = capsys.readouterr().out
    assert "0 imported, 1 already present, 0 skipped" in out
    assert "spans: 0 added, 1 already there" in out
