"""A label's new key reaches every table that names it, in one step, on a file and on a server.

One test per table and column that stores a label key: the project is filled with a row naming
the label in each, the key is changed, and that table is read back by SQL (no old key left, the
new key where the old one was); undo turns every one back. The columns with a foreign key followed
before; the review's relation rows and the rule-label setting name labels as text and did not.
"""

from __future__ import annotations

import json

import pytest

from desktop.core.model import Span
from desktop.core.relations import Entity, Relation
from desktop.core.review import Method, Provenance, Rejection
from desktop.core.review_relations import RelationProvenance, RelationRejection
from desktop.core.suggestion import Gazetteer, Suggestion
from desktop.workspace import Workspace
from desktop.workspace.project.scheme import Scheme
from desktop.workspace.suggestions.sources import RULE_LABELS_SETTING, rule_labels

from helpers import add_document

TEXT = "بانک مرکزی در تهران و تبریز نرخ را اعلام کرد."
TEHRAN, TABRIZ = (14, 19), (22, 27)

# table -> the columns that hold a label key (plain, or in JSON text)
COLUMNS = {
    "spans": ("label",),
    "suggestions": ("label",),
    "gazetteers": ("label",),
    "attribute_fields": ("label",),
    "relation_types": ("heads", "tails"),
    "entities": ("type",),
    "gold_provenance": ("source_label",),
    "review_rejections": ("label",),
    "gold_relation_provenance": ("source_head_label", "source_tail_label"),
    "review_relation_rejections": ("head_label", "tail_label"),
}


@pytest.fixture(params=["file", pytest.param("server", marks=pytest.mark.postgres)])
def workspace(request, tmp_path):
    location = str(tmp_path / "p.barchasb") if request.param == "file" else request.getfixturevalue("postgres_url")
    made = Workspace.create(location)
    add_document(made, TEXT)
    _name_place_everywhere(made.repo)
    made.close()
    with Workspace.open(location, "manager") as workspace:
        yield workspace


def _name_place_everywhere(repo) -> None:
    """A row naming label `place` in every table that can (the news scheme has `place`,
    `place.kind`-less fields, so a text field is added; `located_in` allows place → place)."""
    from desktop.core.attributes import AttributeField, AttributeKind

    with repo.action("sara"):
        sara = repo.ensure_annotator("sara")
        tehran = repo.insert_span(Span(1, *TEHRAN, "place", sara.id))
        tabriz = repo.insert_span(Span(1, *TABRIZ, "place", sara.id))
        repo.insert_relation(Relation(1, sara.id, tabriz.id, tehran.id, "located_in"))
        repo.save_attribute_field(AttributeField("place", "province", AttributeKind.TEXT))
        repo.save_entity(Entity("تهران", "place"))
        repo.insert_suggestions([Suggestion(1, sara.id, 0, 4, "place", "gazetteer:x", 0.5)])
        repo.save_gazetteer(Gazetteer("x", "place"))
    with repo.action("lead"):
        gold = repo.gold_annotator(create=True)
        source = Provenance(Method.ACCEPTED, "lead", source_span_id=tehran.id, source_layers=("sara",),
                            source=(*TEHRAN, "place"))  # fmt: skip
        g_tehran = repo.insert_gold(Span(1, *TEHRAN, "place", gold.id), source)
        g_tabriz = repo.insert_gold(Span(1, *TABRIZ, "place", gold.id), Provenance(Method.DRAWN, "lead"))
        key = ((*TABRIZ, "place"), (*TEHRAN, "place"), "located_in")
        repo.insert_gold_relation(
            Relation(1, gold.id, g_tabriz.id, g_tehran.id, "located_in"),
            RelationProvenance(Method.ACCEPTED, "lead", source_layers=("sara",), source=key),
        )
        repo.insert_rejection(Rejection(1, 0, 4, "place", ("sara",), "lead"))
        repo.insert_relation_rejection(RelationRejection(1, (*TEHRAN, "place"), (*TABRIZ, "place"), "located_in",
                                                         ("sara",), "lead"))  # fmt: skip


def _keys(workspace, table: str) -> list[str]:
    """Every label key the table's label columns hold (JSON lists opened)."""
    names = ", ".join(COLUMNS[table])
    keys: list[str] = []
    for row in workspace.repo.db.execute(f"SELECT {names} FROM {table}").fetchall():
        for value in row:
            if isinstance(value, str) and value.startswith("["):
                keys += json.loads(value)
            elif value is not None:
                keys.append(value)
    return keys


@pytest.mark.parametrize("table", sorted(COLUMNS))
def test_every_column_naming_the_label_takes_the_new_key_and_undo_takes_it_back(workspace, table):
    before = _keys(workspace, table)
    assert "place" in before  # the fixture reached this table
    changes = Scheme(workspace).change_key("place", "site")
    assert changes.labels_changed
    after = _keys(workspace, table)
    assert "place" not in after
    assert after == ["site" if k == "place" else k for k in before]
    workspace.undo()
    assert _keys(workspace, table) == before
    workspace.redo()
    assert _keys(workspace, table) == after


def test_a_relation_rejection_of_the_renamed_label_still_matches_its_candidate(workspace):
    Scheme(workspace).change_key("place", "site")
    [rejection] = workspace.repo.relation_rejections(1)
    assert rejection.key == ((*TEHRAN, "site"), (*TABRIZ, "site"), "located_in")


def test_the_rule_labels_follow_whether_default_or_chosen(workspace):
    repo = workspace.repo
    assert repo.setting(RULE_LABELS_SETTING) is None and rule_labels(repo)["money"] == "figure"
    Scheme(workspace).change_key("figure", "amount")  # the default mapping named it
    assert rule_labels(repo) == {"money": "amount", "percent": "amount", "quantity": "amount", "date": "date"}
    Scheme(workspace).change_key("date", "when")  # now a stored mapping names it
    assert rule_labels(repo)["date"] == "when"
    workspace.undo()
    workspace.undo()
    assert rule_labels(repo) == {"money": "figure", "percent": "figure", "quantity": "figure", "date": "date"}


def test_a_stale_relation_rejection_under_the_new_key_does_not_block_or_join_the_renamed_label(workspace):
    """A rejection left by a label deleted earlier names the key as text; renaming another label to
    that key must neither hit its unique row nor adopt it, and undo brings it back."""
    repo = workspace.repo
    with repo.action("lead"):
        repo.insert_relation_rejection(RelationRejection(1, (*TEHRAN, "site"), (*TABRIZ, "site"), "located_in",
                                                         ("sara",), "lead"))  # fmt: skip
    Scheme(workspace).change_key("place", "site")
    assert [r.key for r in repo.relation_rejections(1)] == [((*TEHRAN, "site"), (*TABRIZ, "site"), "located_in")]
    workspace.undo()
    assert sorted(r.key[0][2] for r in repo.relation_rejections(1)) == ["place", "site"]


def test_deleting_a_label_takes_its_relation_rejections_and_undo_brings_them_back(workspace):
    repo = workspace.repo
    scheme = Scheme(workspace)
    rejection = repo.relation_rejections_with_label("place")
    assert [r.key[2] for r in rejection] == ["located_in"]
    with repo.action("lead"):  # gold provenance would keep the label: the review is taken back first
        for relation, _ in repo.gold_relations(1):
            repo.delete_gold_relation(relation.id)
        for span, _ in repo.gold_spans(1):
            repo.delete_gold(span.id)
    scheme.delete("place")
    assert repo.relation_rejections(1) == []
    workspace.undo()
    assert repo.relation_rejections(1) == rejection
