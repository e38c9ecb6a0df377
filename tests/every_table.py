"""A project with rows in every table, made through the storage contract (any backend).

What a whole-project copy is tested on: documents (one with its raw original
and offset map), two layers and gold, statuses, provenance, rejections,
suggestions, a model, a gazetteer, token counts, relations with attributes and entity
links, relation review, assignments, settings, and a deleted span, so the
span ids handed out run past the last one kept.
"""

from __future__ import annotations

import hashlib

from desktop.core.attributes import AttributeField, AttributeKind
from desktop.core.model import Label, Span, Status
from desktop.core.relations import Entity, Relation, RelationType
from desktop.core.review import Method, Provenance, Rejection
from desktop.core.review_relations import RelationProvenance, RelationRejection
from desktop.core.suggestion import Gazetteer, Suggestion
from desktop.storage.contract import ProjectStore
from desktop.storage.documents import NewDocument
from desktop.text.tokens import TOKENIZER_VERSION, tokenize

TEXTS = ("سفر علی به تهران و باکو", "دیدار در تبریز با رئیس‌جمهور")
RAW = "دیدار  در تبریز با رئیس‌جمهور"


def _document(text: str, name: str, raw: str | None = None) -> NewDocument:
    raw = text if raw is None else raw
    return NewDocument(
        name,
        text,
        raw,
        hashlib.sha256(text.encode()).hexdigest(),
        hashlib.sha256(raw.encode()).hexdigest(),
        None if raw == text else '{"map": [[5, 6]]}',
        {"source": name, "encoding": "utf-8"},
    )


def fill_every_table(store: ProjectStore) -> None:
    """Put at least one row in every table of a new, empty store."""
    with store.action("system"):
        store.save_label(Label("place", "مکان", "Place", "#1f77b4", "1", order=0))
        store.save_label(Label("person", "شخص", "Person", "#ff7f0e", "2", "a name", order=1))
        store.save_relation_type(RelationType("near", "نزدیک", "near", "#123456", "H", heads=("place",)))
        store.save_attribute_field(AttributeField("place", "kind", AttributeKind.CHOICE, ("city", "country")))
        store.set_setting("reflow", True)
        store.insert_document(_document(TEXTS[0], "a.txt"))
        store.insert_document(_document(TEXTS[1], "b.txt", RAW))
        store.save_token_counts({1: len(tokenize(TEXTS[0])), 2: len(tokenize(TEXTS[1]))}, TOKENIZER_VERSION)
    with store.action("sara"):
        sara = store.ensure_annotator("sara")
        ali = store.insert_span(Span(1, 4, 7, "person", sara.id, note="یادداشت"))
        tehran = store.insert_span(Span(1, 11, 16, "place", sara.id))
        baku = store.insert_span(Span(1, 19, 23, "place", sara.id))
        assert tehran.id is not None and baku.id is not None and ali.id is not None
        relation = store.insert_relation(Relation(1, sara.id, tehran.id, baku.id, "near", note="n"))
        store.set_span_attribute(tehran.id, "kind", "city")
        entity = store.save_entity(Entity("تهران", "place", ("طهران",), "Q3616"))
        assert entity.id is not None
        store.link_span(tehran.id, entity.id)
        store.set_status(1, sara.id, Status.DONE)
        store.insert_suggestions([Suggestion(2, sara.id, 9, 14, "place", "gazetteer:cities", 0.75, detail="تبریز")])
        store.save_gazetteer(Gazetteer("cities", "place", "Iranian cities"))
        store.add_gazetteer_entries("cities", ["تهران", "تبریز"])
        store.save_suggester_model("crf", "gold", {"labels": ["place"]}, b"\x00model\xff")
    with store.action("lead"):
        reza = store.ensure_annotator("reza")
        store.assign([(1, sara.id), (2, sara.id), (2, reza.id)])
        gold = store.gold_annotator(create=True)
        store.insert_gold(
            Span(1, 11, 16, "place", gold.id),
            Provenance(
                Method.ACCEPTED, "lead", source_span_id=tehran.id, source_layers=("sara",), source=(11, 16, "place")
            ),
        )
        gold_baku = store.insert_gold(Span(1, 19, 23, "place", gold.id), Provenance(Method.DRAWN, "lead"))
        [(gold_tehran, _), _] = store.gold_spans(1)
        assert gold_tehran.id is not None and gold_baku.id is not None
        store.insert_gold_relation(
            Relation(1, gold.id, gold_tehran.id, gold_baku.id, "near"), RelationProvenance(Method.DRAWN, "lead")
        )
        store.insert_rejection(Rejection(1, 4, 7, "person", ("sara",), "lead"))
        store.insert_relation_rejection(
            RelationRejection(1, (4, 7, "person"), (11, 16, "place"), "near", ("sara",), "lead")
        )
        store.set_status(1, gold.id, Status.IN_PROGRESS)
        gone = store.insert_span(Span(2, 9, 14, "place", sara.id))
        store.delete_span(gone.id)  # the last span id is handed out, and no row keeps it
    assert relation.id is not None
