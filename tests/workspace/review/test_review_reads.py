"""What the review window reads through the workspace, never from storage itself: an
entity's name for the details list and the relation types for the arcs and the menu."""

from __future__ import annotations

from desktop.workspace.relations import Entities
from desktop.workspace.review.details import ReviewDetails
from desktop.workspace.review.gold import Review
from desktop.workspace.review.relations import RelationReview

from helpers import add_document


def test_the_details_list_names_an_entity_and_knows_a_missing_one(workspace):
    add_document(workspace)
    Entities(workspace).create("اسحاق جهانگیری", "official")
    entity = Entities(workspace).all()[0]
    details = ReviewDetails(Review(workspace))
    assert details.entity_name(entity.id) == "اسحاق جهانگیری"
    assert details.entity_name(entity.id + 1000) is None


def test_the_relation_types_are_read_by_key(workspace):
    add_document(workspace)
    types = RelationReview(Review(workspace)).types()
    stored = workspace.repo.relation_types()
    assert stored and types == {t.key: t for t in stored}
    assert types["holds"].allows("official", "title")
