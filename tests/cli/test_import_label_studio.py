"""Label Studio in and out: one layer per user, empty annotations for finished documents.

The fixture is shaped like Label Studio 1.23.2's Export -> JSON (integer
`completed_by`, predictions as ids, `json.dumps(..., ensure_ascii=False)` on one
line): users 1 and 2 annotate four tasks; task 43 is a sentence with nothing to
label that both submitted empty, user 1 skipped task 44, and task 45 has no
annotation yet.
"""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from desktop.cli import main
from desktop.core.model import Status

FIXTURE = Path(__file__).parent.parent / "fixtures" / "label-studio-1.23.2.json"
MAP = ["--annotator-map", "1=sara", "--annotator-map", "2=omid"]


def rows(project, sql):
    conn = sqlite3.connect(project)
    try:
        return conn.execute(sql).fetchall()
    finally:
        conn.close()


def layers(project) -> dict[str, list]:
    """Annotator -> sorted (document text's first word, start, end, label) of its spans."""
    found: dict[str, list] = {}
    for name, text, start, end, label in rows(
        project,
        (
            'SELECT a.name, d.text, s.start, s."end", s.label FROM spans s'
            " JOIN annotators a ON a.id = s.annotator_id JOIN documents d ON d.id = s.document_id"
        ),
    ):
        found.setdefault(name, []).append((text[start:end], label))
    return {name: sorted(spans) for name, spans in found.items()}


def done(project) -> list[tuple[str, str]]:
    """(first words of the document, annotator) of every done status, in document order."""
    return rows(
        project,
        "SELECT substr(d.text, 1, 8), a.name FROM document_status s"
        " JOIN annotators a ON a.id = s.annotator_id JOIN documents d"
        " ON d.id = s.document_id WHERE s.status = 'done' ORDER BY d.id, a.name",
    )


@pytest.fixture
def fresh(tmp_path):
    def make(name="fresh.barchasb"):
        path = tmp_path / name
        assert main(["init", str(path)]) == 0
        return path

    return make


def test_each_user_gets_a_layer_named_after_their_id(fresh, capsys):
    project = fresh()
    assert main(["import", str(project), str(FIXTURE)]) == 0
    out = capsys.readouterr().out
    assert f"imported {FIXTURE} (label-studio: 5 documents added" in out
    assert (
        "  Label Studio users known only by id went to layers ls-1, ls-2 (name them with --annotator-map, e.g. 1=NAME)"
    ) in out
    assert ("  not imported: predictions 1, skipped annotations 1 (Barchasb imports submitted annotations)") in out
    assert layers(project) == {
        "ls-1": [("باکو", "LOC"), ("تهران", "LOC"), ("علی جهانگیری", "PER")],
        "ls-2": [("باکو", "LOC"), ("تهران", "LOC"), ("۳ بهمن", "DAT")],
    }


def test_the_map_names_the_layers_and_finished_empty_documents_count(fresh, capsys):
    project = fresh()
    assert main(["import", str(project), str(FIXTURE), *MAP]) == 0
    assert "known only by id" not in capsys.readouterr().out
    assert set(layers(project)) == {"sara", "omid"}
    assert not rows(project, "SELECT 1 FROM annotators WHERE name LIKE 'ls-%' OR name = 'tester'")
    # Every submitted annotation is finished work; the skipped one and task 45 are not.
    assert done(project) == [
        ("علی جهان", "omid"),
        ("علی جهان", "sara"),
        ("😀 نشست د", "omid"),
        ("😀 نشست د", "sara"),
        ("هوا امرو", "omid"),
        ("هوا امرو", "sara"),
        ("قرارداد ", "omid"),
    ]


def test_agreement_between_the_two_imported_users(fresh, capsys):
    project = fresh()
    assert main(["import", str(project), str(FIXTURE), *MAP]) == 0
    capsys.readouterr()
    assert main(["agreement", str(project), "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert sorted(report["layers"]) == ["omid", "sara"]
    # 41, 42 and the empty 43 (both finished it, agreeing there is nothing); 44 only omid did.
    assert report["documents"] == 3
    exact = report["pairs"][0]["exact"]["overall"]
    assert (exact["tp"], exact["fp"] + exact["fn"]) == (2, 1)  # باکو, تهران; sara's PER alone


def test_round_trip_is_byte_identical_with_empty_annotations(fresh, tmp_path, capsys):
    first, second = tmp_path / "1.json", tmp_path / "2.json"
    one = fresh("one.barchasb")
    assert main(["import", str(one), str(FIXTURE), *MAP]) == 0
    assert main(["export", str(one), "-f", "label-studio", "-o", str(first)]) == 0
    tasks = json.loads(first.read_text(encoding="utf-8"))
    shapes = [[(a["annotator"], len(a["result"])) for a in task["annotations"]] for task in tasks]
    assert shapes == [
        [("omid", 1), ("sara", 2)],
        [("omid", 1), ("sara", 1)],
        [("omid", 0), ("sara", 0)],
        [("omid", 1)],
        [],
    ]
    two = fresh("two.barchasb")
    assert main(["import", str(two), str(first)]) == 0
    assert done(two) == done(one)
    assert main(["export", str(two), "-f", "label-studio", "-o", str(second)]) == 0
    assert second.read_bytes() == first.read_bytes()


def test_a_document_marked_done_with_no_spans_is_exported_as_labelled(seeded, fresh, tmp_path):
    seeded.set_annotator("sara")
    seeded.set_status(3, Status.DONE)  # read, and nothing to label
    seeded.set_status(4, Status.IN_PROGRESS)  # not finished: no annotation
    project = seeded.path
    first, second = tmp_path / "1.json", tmp_path / "2.json"
    assert main(["export", str(project), "-f", "label-studio", "-o", str(first)]) == 0
    tasks = json.loads(first.read_text(encoding="utf-8"))
    assert [task["annotations"] for task in tasks] == [[], [], [{"annotator": "sara", "result": []}], [], []]
    other = fresh()
    assert main(["import", str(other), str(first)]) == 0
    assert rows(
        other,
        "SELECT d.name, a.name, s.status FROM document_status s JOIN annotators a"
        " ON a.id = s.annotator_id JOIN documents d ON d.id = s.document_id",
    ) == [(tasks[2]["data"]["name"], "sara", "done")]
    assert main(["export", str(other), "-f", "label-studio", "-o", str(second)]) == 0
    assert second.read_bytes() == first.read_bytes()
    # Exporting only documents in progress leaves the finished one unlabelled.
    assert main(["export", str(project), "-f", "label-studio", "--status", "in_progress", "-o", str(second)]) == 0
    assert all(task["annotations"] == [] for task in json.loads(second.read_text("utf-8")))


@pytest.mark.parametrize(
    "args, words",
    [
        (["--annotator-map", "2"], "--annotator-map wants KEY=NAME"),
        (["--annotator-map", "2=sara", "--annotator-map", "2=omid"], "two names"),
        (["--annotator-map", "2=sa\nra"], "control characters"),
        (["--annotator-map", "2=sara", "--annotator", "mina"], "use one or the other"),
    ],
)
def test_bad_maps_are_one_line_errors(fresh, capsys, args, words):
    project = fresh()
    assert main(["import", str(project), str(FIXTURE), *args]) != 0
    err = capsys.readouterr().err
    assert words in err and "Traceback" not in err
    assert rows(project, "SELECT count(*) FROM documents") == [(0,)]


def test_the_map_renames_the_annotators_of_other_formats(fresh, tmp_path):
    path = tmp_path / "a.jsonl"
    path.write_text(
        json.dumps(
            {"text": "علی به باکو رفت.", "spans": [{"start": 7, "end": 11, "label": "place", "annotator": "u7"}]},
            ensure_ascii=False,
        )
        + "\n",
        encoding="utf-8",
    )
    project = fresh()
    assert main(["import", str(project), str(path), "--annotator-map", "u7=mina"]) == 0
    assert layers(project) == {"mina": [("باکو", "place")]}


def test_statuses_are_journaled_once_and_a_second_import_changes_nothing(fresh, capsys):
    project = fresh()
    assert main(["import", str(project), str(FIXTURE), *MAP]) == 0
    history = "SELECT before, after FROM history WHERE action = 'status.set' ORDER BY id"
    first = rows(project, history)
    assert len(first) == 7
    assert json.loads(first[0][0])["status"] == "new" and json.loads(first[0][1])["status"] == "done"
    assert main(["import", str(project), str(FIXTURE), *MAP]) == 0
    assert "0 imported, 5 already present" in capsys.readouterr().out
    assert rows(project, history) == first and len(done(project)) == 7


def test_a_reviewed_document_with_no_gold_span_is_exported_with_an_empty_gold_annotation(seeded, tmp_path):
    from desktop.core.review import ReviewStatus
    from desktop.workspace.review.gold import Review

    seeded.set_annotator("sara")
    Review(seeded).set_status(2, ReviewStatus.REVIEWED)  # all O: reviewed, nothing in gold
    out = tmp_path / "gold.json"
    assert main(["export", str(seeded.path), "-f", "label-studio", "--reviewed", "-o", str(out)]) == 0
    [task] = json.loads(out.read_text(encoding="utf-8"))
    assert task["annotations"] == [{"annotator": "gold", "result": []}]
