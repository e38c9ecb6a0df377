"""Opening a document paints its spans from their ranges and reads the spans themselves after.

The view is given every span's range and label when the document opens; `Editor.spans` is read
from storage the first time something asks for it (the span list does, right after the paint).
Whatever another writer changed in between, the view and `spans` then show what is stored.
"""

from __future__ import annotations

import pytest

from desktop.workspace import Workspace
from desktop.workspace.relations import Relations

from helpers import TEXT
from journey import stored_spans

pytestmark = pytest.mark.gui


@pytest.fixture
def project(one_document_project, project_path):
    one_document_project(TEXT)
    other = Workspace.open(project_path, annotator="sara")
    for start, end, key in ((2, 5, "official"), (6, 14, "official"), (22, 30, "title")):
        other.add_span(1, start, end, key)
    other.close()
    return project_path


def _reads(window) -> list[int]:
    """Counts the window's reads of a layer's spans (Span objects) from storage."""
    workspace, reads = window.bridge.workspace, []
    read = workspace.spans

    def counted(*args, **kwargs):
        reads.append(args[0])
        return read(*args, **kwargs)

    workspace.spans = counted
    return reads


def _shown(window) -> set[tuple[int, int, str]]:
    """(start, end, colour) of every span mark the view holds."""
    view = window.view
    return {(m.start, m.end, m.color) for m in (view.mark(i) for i in window.editor.spans) if m is not None}


def _rows(project) -> set[tuple[int, int, str]]:
    return {(start, end, key) for _, start, end, key, _ in stored_spans(project)}


def _stored(project) -> set[tuple[int, int, str]]:
    colours = {"official": "#d64541", "title": "#e67e22", "place": "#27ae60"}
    return {(start, end, colours[key]) for start, end, key in _rows(project)}


def test_the_spans_are_drawn_at_once_and_read_after_the_paint(project, open_app, qtbot):
    window = open_app(project).window
    window.show()
    qtbot.waitExposed(window)
    reads = _reads(window)
    window.open_document(1)
    assert reads == []  # nothing asked for the spans yet: the first paint needs only their ranges
    view = window.view
    assert [len(view.mark_at(cp)) for cp in (3, 10, 25, 51)] == [1, 1, 1, 0]
    qtbot.waitUntil(lambda: window.span_panel.model.rowCount() == 3)
    assert reads == [1]
    assert {(s.start, s.end, s.label) for s in window.editor.spans.values()} == _rows(project)
    assert _shown(window) == _stored(project)


def test_what_another_writer_changed_before_the_read_is_what_shows(project, open_app, qtbot):
    window = open_app(project).window
    window.open_document(1)
    other = Workspace.open(project, annotator="sara")
    spans = {(s.start, s.end): s for s in other.spans(1)}
    other.delete_span(spans[2, 5].id)
    other.update_span(spans[6, 14].id, label="place")
    other.add_span(1, 50, 54, "place")
    other.close()
    assert {(s.start, s.end, s.label) for s in window.editor.spans.values()} == _rows(project)
    assert _shown(window) == _stored(project)
    assert window.view.mark_at(3) == []  # the deleted span's mark went with it
    assert len(window.view.mark_at(51)) == 1


def test_labelling_before_the_spans_are_read(project, open_app, qtbot):
    window = open_app(project).window
    window.open_document(1)
    window.view.select_range(50, 54)
    window.label_selection("place", False)
    assert (50, 54, "place") in _rows(project)
    assert _shown(window) == _stored(project)
    assert len(window.editor.spans) == 4


def test_a_relation_is_drawn_before_the_spans_are_read(project, open_app, qtbot):
    other = Workspace.open(project, annotator="sara")
    spans = {(s.start, s.end): s.id for s in other.spans(1)}
    Relations(other).add(spans[2, 5], spans[22, 30], "holds")
    other.close()
    window = open_app(project).window
    window.show()
    qtbot.waitExposed(window)
    reads = _reads(window)
    window.open_document(1)
    assert reads == []  # the arc's ends come from the ranges the view was given
    qtbot.waitUntil(lambda: len(window.view.relation_arcs()) == 1)
    (arc,) = window.view.relation_arcs()
    assert (arc.relation.head, arc.relation.tail) == ((2, 5), (22, 30))
