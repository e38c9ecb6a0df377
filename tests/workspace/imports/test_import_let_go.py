"""An import's records are let go on a thread of their own while the transaction commits (issue 17):
the thread drops the import's references to them, and nothing else. Session 11 had it free them a
piece at a time, opening every list, dict, set and object's attributes it reached and emptying
them; what an import's objects reach is not all the import's own (a record's rows hold the store,
whose connection holds psycopg's type registry, shared by every connection), so it emptied shared
state: psycopg lost its 'text' type and every later PostgreSQL query with a list parameter failed
("couldn't find the type 'text' in the types registry"; 17 PostgreSQL tests in CI)."""

from __future__ import annotations

import threading
import weakref

from desktop.workspace.imports.collector import let_go


class _Leaf:
    """A weak-referenceable object that runs no Python code when freed."""

    __slots__ = ("__weakref__",)


class _Shared:
    """State the import's objects reach but do not own (a connection, a registry)."""

    def __init__(self) -> None:
        self.registry = {n: f"type {n}" for n in range(1_000)}
        self.names = [f"name {n}" for n in range(1_000)]
        self.seen = {n for n in range(1_000)}


class _Record:
    """One of an import's objects: its own rows, and a reference to shared state."""

    def __init__(self, shared: _Shared, leaf: _Leaf) -> None:
        self.rows = [[float(n) + k for k in range(10)] for n in range(500)]
        self.shared = shared
        self.leaf = leaf


def _join_let_go() -> None:
    for thread in threading.enumerate():
        if thread.name == "let-go":
            thread.join(30)


def test_what_the_objects_reach_but_do_not_own_is_left_as_it_was():
    shared = _Shared()
    registry, names, seen = dict(shared.registry), list(shared.names), set(shared.seen)
    let_go([_Record(shared, _Leaf()) for _ in range(20)] + [shared.registry, shared.names])
    _join_let_go()
    assert shared.registry == registry and shared.names == names and shared.seen == seen
    assert vars(shared).keys() == {"registry", "names", "seen"}


def test_the_objects_only_the_import_held_are_freed():
    leaf = _Leaf()
    gone = weakref.ref(leaf)
    objects: list[object] = [_Record(_Shared(), leaf) for _ in range(3)]
    del leaf
    let_go(objects)
    _join_let_go()
    assert gone() is None


def test_a_doccano_import_into_a_server_project_leaves_the_server_usable(postgres_url, tmp_path):
    """The bug as CI met it: after an import into a PostgreSQL project, psycopg's shared type
    registry had lost 'text', and the next query with a list parameter failed."""
    import json

    import psycopg

    from desktop.workspace import Workspace
    from desktop.workspace.imports.annotated import ImportOptions, import_annotated

    source = tmp_path / "a.jsonl"
    lines = [{"text": f"{n} سلام دنیا", "label": [[0, len(str(n)), "PER"]]} for n in range(300)]
    source.write_text("".join(json.dumps(line, ensure_ascii=False) + "\n" for line in lines), encoding="utf-8")
    workspace = Workspace.create(postgres_url)
    try:
        result = import_annotated(workspace, "tester", source, ImportOptions("doccano"))
        assert len(result.documents_added) == 300
        _join_let_go()
        assert psycopg.adapters.types.get("text") is not None
        with psycopg.connect(postgres_url) as conn:  # a query with a list of str: an array of text
            assert conn.execute("SELECT cardinality(%s::text[])", [["a", "b"]]).fetchone() == (2,)
    finally:
        workspace.close()
