import sqlite3

import pytest

from desktop.core.errors import ConflictError, NotFound
from desktop.core.model import Origin, Status
from desktop.workspace import Workspace

from helpers import TEXT


def stored_rows(path):
    conn = sqlite3.connect(path)
    rows = conn.execute('SELECT start, "end", label, origin FROM spans ORDER BY id').fetchall()
    conn.close()
    return rows


def test_a_span_is_stored_at_once_with_code_point_offsets(workspace, doc_id, project_path):
    start = TEXT.index("علی")
    span = workspace.add_span(doc_id, start, start + len("علی جهانگیری"), "official")
    assert TEXT[span.start : span.end] == "علی جهانگیری"
    # Another connection sees it without any save or close: it is durable.
    assert stored_rows(project_path) == [(2, 14, "official", "manual")]


@pytest.mark.parametrize("start, end", [(-1, 3), (5, 5), (6, 2), (0, len(TEXT) + 1)])
def test_bad_offsets_are_refused_and_nothing_is_stored(workspace, doc_id, project_path, start, end):
    with pytest.raises(ValueError):
        workspace.add_span(doc_id, start, end, "official")
    assert stored_rows(project_path) == []


def test_unknown_label_and_duplicate_span_are_refused(workspace, doc_id):
    with pytest.raises(NotFound, match="no label"):
        workspace.add_span(doc_id, 2, 5, "nonsense")
    workspace.add_span(doc_id, 2, 5, "official")
    with pytest.raises(ConflictError, match="already has"):
        workspace.add_span(doc_id, 2, 5, "official")
    assert len(workspace.spans(doc_id)) == 1


def test_every_change_is_in_the_history_with_who_and_before_after(workspace, doc_id):
    span = workspace.add_span(doc_id, 2, 5, "official")
    workspace.update_span(span.id, label="title", note="check")
    workspace.delete_span(span.id)
    rows = workspace.repo.history(entity="span", entity_id=span.id)
    assert [r["action"] for r in rows] == ["span.delete", "span.update", "span.create"]
    assert {r["actor"] for r in rows} == {"sara"}
    delete, update, create = rows
    assert create["before"] is None and create["after"]["label"] == "official"
    assert update["before"]["label"] == "official" and update["after"]["label"] == "title"
    assert update["after"]["note"] == "check"
    assert delete["after"] is None and delete["before"]["label"] == "title"


def test_a_deleted_span_is_restored_from_history_with_its_id(workspace, doc_id):
    span = workspace.add_span(doc_id, 2, 5, "official", note="n")
    workspace.delete_span(span.id)
    deletion = workspace.repo.history(entity="span", entity_id=span.id)[0]
    restored = workspace.restore_deleted_span(deletion["id"])
    assert (restored.id, restored.start, restored.end, restored.label, restored.note) == (
        span.id,
        2,
        5,
        "official",
        "n",
    )
    with pytest.raises(ConflictError):
        workspace.restore_deleted_span(deletion["id"])


def test_undo_and_redo_write_through(workspace, doc_id, project_path):
    span = workspace.add_span(doc_id, 2, 5, "official")
    workspace.update_span(span.id, end=14)
    workspace.undo()
    assert stored_rows(project_path) == [(2, 5, "official", "manual")]
    workspace.undo()
    assert stored_rows(project_path) == []
    workspace.redo()
    workspace.redo()
    assert stored_rows(project_path) == [(2, 14, "official", "manual")]
    assert workspace.spans(doc_id)[0].id == span.id  # redo brings back the same span
    assert not workspace.undo_stack.can_redo()


def test_bulk_ops_undo_as_one_step(workspace, doc_id, project_path):
    from desktop.core.model import Span
    from desktop.core.undo import CreateSpan

    ops = [CreateSpan(Span(doc_id, s, s + 3, "place", workspace.annotator.id, Origin.SUGGESTED)) for s in (2, 20, 30)]
    changes = workspace.apply_ops("Label all", ops)
    assert len(changes.spans_added) == 3
    workspace.undo()
    assert stored_rows(project_path) == []


def test_status_is_per_annotator_and_undoable(workspace, doc_id):
    workspace.set_status(doc_id, Status.DONE)
    assert workspace.status(doc_id) == Status.DONE
    other = Workspace.open(workspace.path, annotator="omid")
    assert other.status(doc_id) == Status.NEW
    other.close()
    workspace.undo()
    assert workspace.status(doc_id) == Status.NEW


def test_listeners_hear_each_change(workspace, doc_id):
    heard = []
    workspace.subscribe(heard.append)
    span = workspace.add_span(doc_id, 2, 5, "official")
    workspace.undo()
    assert heard[0].spans_added == [span.id]
    assert heard[1].spans_removed == [span.id]


def test_first_label_marks_the_document_in_progress_in_the_same_step(workspace, doc_id):
    workspace.add_span(doc_id, 2, 5, "official")
    assert workspace.status(doc_id) == Status.IN_PROGRESS
    workspace.add_span(doc_id, 6, 14, "official")
    workspace.set_status(doc_id, Status.DONE)
    workspace.undo()
    workspace.undo()
    assert workspace.status(doc_id) == Status.IN_PROGRESS
    workspace.undo()
    assert workspace.status(doc_id) == Status.NEW and workspace.spans(doc_id) == []


@pytest.mark.parametrize("name", ["a\x1b[2Jb", "x\ny", "z" * 81, "   "])
def test_annotator_names_with_control_characters_are_refused(workspace, name):
    from desktop.core.errors import InputError

    with pytest.raises(InputError):
        workspace.set_annotator(name)
    assert [a.name for a in workspace.repo.annotators()] == ["sara"]


def test_a_new_project_appears_whole_and_leaves_nothing_else(tmp_path):
    path = tmp_path / "new.barchasb"
    Workspace.create(path).close()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["new.barchasb"]
    ws = Workspace.open(path)
    assert len(ws.labels()) == 8
    ws.close()
