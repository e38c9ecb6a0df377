"""Relations, span attributes and entity links in review: candidates, decisions into gold, undo."""

from __future__ import annotations

import sqlite3
from contextlib import closing

import pytest

from desktop.core.errors import ConflictError, InputError
from desktop.core.relations import RelationType
from desktop.core.review import Decision, Method
from desktop.core.review_details import ENTITY_LINK
from desktop.core.review_relations import RelationKind
from desktop.workspace.relations import Entities, Relations, SpanAttributes
from desktop.workspace.review.details import ReviewDetails
from desktop.workspace.review.gold import Review
from desktop.workspace.review.relations import RelationReview

from helpers import TEXT, add_document


def at(phrase: str) -> tuple[int, int]:
    start = TEXT.index(phrase)
    return start, start + len(phrase)


NAME, TITLE, PROVINCE, BAKU = at("علی جهانگیری"), at("معاون استاندار آذربایجان شرقی"), at("آذربایجان شرقی"), at("باکو")
HOLDS = ((*NAME, "official"), (*TITLE, "title"), "holds")
LOCATED = ((*PROVINCE, "place"), (*BAKU, "place"), "located_in")


def _layer(workspace, name: str, spans, relations, role: str, entity: int) -> None:
    workspace.set_annotator(name)
    ids = {key: workspace.add_span(1, *where, label).id for key, (where, label) in spans.items()}
    for head, tail, rtype in relations:
        Relations(workspace).add(ids[head], ids[tail], rtype)
    SpanAttributes(workspace).set(ids["title"], "role_level", role)
    Entities(workspace).link(ids["name"], entity)


@pytest.fixture
def review(workspace):
    """sara and reza both: official «علی جهانگیری» —holds→ title, linked to one entity; the title's
    role level differs. Only sara has Baku and «آذربایجان شرقی» —located_in→ «باکو». Reviewer: lead."""
    add_document(workspace)
    Entities(workspace).create("اسحاق جهانگیری", "official")
    entity = Entities(workspace).all()[0].id
    spans = {"name": (NAME, "official"), "title": (TITLE, "title"), "province": (PROVINCE, "place")}
    _layer(workspace, "sara", spans | {"baku": (BAKU, "place")}, [("name", "title", "holds"),
           ("province", "baku", "located_in")], "deputy", entity)  # fmt: skip
    _layer(workspace, "reza", spans, [("name", "title", "holds")], "governor", entity)
    workspace.set_annotator("lead")
    return Review(workspace)


def gold_relations(path) -> list[tuple]:
    """(head words, tail words, type, method, source layers) of every gold relation, from the file."""
    with closing(sqlite3.connect(path)) as conn:
        return conn.execute(
            'SELECT h.start, h."end", t.start, t."end", r.type, p.method, p.source_layers FROM relations r'
            " JOIN annotators a ON a.id = r.annotator_id AND a.kind = 'gold' JOIN spans h ON h.id = r.head"
            " JOIN spans t ON t.id = r.tail LEFT JOIN gold_relation_provenance p ON p.relation_id = r.id ORDER BY r.id"
        ).fetchall()


def gold_keys(review) -> set[tuple]:
    return {(s.start, s.end, s.label) for s, _ in review.gold(1)}


def test_the_layers_relations_are_candidates_classified_by_their_spans(review):
    candidates = RelationReview(review).candidates(1)
    assert [(c.key, c.kind, c.layers, c.missing) for c in candidates] == [
        (HOLDS, RelationKind.AGREED, ("sara", "reza"), ()),
        (LOCATED, RelationKind.PARTIAL, ("sara",), ("reza",)),
    ]
    assert all(c.decision is Decision.PENDING for c in candidates)


def test_accepting_agreed_spans_takes_agreed_relations_and_details_along_in_one_step(review, workspace):
    changes = review.accept_agreed(1)
    assert gold_keys(review) == {(*NAME, "official"), (*TITLE, "title"), (*PROVINCE, "place")}
    assert gold_relations(workspace.path) == [(*NAME, *TITLE, "holds", "accepted", '["sara","reza"]')]
    assert len(changes.relations_added) == 1 and changes.review_changed == {1}
    name = next(s for s, _ in review.gold(1) if s.label == "official")
    title = next(s for s, _ in review.gold(1) if s.label == "title")
    assert workspace.repo.span_entities([name.id]) == {name.id: Entities(workspace).all()[0].id}  # agreed: carried
    assert workspace.repo.span_attributes([title.id]) == {}  # deputy or governor: the reviewer's call
    candidates = RelationReview(review).candidates(1)
    assert [c.decision for c in candidates] == [Decision.ACCEPTED, Decision.PENDING]
    workspace.undo()  # one step: spans, relation, provenance, entity link
    assert gold_keys(review) == set() and gold_relations(workspace.path) == []
    assert workspace.repo.span_entities([name.id]) == {}
    workspace.redo()
    assert gold_relations(workspace.path) == [(*NAME, *TITLE, "holds", "accepted", '["sara","reza"]')]
    assert workspace.repo.span_entities([name.id]) != {}


def test_accepting_a_relation_accepts_its_missing_ends_in_the_same_step(review, workspace):
    located = RelationReview(review).candidates(1)[1]
    RelationReview(review).accept(located)
    assert gold_keys(review) == {(*PROVINCE, "place"), (*BAKU, "place")}
    assert gold_relations(workspace.path) == [(*PROVINCE, *BAKU, "located_in", "accepted", '["sara"]')]
    [(relation, provenance)] = RelationReview(review).gold(1)
    assert provenance.decided_by == "lead" and provenance.source == LOCATED
    assert workspace.repo.relation(provenance.source_relation_id).annotator_id == review.repo.find_annotator("sara").id
    assert workspace.undo_stack.undo_text() == "Accept relation located_in"
    workspace.undo()
    assert gold_keys(review) == set() and gold_relations(workspace.path) == []
    history = [r["action"] for r in workspace.repo.history(entity="relation_provenance")]
    assert history == ["undo.review.retract_relation", "review.accept_relation"]


def test_rejecting_a_relation_records_it_and_takes_it_out_of_gold(review, workspace):
    relations = RelationReview(review)
    relations.accept(relations.candidates(1)[0])
    relations.reject(relations.candidates(1)[0])
    assert gold_relations(workspace.path) == []
    assert gold_keys(review) == {(*NAME, "official"), (*TITLE, "title")}  # the spans stay
    [rejection] = workspace.repo.relation_rejections(1)
    assert (rejection.key, rejection.layers, rejection.decided_by) == (HOLDS, ("sara", "reza"), "lead")
    assert relations.candidates(1)[0].decision is Decision.REJECTED
    relations.accept(relations.candidates(1)[0])  # changing one's mind drops the rejection
    assert workspace.repo.relation_rejections(1) == [] and len(gold_relations(workspace.path)) == 1


def test_a_relation_whose_end_was_rejected_is_refused_and_nothing_is_written(review, workspace):
    baku = next(u for u in review.units(1) if u.start == BAKU[0]).candidates[0]
    review.reject(baku)
    steps = len(workspace.repo.history())
    with pytest.raises(ConflictError, match="«باکو» at this relation's end was rejected"):
        RelationReview(review).accept(RelationReview(review).candidates(1)[1])
    assert len(workspace.repo.history()) == steps and gold_relations(workspace.path) == []


def test_retracting_a_gold_span_takes_its_relations_along_and_undo_brings_them_back(review, workspace):
    review.accept_agreed(1)
    title = next(s for s, _ in review.gold(1) if s.label == "title")
    changes = review.retract(title.id)
    assert gold_relations(workspace.path) == [] and len(changes.relations_removed) == 1
    workspace.undo()
    assert gold_relations(workspace.path) == [(*NAME, *TITLE, "holds", "accepted", '["sara","reza"]')]


def test_the_reviewer_draws_and_retracts_a_relation_between_gold_spans(review, workspace):
    review.draw(1, *BAKU, "place")
    review.draw(1, *PROVINCE, "place")
    spans = {s.start: s.id for s, _ in review.gold(1)}
    with pytest.raises(InputError, match="'holds' is not allowed"):
        RelationReview(review).draw(spans[PROVINCE[0]], spans[BAKU[0]], "holds")
    changes = RelationReview(review).draw(spans[BAKU[0]], spans[PROVINCE[0]], "located_in")
    assert gold_relations(workspace.path) == [(*BAKU, *PROVINCE, "located_in", "drawn", "[]")]
    with pytest.raises(ConflictError, match="already has this located_in relation"):
        RelationReview(review).draw(spans[BAKU[0]], spans[PROVINCE[0]], "located_in")
    RelationReview(review).retract(changes.relations_added[0])
    assert gold_relations(workspace.path) == []
    workspace.undo()
    assert gold_relations(workspace.path) == [(*BAKU, *PROVINCE, "located_in", "drawn", "[]")]


def test_details_that_differ_are_listed_and_one_layers_value_is_taken_into_gold(review, workspace):
    details = ReviewDetails(review)
    title = next(u for u in review.units(1) if u.start == TITLE[0]).candidate((*TITLE, "title"))
    [difference] = details.differences(title)
    assert (difference.name, difference.values, difference.gold) == (
        "role_level",
        (("sara", "deputy"), ("reza", "governor")),
        None,
    )
    with pytest.raises(InputError, match="accept the span into gold first"):
        details.take(title, "role_level", "reza")
    review.accept(title)
    details.take(title, "role_level", "reza")
    gold_title = details.gold_span(title)
    assert workspace.repo.span_attributes([gold_title.id]) == {gold_title.id: {"role_level": "governor"}}
    assert details.differences(title)[0].gold == "governor"
    workspace.undo()
    assert workspace.repo.span_attributes([gold_title.id]) == {}


def test_accepting_a_span_carries_the_entity_link_all_its_layers_agree_on(review, workspace):
    name = review.units(1)[0].candidates[0]
    assert ReviewDetails(review).differences(name) == []
    review.accept(name)
    gold = ReviewDetails(review).gold_span(name)
    [(span_id, entity_id)] = workspace.repo.span_entities([gold.id]).items()
    assert span_id == gold.id and entity_id == Entities(workspace).all()[0].id
    assert ENTITY_LINK not in {d.name for d in ReviewDetails(review).differences(name)}


def test_relabelling_a_gold_span_keeps_its_details_and_the_relations_the_new_label_allows(review, workspace):
    relations = RelationReview(review)
    relations.accept(relations.candidates(1)[1])  # located_in: «آذربایجان شرقی» → «باکو»
    province = next(s for s, _ in review.gold(1) if s.start == PROVINCE[0])
    review.relabel(province.id, "organisation")  # located_in needs a place at its head: it goes
    assert gold_relations(workspace.path) == []
    workspace.undo()
    assert gold_relations(workspace.path) == [(*PROVINCE, *BAKU, "located_in", "accepted", '["sara"]')]


def test_a_relation_accepted_onto_an_edited_end_is_recorded_as_edited(review, workspace):
    name = review.units(1)[0].candidates[0]
    review.accept(name, start=NAME[0] + 4)  # «جهانگیری» only
    relations = RelationReview(review)
    relations.accept(relations.candidates(1)[0])
    [(head_start, _, _, _, rtype, method, _)] = gold_relations(workspace.path)
    assert (head_start, rtype, method) == (NAME[0] + 4, "holds", "edited")
    assert relations.candidates(1)[0].decision is Decision.ACCEPTED
    [(_, provenance)] = relations.gold(1)
    assert provenance.method is Method.EDITED and provenance.source == HOLDS


def test_relabelling_keeps_a_relation_whose_type_allows_the_new_label_with_its_provenance(review, workspace):
    with workspace.repo.action("tester"):
        workspace.repo.save_relation_type(RelationType("mentions", "اشاره", "mentions", "#123456"))
    workspace.set_annotator("sara")
    name, baku = (next(s.id for s in workspace.spans(1) if s.start == where[0]) for where in (NAME, BAKU))
    Relations(workspace).add(name, baku, "mentions")
    workspace.set_annotator("lead")
    relations = RelationReview(review)
    relations.accept(next(c for c in relations.candidates(1) if c.type == "mentions"))
    gold_baku = next(s for s, _ in review.gold(1) if s.start == BAKU[0])
    review.relabel(gold_baku.id, "organisation")
    assert gold_relations(workspace.path) == [(*NAME, *BAKU, "mentions", "accepted", '["sara"]')]
    assert next(s for s, _ in review.gold(1) if s.start == BAKU[0]).label == "organisation"
    assert workspace.undo_stack.undo_text() == "Relabel organisation"
