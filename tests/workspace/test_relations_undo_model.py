"""Long random sequences of span, relation, attribute and entity edits, undone and redone.

After every action the project is snapshotted; undo must bring back exactly the
snapshot before the action and redo the one after it (stamps aside), whatever
the span deletions and relabels took along; and no relation is ever one its
type does not allow between its spans' labels.
"""

from __future__ import annotations

import sqlite3
import tempfile
from contextlib import closing
from pathlib import Path

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, precondition, rule

from desktop.core.errors import BarchasbError
from desktop.workspace import Workspace
from desktop.workspace.relations import Entities, Relations, SpanAttributes

from helpers import add_document

TEXT = "علی جهانگیری معاون اول با وزیر نفت در تهران و باکو قرارداد ۵ میلیون دلاری امضا کرد"
WORDS = [(i, i + len(w)) for i, w in ((TEXT.index(w), w) for w in TEXT.split())]
LABELS = ["official", "title", "organisation", "place", "figure", "agreement"]  # the news scheme's
TYPES = ["holds", "of", "party_to", "amount_of", "located_in"]
QUERIES = {
    "spans": 'SELECT id, start, "end", label, note FROM spans',
    "relations": "SELECT id, head, tail, type, note FROM relations",
    "attributes": "SELECT span_id, name, value FROM span_attributes",
    "links": "SELECT span_id, entity_id FROM span_entities",
    "entities": "SELECT id, name, type, external_id FROM entities",
    "aliases": "SELECT entity_id, alias, position FROM entity_aliases",
}


class RelationEdits(RuleBasedStateMachine):
    def __init__(self) -> None:
        super().__init__()
        self.folder = tempfile.TemporaryDirectory()
        self.path = Path(self.folder.name) / "p.barchasb"
        self.ws = Workspace.create(self.path)
        self.ws.set_annotator("sara")
        self.doc = add_document(self.ws, TEXT)
        self.entity = Entities(self.ws)
        self.entity.create("علی جهانگیری", "official", ("جهانگیری",))
        self.ws.undo_stack.clear()
        self.done: list[dict] = [self.snapshot()]  # snapshot after each step still undoable
        self.undone: list[dict] = []

    def snapshot(self) -> dict:
        with closing(sqlite3.connect(self.path)) as conn:
            return {key: sorted(conn.execute(sql).fetchall()) for key, sql in QUERIES.items()}

    def spans(self) -> list[int]:
        return [s.id for s in self.ws.spans(self.doc)]

    def acted(self, action) -> None:
        before = len(self.ws.undo_stack._done)
        try:
            action()
        except BarchasbError:
            return  # refused: nothing stored (the invariant checks the snapshot)
        if len(self.ws.undo_stack._done) > before:
            self.done.append(self.snapshot())
            self.undone.clear()

    @rule(word=st.sampled_from(WORDS), label=st.sampled_from(LABELS))
    def add_span(self, word, label):
        self.acted(lambda: self.ws.add_span(self.doc, *word, label))

    @precondition(lambda self: self.spans())
    @rule(data=st.data())
    def delete_span(self, data):
        span = data.draw(st.sampled_from(self.spans()))
        self.acted(lambda: self.ws.delete_span(span))

    @precondition(lambda self: self.spans())
    @rule(data=st.data(), label=st.sampled_from(LABELS))
    def relabel(self, data, label):
        span = data.draw(st.sampled_from(self.spans()))
        self.acted(lambda: self.ws.update_span(span, label=label))

    @precondition(lambda self: len(self.spans()) >= 2)
    @rule(data=st.data(), rtype=st.sampled_from(TYPES))
    def relate(self, data, rtype):
        """Mostly a type that fits the two spans' labels (else it is refused, which is tested too)."""
        head, tail = data.draw(st.lists(st.sampled_from(self.spans()), min_size=2, max_size=2, unique=True))
        labels = {s.id: s.label for s in self.ws.spans(self.doc)}
        fitting = [t.key for t in self.ws.repo.relation_types() if t.allows(labels[head], labels[tail])]
        if fitting and data.draw(st.integers(0, 3)):
            rtype = data.draw(st.sampled_from(fitting))
        self.acted(lambda: Relations(self.ws).add(head, tail, rtype))

    @precondition(lambda self: self.ws.repo.relation_counts())
    @rule(data=st.data(), what=st.sampled_from(["reverse", "delete", "retype"]), rtype=st.sampled_from(TYPES))
    def edit_relation(self, data, what, rtype):
        relation = data.draw(st.sampled_from(Relations(self.ws).of_document(self.doc))).id
        edits = Relations(self.ws)
        self.acted(
            {
                "reverse": lambda: edits.reverse(relation),
                "delete": lambda: edits.delete(relation),
                "retype": lambda: edits.retype(relation, rtype),
            }[what]  # fmt: skip
        )

    @precondition(lambda self: self.spans())
    @rule(data=st.data(), level=st.sampled_from(["deputy", "minister", None]))
    def set_attribute(self, data, level):
        span = data.draw(st.sampled_from(self.spans()))
        self.acted(lambda: SpanAttributes(self.ws).set(span, "role_level", level))

    @precondition(lambda self: self.spans())
    @rule(data=st.data(), link=st.booleans())
    def link(self, data, link):
        span = data.draw(st.sampled_from(self.spans()))
        entity = self.entity.all()[0].id if link and self.entity.all() else None
        self.acted(lambda: self.entity.link(span, entity))

    @precondition(lambda self: len(self.done) > 1)
    @rule()
    def undo(self):
        self.ws.undo()
        self.undone.append(self.done.pop())

    @precondition(lambda self: self.undone)
    @rule()
    def redo(self):
        self.ws.redo()
        self.done.append(self.undone.pop())

    @invariant()
    def the_project_is_what_the_steps_say(self):
        assert self.snapshot() == self.done[-1]

    @invariant()
    def every_relation_is_one_its_type_allows(self):
        types = {t.key: t for t in self.ws.repo.relation_types()}
        labels = {s.id: s.label for s in self.ws.spans(self.doc)}
        for relation in Relations(self.ws).of_document(self.doc):
            assert types[relation.type].allows(labels[relation.head], labels[relation.tail])

    def teardown(self) -> None:
        self.ws.close()
        self.folder.cleanup()


RelationEdits.TestCase.settings = settings(
    max_examples=25, stateful_step_count=30, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
test_relation_edits_undo_and_redo_exactly = RelationEdits.TestCase
