"""`barchasb import --skip-invalid`: the valid records go in, every bad line is listed."""

from __future__ import annotations

import json
import sqlite3

from desktop.cli import main

GOOD = "علی به باکو رفت."


def write(path, *lines):
    path.write_text("".join(line + "\n" for line in lines), encoding="utf-8")
    return path


def texts(project):
    conn = sqlite3.connect(project)
    try:
        return [t for (t,) in conn.execute("SELECT text FROM documents ORDER BY id")]
    finally:
        conn.close()


def bad_file(tmp_path):
    return write(
        tmp_path / "bad.jsonl",
        json.dumps({"text": GOOD, "spans": [{"start": 7, "end": 11, "label": "place"}]}, ensure_ascii=False),
        '{"text": "دو", "spans": [{"start": 1, "end": 0, "label": "x"}]}',
        '{"text": "سه" "spans": []}',
        json.dumps({"text": "چهار", "spans": []}, ensure_ascii=False),
    )


def test_default_refuses_the_file_and_says_how_to_import_the_rest(project_path, tmp_path, capsys):
    main(["init", str(project_path)])
    path = bad_file(tmp_path)
    capsys.readouterr()
    assert main(["import", str(project_path), str(path)]) == 3
    err = capsys.readouterr().err.splitlines()
    assert err == [
        f"skipped {path}: line 2: span [1, 0) x is empty, reversed or negative",
        "  2 bad records in all; --skip-invalid imports the 2 valid ones",
    ]
    assert texts(project_path) == []


def test_skip_invalid_imports_the_valid_records_and_lists_each_bad_line(project_path, tmp_path, capsys):
    main(["init", str(project_path)])
    path = bad_file(tmp_path)
    good = write(tmp_path / "good.jsonl", json.dumps({"text": "پنج", "spans": []}, ensure_ascii=False))
    capsys.readouterr()
    # the bad records were left out because the user asked: the import is the one asked for
    assert main(["import", str(project_path), str(path), str(good), "--skip-invalid"]) == 0
    captured = capsys.readouterr()
    assert captured.err.splitlines() == [
        f"{path}:2: span [1, 0) x is empty, reversed or negative",
        f"{path}:3: not valid JSON: Expecting ',' delimiter",
    ]
    assert (
        f"imported {path} (jsonl: 2 documents added, 0 already present, 1 spans, "
        "0 duplicate spans skipped, 2 bad records skipped)" in captured.out
    )
    assert "3 imported, 0 already present, 0 skipped" in captured.out
    assert "bad records skipped: 2" in captured.out
    assert texts(project_path) == [GOOD, "چهار", "پنج"]


def test_skip_invalid_with_nothing_bad_exits_zero(project_path, tmp_path, capsys):
    main(["init", str(project_path)])
    good = write(tmp_path / "good.jsonl", json.dumps({"text": "پنج", "spans": []}, ensure_ascii=False))
    assert main(["import", str(project_path), str(good), "--skip-invalid", "-q"]) == 0
    assert capsys.readouterr().err == ""
    assert texts(project_path) == ["پنج"]


def test_skip_invalid_still_exits_3_when_a_plain_text_file_is_skipped(project_path, tmp_path, capsys):
    main(["init", str(project_path)])
    path = bad_file(tmp_path)
    empty = tmp_path / "empty.txt"
    empty.write_text("", encoding="utf-8")
    capsys.readouterr()
    assert main(["import", str(project_path), str(path), str(empty), "--skip-invalid", "-q"]) == 3
    err = capsys.readouterr().err.splitlines()
    assert err[0].startswith(f"skipped {empty}: ")
    assert err[1:] == [
        f"{path}:2: span [1, 0) x is empty, reversed or negative",
        f"{path}:3: not valid JSON: Expecting ',' delimiter",
    ]
    assert texts(project_path) == [GOOD, "چهار"]


def test_skip_invalid_exits_3_when_a_file_has_no_valid_record(project_path, tmp_path, capsys):
    main(["init", str(project_path)])
    path = write(tmp_path / "all_bad.jsonl", '{"text": "دو", "spans": [{"start": 1, "end": 0, "label": "x"}]}')
    capsys.readouterr()
    assert main(["import", str(project_path), str(path), "--skip-invalid", "-q"]) == 3
    assert capsys.readouterr().err.startswith(f"skipped {path}: ")
    assert texts(project_path) == []
