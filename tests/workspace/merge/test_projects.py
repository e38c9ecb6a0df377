"""Merging team members' project files: documents by content, layers never overwritten."""

from __future__ import annotations

import sqlite3

import pytest

from desktop.core.errors import InputError, ProjectError
from desktop.core.model import Label, Status
from desktop.core.review import Method, UnitKind
from desktop.storage.migrations import SCHEMA_VERSION
from desktop.workspace import Workspace
from desktop.workspace.merge import layers as merge_layers
from desktop.workspace.merge.projects import merge_projects
from desktop.workspace.review.gold import Review

from helpers import TEXT, add_document

OTHER_TEXT = "نمایشگاه صنعت در اردبیل برگزار شد."


def merge_into(project, others, *args, **kwargs):
    """Merge into a project file, as the window's worker thread does: in a workspace of its own."""
    with Workspace.open(project) as workspace:
        return merge_projects(workspace, others, *args, **kwargs)


def at(text: str, phrase: str) -> tuple[int, int]:
    start = text.index(phrase)
    return start, start + len(phrase)


def make(
    path, layers: dict[str, dict[str, list[tuple[str, str]]]], texts=(TEXT, OTHER_TEXT), status: dict | None = None
) -> None:
    """A project at `path` holding `texts`; layers[name][text] = [(phrase, label)]."""
    ws = Workspace.create(path)
    docs = {text: add_document(ws, text, f"{len(text)}.txt") for text in texts}
    for name, by_text in layers.items():
        ws.set_annotator(name)
        for text, phrases in by_text.items():
            for phrase, label in phrases:
                ws.add_span(docs[text], *at(text, phrase), label)
    for (name, text), value in (status or {}).items():
        ws.set_annotator(name)
        ws.set_status(docs[text], value)
    ws.close()


def layer(ws: Workspace, name: str, text: str = TEXT) -> set[tuple]:
    annotator = ws.repo.find_annotator(name)
    doc = ws.repo.scalar("SELECT id FROM documents WHERE text = ?", [text])
    return {(s.start, s.end, s.label) for s in ws.repo.spans(doc, annotator.id)}


def fingerprint(path) -> tuple:
    conn = sqlite3.connect(path)
    counts = tuple(
        conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
        for t in (
            "documents",
            "spans",
            "annotators",
            "document_status",
            "labels",
            "gold_provenance",
            "review_rejections",
            "history",
        )
    )
    conn.close()
    return counts


@pytest.fixture
def team(tmp_path):
    """sara's and reza's files (same two documents) and the lead's empty project."""
    make(
        tmp_path / "sara.barchasb",
        {"sara": {TEXT: [("علی جهانگیری", "official"), ("باکو", "place")]}},
        status={("sara", TEXT): Status.DONE},
    )
    make(
        tmp_path / "reza.barchasb",
        {"reza": {TEXT: [("علی جهانگیری", "official"), ("استاندار", "title")], OTHER_TEXT: [("اردبیل", "place")]}},
    )
    Workspace.create(tmp_path / "lead.barchasb").close()
    return tmp_path


def test_two_files_merged_show_their_differences_as_units(team):
    others = [team / "sara.barchasb", team / "reza.barchasb"]
    report = merge_into(team / "lead.barchasb", others)
    sara, reza = report.files
    assert len(sara.documents_added) == 2 and reza.documents_added == []
    assert reza.documents_matched == 2
    assert dict(sara.spans_added) == {"sara": 2} and dict(reza.spans_added) == {"reza": 3}
    ws = Workspace.open(team / "lead.barchasb", "lead")
    assert ws.repo.document_count() == 2
    assert ws.repo.status(1, ws.repo.find_annotator("sara").id) is Status.DONE
    kinds = [u.kind for u in Review(ws).units(1)]
    assert kinds == [UnitKind.AGREED, UnitKind.PARTIAL, UnitKind.PARTIAL]
    ws.close()


def test_merging_the_same_file_again_changes_nothing(team):
    lead = team / "lead.barchasb"
    merge_into(lead, [team / "sara.barchasb", team / "reza.barchasb"])
    before = fingerprint(lead)
    report = merge_into(lead, [team / "reza.barchasb", team / "sara.barchasb"])
    assert fingerprint(lead) == before  # not even a history row
    assert not any(f.changed for f in report.files)


def test_a_differing_layer_of_the_same_name_is_kept_beside_it(team):
    lead = team / "lead.barchasb"
    merge_into(lead, [team / "sara.barchasb"])
    make(team / "home.barchasb", {"sara": {TEXT: [("علی جهانگیری", "title")]}})
    report = merge_into(lead, [team / "home.barchasb"])
    assert dict(report.files[0].side_layers) == {"sara@home": 1}
    assert report.files[0].layers_created == ["sara@home"]
    (team / "home.barchasb").unlink()
    make(team / "home.barchasb", {"sara": {TEXT: [("باکو", "date")]}})
    merge_into(lead, [team / "home.barchasb"])
    merge_into(lead, [team / "home.barchasb"])  # and again: no third copy
    ws = Workspace.open(lead)
    name, baku = at(TEXT, "علی جهانگیری"), at(TEXT, "باکو")
    assert layer(ws, "sara") == {(*name, "official"), (*baku, "place")}  # untouched
    assert layer(ws, "sara@home") == {(*name, "title")}
    assert layer(ws, "sara@home-2") == {(*baku, "date")}
    ws.close()


def test_a_layer_grows_when_the_incoming_version_only_adds(team):
    lead = team / "lead.barchasb"
    merge_into(lead, [team / "sara.barchasb"])
    ws = Workspace.open(team / "sara.barchasb", "sara")
    ws.add_span(1, *at(TEXT, "استاندار"), "title")  # sara worked on
    ws.close()
    report = merge_into(lead, [team / "sara.barchasb"])
    assert dict(report.files[0].spans_added) == {"sara": 1} and not report.files[0].side_layers
    make(team / "old.barchasb", {"sara": {TEXT: [("باکو", "place")]}})  # an older subset
    assert not merge_into(lead, [team / "old.barchasb"]).files[0].spans_added


def test_labels_missing_here_are_added_and_the_workspace_sees_them(tmp_path):
    other = Workspace.create(tmp_path / "other.barchasb")
    with other.repo.action("t"):
        other.repo.save_label(Label("weapon", "سلاح", "Weapon", "#123456", order=99))
    other.reload_labels()
    doc = add_document(other, OTHER_TEXT)
    other.set_annotator("omid")
    other.add_span(doc, *at(OTHER_TEXT, "صنعت"), "weapon")
    other.close()
    ws = Workspace.create(tmp_path / "lead.barchasb")
    ws.set_annotator("lead")
    assert "weapon" not in ws.labels()
    report = merge_projects(ws, [tmp_path / "other.barchasb"])
    assert report.files[0].labels_added == ["weapon"]
    assert report.changes.labels_changed and report.changes.documents_added == [1]
    assert ws.labels()["weapon"].color == "#123456"
    assert ws.repo.history(entity="label")[0]["actor"] == "lead"
    ws.close()


def test_statuses_only_move_forward(team):
    lead = team / "lead.barchasb"
    merge_into(lead, [team / "sara.barchasb"])
    make(team / "behind.barchasb", {}, status={("sara", TEXT): Status.IN_PROGRESS})
    report = merge_into(lead, [team / "behind.barchasb"])
    assert report.files[0].statuses_updated == 0
    ws = Workspace.open(lead)
    assert ws.repo.status(1, ws.repo.find_annotator("sara").id) is Status.DONE
    ws.close()


def reviewed_file(path, sara_spans, decide) -> None:
    make(path, {"sara": {TEXT: sara_spans}, "reza": {TEXT: [("علی جهانگیری", "official")]}})
    ws = Workspace.open(path, "lead")
    decide(Review(ws))
    ws.close()


def test_gold_comes_with_its_provenance_rejections_and_review_status(team):
    def decide(review):
        review.accept_agreed(1)
        review.reject(review.units(1)[1].candidates[0])
        review.set_status(1, "reviewed")

    reviewed_file(team / "review.barchasb", [("علی جهانگیری", "official"), ("باکو", "place")], decide)
    lead = team / "lead.barchasb"
    merge_into(lead, [team / "sara.barchasb", team / "review.barchasb"])
    ws = Workspace.open(lead, "boss")
    review = Review(ws)
    ((span, provenance),) = review.gold(1)
    assert provenance.method is Method.ACCEPTED and provenance.decided_by == "lead"
    source = ws.repo.span(provenance.source_span_id)  # points at the copy here
    assert (source.start, source.end, source.annotator_id) == (span.start, span.end, ws.repo.find_annotator("sara").id)
    assert [r.label for r in ws.repo.rejections(1)] == ["place"]
    assert str(review.status(1)) == "reviewed"
    assert all(u.decided for u in review.units(1))
    ws.close()


def test_conflicting_gold_becomes_an_ordinary_layer_without_its_rejections(team):
    name, baku = at(TEXT, "علی جهانگیری"), at(TEXT, "باکو")
    same = [("علی جهانگیری", "official")]
    reviewed_file(team / "a.barchasb", same, lambda review: review.accept_agreed(1))
    reviewed_file(
        team / "b.barchasb", same, lambda review: (review.draw(1, *name, "title"), review.draw(1, *baku, "place"))
    )
    lead = team / "lead.barchasb"
    report = merge_into(lead, [team / "a.barchasb", team / "b.barchasb"])
    assert dict(report.files[1].side_layers) == {"gold@b": 1}
    ws = Workspace.open(lead)
    assert ws.repo.find_annotator("gold@b").kind == "human"
    assert layer(ws, "gold") == {(*name, "official")}
    assert layer(ws, "gold@b") == {(*name, "title"), (*baku, "place")}
    assert ws.repo.rejections(1) == []  # b rejected official for its own gold, not this one
    ws.close()


def test_a_failure_mid_file_leaves_that_file_undone_and_earlier_files_merged(team, monkeypatch):
    lead = team / "lead.barchasb"
    real = merge_layers.LayerMerger._insert
    calls = []

    def flaky(self, doc, layer_, row):
        calls.append(1)
        if len(calls) == 4:  # sara's two spans went in, then reza's second span fails
            raise OSError("disk on fire")
        return real(self, doc, layer_, row)

    monkeypatch.setattr(merge_layers.LayerMerger, "_insert", flaky)
    with pytest.raises(OSError):
        merge_into(lead, [team / "sara.barchasb", team / "reza.barchasb"])
    ws = Workspace.open(lead)
    assert ws.repo.find_annotator("reza") is None
    assert ws.repo.span_count() == 2 and ws.repo.document_count() == 2  # sara's file, whole
    ws.close()


def test_cancelling_rolls_back_the_current_file(team):
    lead = team / "lead.barchasb"
    seen = []

    def progress(done, total, name):
        seen.append((done, total))
        return not name.endswith("reza.barchasb")

    report = merge_into(lead, [team / "sara.barchasb", team / "reza.barchasb"], progress)
    assert report.cancelled and [f.path for f in report.files] == [str(team / "sara.barchasb")]
    assert seen[0] == (0, 4)
    ws = Workspace.open(lead)
    assert ws.repo.find_annotator("reza") is None and ws.repo.span_count() == 2
    ws.close()


def test_files_that_cannot_be_merged_are_refused_before_anything_is_merged(team):
    lead = team / "lead.barchasb"
    before = fingerprint(lead)
    (team / "notes.txt").write_text("hello")
    newer = team / "newer.barchasb"
    make(newer, {})
    conn = sqlite3.connect(newer)
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    conn.close()
    for bad, error, words in (
        (team / "missing.barchasb", ProjectError, "no project"),
        (team / "notes.txt", ProjectError, "not a Barchasb project"),
        (newer, ProjectError, "newer version"),
        (lead, InputError, "being merged into"),
    ):
        with pytest.raises(error, match=words):
            merge_into(lead, [team / "sara.barchasb", bad])
    assert fingerprint(lead) == before


def test_a_file_from_before_review_existed_merges(team, merge_reader):
    if merge_reader == "store":
        pytest.skip("a store is opened upgraded; only a file is read as an older version left it")
    old = team / "sara.barchasb"
    conn = sqlite3.connect(old)
    conn.execute("DROP TABLE gold_provenance")
    conn.execute("DROP TABLE review_rejections")
    conn.execute("PRAGMA user_version = 1")
    conn.commit()
    conn.close()
    report = merge_into(team / "lead.barchasb", [old])
    assert dict(report.files[0].spans_added) == {"sara": 2}


def test_merge_accepts_an_open_workspace_and_reports_what_to_redraw(team):
    ws = Workspace.open(team / "lead.barchasb", "lead")
    seen = []
    report = merge_projects(ws, [team / "sara.barchasb"], lambda *args: seen.append(args))
    assert seen == [(0, 2, str(team / "sara.barchasb")), (2, 2, "")]
    assert report.changes.documents_added == [1, 2] and report.changes.documents == {1, 2}
    assert ws.repo.history(entity="span")[0]["actor"] == "lead"
    assert ws.repo.history(entity="span")[0]["action"] == "merge.span"
    ws.close()
