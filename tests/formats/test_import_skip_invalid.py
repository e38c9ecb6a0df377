"""Bad records in an annotated file: listed with file, line and reason; by default the
file is refused whole, with `skip_invalid` its valid records go in; progress moves
inside one large file."""

from __future__ import annotations

import json

import pytest

from desktop.workspace import Workspace
from desktop.workspace.imports import progress as import_progress
from desktop.workspace.imports.annotated import ImportOptions, import_annotated
from desktop.workspace.imports.everything import import_everything

GOOD = "علی به باکو رفت."
PLACE = {"start": 7, "end": 11, "label": "place"}


def import_into(project, *args, **kwargs):
    """Import into a project file, as the window's worker thread does: in a workspace of its own."""
    with Workspace.open(project) as workspace:
        return import_everything(workspace, *args, **kwargs)


def jsonl_lines(*lines: str) -> str:
    return "".join(line + "\n" for line in lines)


NATIVE = jsonl_lines(
    json.dumps({"text": GOOD, "spans": [PLACE]}, ensure_ascii=False),
    json.dumps({"text": "دو", "spans": [{"start": 1, "end": 0, "label": "x"}]}, ensure_ascii=False),
    '{"text": "سه" "spans": []}',  # not JSON
    json.dumps({"text": "چهار و پنج", "spans": []}, ensure_ascii=False),
    json.dumps({"text": "   ", "spans": []}),
)  # no text
DOCCANO = jsonl_lines(
    json.dumps({"text": GOOD, "label": [[7, 11, "place"]]}, ensure_ascii=False),
    json.dumps({"text": "دو", "label": [[0, 9, "place"]]}, ensure_ascii=False),
    json.dumps({"text": "چهار و پنج", "label": []}, ensure_ascii=False),
)
STUDIO = (
    "[\n"
    + ",\n".join(
        [
            json.dumps(
                {
                    "data": {"text": GOOD},
                    "annotations": [{"result": [{"value": {"start": 7, "end": 11, "labels": ["place"]}}]}],
                },
                ensure_ascii=False,
            ),
            json.dumps(
                {
                    "data": {"text": "دو"},
                    "annotations": [{"result": [{"value": {"start": 0, "end": 1, "labels": []}}]}],
                },
                ensure_ascii=False,
            ),
            json.dumps({"data": {"text": "چهار و پنج"}, "annotations": []}, ensure_ascii=False),
        ]
    )
    + "\n]\n"
)
CONLL = "علی\tB-PER\nرفت\tO\n\nو\tI-LOC\n\nباکو\tB-LOC\nزیبا\tO\n\nبد\n"


def stored(workspace):
    return workspace.repo.db.execute(
        'SELECT d.text, s.start, s."end", s.label FROM documents d LEFT JOIN spans s'
        " ON s.document_id = d.id ORDER BY d.id"
    ).fetchall()


@pytest.mark.parametrize(
    "name, content, bad, texts",
    [
        (
            "a.jsonl",
            NATIVE,
            [
                (2, "span [1, 0) x is empty, reversed or negative"),
                (3, "not valid JSON: Expecting ',' delimiter"),
                (5, "a document with no text"),
            ],
            [(GOOD, 7, 11, "place"), ("چهار و پنج", None, None, None)],
        ),
        (
            "d.jsonl",
            DOCCANO,
            [(2, "span [0, 9) place ends past the text (2 characters)")],
            [(GOOD, 7, 11, "place"), ("چهار و پنج", None, None, None)],
        ),
        (
            "s.json",
            STUDIO,
            [(3, "a label region needs a non-empty value.labels list")],
            [(GOOD, 7, 11, "place"), ("چهار و پنج", None, None, None)],
        ),
        (
            "c.conll",
            CONLL,
            [
                (4, "I-LOC after the sentence start continues no entity"),
                (9, "expected token and tag columns, got 'بد'"),
            ],
            [("علی رفت\nباکو زیبا", 0, 3, "PER"), ("علی رفت\nباکو زیبا", 8, 12, "LOC")],
        ),
    ],
)
def test_every_bad_record_is_listed_and_skip_invalid_imports_the_rest(workspace, tmp_path, name, content, bad, texts):
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    before = stored(workspace)
    refused = import_annotated(workspace, "tester", path, ImportOptions())
    assert refused.outcome == "skipped" and stored(workspace) == before  # nothing half written
    assert refused.reason.startswith(f"line {bad[0][0]}: ")
    assert [(b.line, b.reason[: len(r)]) for b, (_, r) in zip(refused.bad_records, bad)] == bad
    assert len(refused.bad_records) == len(bad)
    assert refused.valid_records == (1 if name == "c.conll" else 2)

    done = import_annotated(workspace, "tester", path, ImportOptions(skip_invalid=True))
    assert done.outcome == "imported"
    assert [b.describe(str(path)) for b in done.bad_records] == [
        f"{path}:{b.line}: {b.reason}" for b in refused.bad_records
    ]
    assert stored(workspace) == before + texts


def test_a_file_with_only_bad_records_is_skipped_even_with_skip_invalid(workspace, tmp_path):
    path = tmp_path / "bad.jsonl"
    path.write_text(jsonl_lines('{"text": 1}', '{"text": "x", "spans": 3}'), encoding="utf-8")
    result = import_annotated(workspace, "tester", path, ImportOptions(skip_invalid=True))
    assert result.outcome == "skipped" and result.valid_records == 0
    assert result.reason == "no valid records (2 bad; the first at line 1: 'text' should be str, not int)"
    assert stored(workspace) == []


def test_window_import_lists_refused_files_apart_and_imports_them_when_asked(project_path, tmp_path):
    from desktop.workspace import Workspace

    Workspace.create(project_path).close()
    path = tmp_path / "a.jsonl"
    path.write_text(NATIVE, encoding="utf-8")
    summary = import_into(project_path, "sara", [path])
    assert [r.path for r in summary.refused] == [str(path)] and summary.problems == []
    assert [b.line for b in summary.refused[0].bad_records] == [2, 3, 5]
    again = import_into(project_path, "sara", [path], skip_invalid=True)
    counts = again.counts
    assert again.refused == [] and (counts["documents"], counts["present"], counts["skipped"]) == (2, 0, 0)
    assert again.problems == []  # the user has seen the bad records and chose to skip them
    assert again.counts["bad_records"] == 3  # the window's words for it: desktop/qt/import_problems.py


def _rising(calls: list[tuple[int, int]]) -> list[int]:
    """The values reported strictly between the start and the end of the one file."""
    total = calls[-1][1]
    inside = [done for done, _ in calls if 0 < done < total]
    assert inside == sorted(inside), inside
    return inside


def test_one_large_annotated_file_reports_progress_inside_it(project_path, tmp_path, monkeypatch):
    from desktop.workspace import Workspace

    monkeypatch.setattr(import_progress, "INTERVAL", 0.0)
    Workspace.create(project_path).close()
    path = tmp_path / "big.jsonl"
    path.write_text(
        jsonl_lines(*(json.dumps({"text": f"{GOOD} {i}", "spans": [PLACE]}, ensure_ascii=False) for i in range(3000))),
        encoding="utf-8",
    )
    calls: list[tuple[int, int]] = []
    summary = import_into(project_path, "sara", [path], lambda done, total, name: calls.append((done, total)))
    assert (summary.counts["documents"], summary.counts["present"], summary.counts["skipped"]) == (3000, 0, 0)
    assert calls[-1][0] == calls[-1][1]
    assert len(set(_rising(calls))) >= 5


@pytest.mark.slow
def test_one_large_plain_file_reports_progress_while_normalising(project_path, tmp_path, monkeypatch):
    from desktop.workspace import Workspace

    monkeypatch.setattr(import_progress, "INTERVAL", 0.0)
    Workspace.create(project_path).close()
    path = tmp_path / "big.txt"
    paragraph = "سفر هيأت به باكو و ۵۰ درصد رشد داشت. " * 20
    path.write_text("\n\n".join([paragraph] * 400), encoding="utf-8")  # ~300 kB: ten hazm batches
    calls: list[tuple[int, int]] = []
    import_into(project_path, "sara", [path], lambda done, total, name: calls.append((done, total)))
    assert calls[-1][0] == calls[-1][1]
    assert len(set(_rising(calls))) >= 5
