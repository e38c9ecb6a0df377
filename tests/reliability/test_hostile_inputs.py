"""Hostile and broken input files, case by case, through the import and back out.

Each refused file is refused in one line that names it (and the line inside
it), and leaves every table of the project as it was; each accepted one is
stored exactly; names with HTML or SQL in them are data, shown and exported
as the plain text they are.
"""

from __future__ import annotations

import contextlib
import io
import json
import time
from pathlib import Path

import pytest
from reliability.checks import integrity, row_counts

from desktop.cli import main
from desktop.workspace import Workspace
from desktop.workspace.imports.annotated import ImportOptions, import_annotated

TEXT = "علی جهانگیری، معاون استاندار، به باکو رفت."
PLACE = (TEXT.index("باکو"), TEXT.index("باکو") + 4)


def run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(list(argv))
    return code, out.getvalue(), err.getvalue()


@pytest.fixture
def project(make_project) -> Path:
    return make_project()


def refused(project: Path, path: Path, *words: str, fmt: str = "auto", line: int | None = None):
    """Import `path`, expect it skipped for a reason with `words`; nothing changes."""
    before = row_counts(project)
    code, out, err = run("import", str(project), str(path), "--format", fmt)
    assert code == 3, (out, err)
    [reason] = [x for x in err.splitlines() if x.startswith("skipped")]
    assert str(path) in reason and all(w in reason for w in words), reason
    if line is not None:
        assert f"line {line}:" in reason, reason
    assert row_counts(project) == before
    return reason


def jsonl(*records) -> str:
    return "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records)


GOOD = {"text": TEXT, "spans": [{"start": PLACE[0], "end": PLACE[1], "label": "place"}]}


# --- truncated, undecodable, binary -----------------------------------------------------


FILES = {
    "jsonl": jsonl(GOOD, {**GOOD, "text": TEXT + " ۱"}, {**GOOD, "text": TEXT + " ۲"}),
    "doccano": jsonl(*({"text": TEXT + s, "label": [[*PLACE, "place"]]} for s in ("", "!", "؟"))),
    "label-studio": json.dumps(
        [
            {
                "data": {"text": TEXT + s},
                "annotations": [{"result": [{"value": {"start": PLACE[0], "end": PLACE[1], "labels": ["place"]}}]}],
            }
            for s in ("", "!", "؟")
        ],
        ensure_ascii=False,
        indent=1,
    ),
    "conll": "علی\tB-PER\nجهانگیری\tI-PER\nبه\tO\nباکو\tB-LOC\n\nرفت\tO\n.\tO\n",
}


@pytest.mark.parametrize("fmt", sorted(FILES))
def test_every_truncation_imports_whole_records_or_nothing(fmt, project, tmp_path):
    data = FILES[fmt].encode("utf-8")
    ws = Workspace.open(project)
    full = len(data)
    imported = skipped = 0
    for cut in range(0, full + 1, 2 if fmt == "label-studio" else 1):
        path = tmp_path / f"cut{cut}.{'json' if fmt == 'label-studio' else 'txt'}"
        path.write_bytes(data[:cut])
        before = row_counts(project)
        result = import_annotated(ws, "tester", path, ImportOptions(format=fmt))
        after = row_counts(project)
        if result.outcome == "skipped":
            skipped += 1
            assert after == before and result.reason, cut
        else:
            imported += 1
            assert after["documents"] - before["documents"] == len(result.documents_added)
            assert after["spans"] - before["spans"] == result.spans_added
    ws.close()
    assert imported and skipped  # both paths were taken
    assert integrity(project) == "ok"


def test_invalid_utf8_is_refused_naming_its_line(project, tmp_path):
    path = tmp_path / "broken.jsonl"
    lines = [json.dumps({**GOOD, "text": f"{TEXT} {i}"}, ensure_ascii=False) for i in range(6)]
    data = "\n".join(lines).encode("utf-8").split(b"\n")
    data[4] = data[4][:20] + b"\xff\xfe" + data[4][20:]
    path.write_bytes(b"\n".join(data))
    refused(project, path, "invalid UTF-8 at byte", line=5)  # not read as Windows-1256
    bom = tmp_path / "bom.jsonl"
    bom.write_bytes(b"\xef\xbb\xbf" + b"\n".join(data))
    refused(project, bom, "invalid utf-8", line=5)


@pytest.mark.parametrize(
    "data, words",
    [
        (b"\x00\x01\x02binary\x00" * 100, "binary data"),
        ("خبر\x00خبر".encode(), "NUL"),
        (b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8, "binary data"),
        (b"\x89PNG\r\n\x1a\n" + bytes(range(1, 256)) * 8, "not UTF-8"),
        (b"", "empty"),
        (b"   \n\t\n", "empty"),
    ],
)
def test_binary_and_empty_files_are_refused(project, tmp_path, data, words):
    path = tmp_path / "file.txt"
    path.write_bytes(data)
    before = row_counts(project)
    code, _, err = run("import", str(project), str(path))
    assert code == 3 and words in err and str(path) in err
    assert row_counts(project) == before


# --- JSON that is valid but hostile -----------------------------------------------------


@pytest.mark.parametrize(
    "fmt, name", [("jsonl", "deep.jsonl"), ("doccano", "deep.jsonl"), ("label-studio", "deep.json")]
)
def test_deeply_nested_json_is_refused(fmt, name, project, tmp_path):
    path = tmp_path / name
    depth = 100_000
    path.write_text(jsonl(GOOD) + '{"text": "x", "meta": ' + "[" * depth + "]" * depth + "}\n", encoding="utf-8")
    refused(project, path, "nested too deeply", fmt=fmt, line=2)


def test_json_nested_as_deep_as_the_parser_goes_still_round_trips(project, tmp_path):
    """Anything the reader accepts, the store writes and the export reads back."""
    depth = 1
    while True:  # the deepest `meta` Python's JSON parser takes here
        try:
            json.loads("[" * (depth * 2) + "]" * (depth * 2))
            depth *= 2
        except RecursionError:
            break
    path = tmp_path / "deep.jsonl"
    path.write_text(jsonl({**GOOD, "meta": {"x": json.loads("[" * depth + "]" * depth)}}), encoding="utf-8")
    code, _, err = run("import", str(project), str(path))
    assert code in (0, 3) and "internal error" not in err
    code, _, err = run("export", str(project), "-o", str(tmp_path / "out.jsonl"))
    assert code == 0, err


@pytest.mark.parametrize(
    "record, words",
    [
        ({"text": 5}, "'text' should be str, not int"),
        ({"text": ["a"]}, "'text' should be str, not list"),
        ({"text": TEXT, "spans": {"start": 1}}, "'spans' should be list, not dict"),
        ({"text": TEXT, "spans": [{"start": "3", "end": 5, "label": "place"}]}, "integers"),
        ({"text": TEXT, "spans": [{"start": 3.0, "end": 5, "label": "place"}]}, "integers"),
        ({"text": TEXT, "spans": [{"start": True, "end": 5, "label": "place"}]}, "integers"),
        ({"text": TEXT, "spans": [{"start": 3, "end": 5, "label": 7}]}, "has no label"),
        ({"text": TEXT, "spans": [{"start": -3, "end": 5, "label": "place"}]}, "negative"),
        ({"text": TEXT, "spans": [{"start": 5, "end": 3, "label": "place"}]}, "reversed"),
        ({"text": TEXT, "spans": [{"start": 0, "end": 10**30, "label": "place"}]}, "past the text"),
        ({"text": TEXT, "spans": [{"start": 2**63, "end": 2**64, "label": "place"}]}, "past the text"),
        ({"text": TEXT, "spans": [{"start": 0, "end": 3, "label": "place", "text": 4}]}, "does not match"),
        ({"text": TEXT, "meta": "name"}, "'meta' should be dict, not str"),
        (
            {"text": TEXT, "spans": [{"start": 0, "end": 3, "label": "place", "annotator": "a\nb"}]},
            "control characters",
        ),
        (
            {"text": TEXT, "spans": [{"start": 0, "end": 3, "label": "place", "annotator": "x" * 300}]},
            "longer than 200",
        ),
    ],
)
def test_wrong_types_and_offsets_are_refused_with_their_line(project, tmp_path, record, words):
    path = tmp_path / "bad.jsonl"
    path.write_text(jsonl(GOOD, {**GOOD, "text": TEXT + "!"}, record), encoding="utf-8")
    refused(project, path, words, line=3)


def test_a_number_with_thousands_of_digits_is_refused(project, tmp_path):
    path = tmp_path / "digits.jsonl"
    path.write_text(
        '{"text": "abc", "spans": [{"start": 0, "end": 1' + "0" * 5000 + ', "label": "place"}]}\n', encoding="utf-8"
    )
    refused(project, path, "thousands of digits", line=1)


def test_a_lone_surrogate_escape_is_refused(project, tmp_path):
    path = tmp_path / "surrogate.jsonl"
    path.write_text(jsonl(GOOD) + '{"text": "ab\\ud800c", "spans": []}\n', encoding="utf-8")
    refused(project, path, "lone UTF-16 surrogate", line=2)


def test_a_valid_surrogate_pair_escape_is_an_emoji(project, tmp_path):
    path = tmp_path / "emoji.jsonl"
    path.write_text(
        '{"text": "\\ud83d\\ude00 سلام", "spans": [{"start": 2, "end": 6, "label": "place"}]}\n', encoding="utf-8"
    )
    code, _, err = run("import", str(project), str(path))
    assert code == 0, err
    ws = Workspace.open(project)
    assert ws.repo.document_text(1) == "😀 سلام"
    ws.close()


# --- names with HTML, SQL and control characters ----------------------------------------

HTML = "<b>bold</b><script>alert('x')</script>"
SQL = "Robert'); DROP TABLE spans; --"


@pytest.mark.parametrize("label", [HTML, SQL, "place\n", "B-<i>", "a b", "x" * 65, "\u202eplace"])
def test_labels_with_html_sql_or_odd_characters_are_refused_in_one_line(project, tmp_path, label):
    path = tmp_path / "labels.jsonl"
    path.write_text(jsonl(GOOD, {"text": TEXT, "spans": [{"start": 0, "end": 3, "label": label}]}), encoding="utf-8")
    reason = refused(project, path, "label key", line=2)
    assert repr(label)[1:-1][:20] in reason
    assert "\n" not in reason and "\x1b" not in reason


def test_html_and_sql_in_names_are_stored_shown_and_exported_verbatim(project, tmp_path):
    record = {
        "text": TEXT,
        "meta": {"name": HTML, "source": SQL},
        "spans": [
            {"start": PLACE[0], "end": PLACE[1], "label": "place", "annotator": SQL},
            {"start": 0, "end": 3, "label": "figure", "annotator": HTML},
        ],
    }
    path = tmp_path / "names.jsonl"
    path.write_text(jsonl(record), encoding="utf-8")
    tables = row_counts(project).keys()
    assert run("import", str(project), str(path))[0] == 0
    assert row_counts(project).keys() == tables  # no table dropped, none made
    code, out, _ = run("stats", str(project))
    assert code == 0
    lines = [line.strip() for line in out.splitlines()]
    for name in (SQL, HTML):  # plain text: neither escaped nor interpreted, one line each
        assert sum(line.startswith(name) for line in lines) == 2  # spans, and status
    assert "&lt;" not in out
    code, out, _ = run("stats", str(project), "--json")
    stats = json.loads(out)
    assert stats["spans_per_annotator"] == {SQL: 1, HTML: 1}
    code, _, err = run("export", str(project), "-o", str(tmp_path / "out.jsonl"))
    assert code == 0, err
    [exported] = [json.loads(x) for x in (tmp_path / "out.jsonl").read_text("utf-8").splitlines()]
    assert exported["meta"] == {"name": HTML, "source": SQL}
    assert {s["annotator"] for s in exported["spans"]} == {SQL, HTML}
    assert integrity(project) == "ok"


def test_a_document_name_with_control_characters_is_shown_on_one_line(project, tmp_path):
    name = "خبر\x1b[2J\nfake line\x07"
    path = tmp_path / "name.jsonl"
    path.write_text(jsonl({**GOOD, "meta": {"name": name}}), encoding="utf-8")
    assert run("import", str(project), str(path))[0] == 0
    ws = Workspace.open(project)
    [info] = ws.repo.document_infos()
    assert info.name == "خبر [2J fake line"
    ws.close()
    run("export", str(project), "-o", str(tmp_path / "out.jsonl"))
    exported = json.loads((tmp_path / "out.jsonl").read_text("utf-8"))
    assert exported["meta"]["name"] == name  # the file's own metadata travels unchanged


def test_errors_never_print_control_characters(project, tmp_path):
    path = tmp_path / "x\x1b[31m\nname.jsonl"
    path.write_text("not json", encoding="utf-8")
    code, out, err = run("import", str(project), str(path), "--format", "jsonl")
    assert "\x1b" not in err + out
    missing = tmp_path / "gone\x1b[2J.barchasb"
    code, _, err = run("stats", str(missing))
    assert code == 1 and err.count("\n") == 1 and "\x1b" not in err and "\\x1b" in err


# --- sizes ----------------------------------------------------------------------------------


def big_line(mb: int) -> str:
    words = ["خبر", "وزیر", "تهران", "ایران", "۱۲۳", "می‌رود", "abc", "،"]
    n = mb * 1_000_000 // 9
    return " ".join(words[i % len(words)] for i in range(n))


@pytest.mark.slow
def test_a_50_mb_single_line_imports_or_is_refused_in_time(project, tmp_path):
    line = big_line(50)
    cases = {
        "one.jsonl": json.dumps(
            {"text": line, "spans": [{"start": 0, "end": 3, "label": "place"}]}, ensure_ascii=False
        ),
        "one.json": json.dumps([{"data": {"text": line}}], ensure_ascii=False),
        "one.conll": line,  # one token line with a thousand "columns": not CoNLL
        "one.txt": line,
    }
    outcomes = {}
    for name, content in cases.items():
        path = tmp_path / name
        path.write_text(content, encoding="utf-8")
        before = row_counts(project)
        began = time.monotonic()
        extra = ["--no-normalize"] if name.endswith(".txt") else []
        code, out, err = run("import", str(project), str(path), *extra)
        outcomes[name] = (code, time.monotonic() - began)
        assert code in (0, 3) and "internal error" not in err, err
        if code == 3:
            assert row_counts(project) == before
        path.unlink()
    assert outcomes["one.jsonl"][0] == 0 and outcomes["one.json"][0] == 0
    assert outcomes["one.conll"][0] == 3 and outcomes["one.txt"][0] == 0
    assert all(seconds < 60 for _, seconds in outcomes.values()), outcomes
    ws = Workspace.open(project)
    assert max(info.length for info in ws.repo.document_infos()) == len(line)
    ws.close()
    assert integrity(project) == "ok"
