"""The open document's objects are frozen out of the collector's walks once it has settled,
and given back before the next document opens: its garbage is never kept across opens."""

from __future__ import annotations

import gc
import weakref

import pytest

from desktop.workspace import Workspace

from helpers import add_document

pytestmark = pytest.mark.gui


class Node:
    """A cycle: only the cyclic collector frees it."""

    def __init__(self) -> None:
        self.me = self


@pytest.fixture
def window(project_path, open_app, qtbot):
    ws = Workspace.create(project_path)
    ws.set_annotator("sara")
    add_document(ws, "خبر اول درباره تبریز است.", "one.txt")
    add_document(ws, "سند دوم درباره تهران است.", "two.txt")
    ws.close()
    window = open_app(project_path).window
    window.show()
    qtbot.waitUntil(lambda: window.heap.frozen, timeout=3000)
    return window


def _tracked(obj) -> bool:
    return any(o is obj for o in gc.get_objects())


def test_a_settled_document_is_out_of_the_collectors_walks(window):
    assert gc.get_freeze_count() > 0
    assert not _tracked(window.view)  # the window's objects: a full collection no longer visits them


def test_garbage_frozen_with_a_document_is_collected_after_the_next_open(window, qtbot):
    first = window.editor.document_id
    window.open_document(first)  # thawed, then frozen again once settled
    node = Node()
    gc.collect()  # the cycle is old (gc.collect(1) before a freeze leaves it) when it becomes garbage
    gone = weakref.ref(node)
    del node
    qtbot.waitUntil(lambda: window.heap.frozen, timeout=3000)
    gc.collect()
    assert gone() is not None  # frozen with the document, as long as it is shown

    other = next(
        i for i in window.bridge.workspace.document_listing(window.bridge.workspace.annotator.id).ids if i != first
    )
    window.open_document(other)
    assert not window.heap.frozen
    gc.collect()
    assert gone() is None


def test_closing_the_window_thaws(window):
    window.close()
    assert gc.get_freeze_count() == 0
