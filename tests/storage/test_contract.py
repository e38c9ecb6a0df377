"""The storage contract (desktop/storage/contract.py), written once for every backend.

The `backend` fixture names how to make an empty project store: a SQLite file,
or a PostgreSQL database of the session's throw-away cluster (tests/pgcluster.py;
those runs are marked `postgres` and skipped without the server, except in CI).
A backend joins by adding its factory to BACKENDS.
Every member of `ProjectStore` is exercised here (the last test checks that).
"""

from __future__ import annotations

import dataclasses
import hashlib
import re
from collections.abc import Callable
from pathlib import Path

import pytest

from desktop.core.agreement.facts import FactScheme, LayerFacts
from desktop.core.attributes import AttributeField, AttributeKind
from desktop.core.errors import ConflictError, InputError, NotFound, ProjectError
from desktop.core.ids import stored_id
from desktop.core.model import Annotator, Label, Origin, Span, Status
from desktop.core.relations import Entity, Relation, RelationType
from desktop.core.review import Method, Provenance, Rejection
from desktop.core.review_relations import RelationProvenance, RelationRejection
from desktop.core.suggestion import Gazetteer, Suggestion, SuggestionState
from desktop.storage import background
from desktop.storage.contract import ProjectStore, members
from desktop.storage.documents import NewDocument
from desktop.storage.export_selection import Selection
from desktop.storage.postgres.store import PostgresStore
from desktop.storage.repository import Repository
from desktop.storage.rows import dumps
from desktop.storage.tables import TABLES

from every_table import fill_every_table


def _sqlite(folder: Path) -> ProjectStore:
    repo: Repository = Repository.open(folder / "contract.barchasb", create=True)
    return repo  # a type checker holds Repository to the contract here


def _postgresql(folder: Path) -> ProjectStore:
    from pgcluster import running_cluster

    store: PostgresStore = PostgresStore.open(running_cluster().fresh_url(), create=True)
    return store  # a type checker holds PostgresStore to the contract here


BACKENDS: dict[str, Callable[[Path], ProjectStore]] = {"sqlite": _sqlite, "postgresql": _postgresql}
NEEDS = {"postgresql": ("postgres_cluster", pytest.mark.postgres)}  # a backend's fixture and mark


def _reopen(store: ProjectStore) -> ProjectStore:
    """A second connection to the same project (another window, another command)."""
    if isinstance(store, PostgresStore):
        return PostgresStore.open(store.server.url)
    return Repository.open(store.path)


PLACE = Label("place", "مکان", "Place", "#1f77b4", "1", order=0)
PERSON = Label("person", "شخص", "Person", "#ff7f0e", "2", order=1)
TEXTS = ("سفر به تهران و باکو", "دیدار در تبریز")


@pytest.fixture(params=[pytest.param(name, marks=NEEDS[name][1:]) if name in NEEDS else name for name in BACKENDS])
def backend(request, tmp_path) -> Callable[[], ProjectStore]:
    """Makes an empty store of the backend under test (closed after the test)."""
    if request.param in NEEDS:
        request.getfixturevalue(NEEDS[request.param][0])
    made: list[ProjectStore] = []

    def make() -> ProjectStore:
        made.append(BACKENDS[request.param](tmp_path / f"{len(made)}"))
        return made[-1]

    for number in range(3):
        (tmp_path / str(number)).mkdir()
    yield make
    for store in made:
        store.close()


def _new(text: str, name: str, raw: str | None = None) -> NewDocument:
    digest = hashlib.sha256(text.encode()).hexdigest()
    raw = text if raw is None else raw
    return NewDocument(
        name,
        text,
        raw,
        digest,
        hashlib.sha256(raw.encode()).hexdigest(),
        None if raw == text else '{"map": []}',
        {"source": name},
    )


@pytest.fixture
def store(backend) -> ProjectStore:
    """Two labels, two documents, the layer "sara"."""
    s = backend()
    with s.action("tester"):
        s.save_label(PLACE)
        s.save_label(PERSON)
        s.insert_document(_new(TEXTS[0], "a.txt"))
        s.insert_document(_new(TEXTS[1], "b.txt", raw="دیدار  در تبریز"))
        s.ensure_annotator("sara")
    return s


def _sara(store: ProjectStore) -> Annotator:
    found = store.find_annotator("sara")
    assert found is not None
    return found


def _span(
    store: ProjectStore, doc: int, start: int, end: int, label: str = "place", layer: Annotator | None = None
) -> Span:
    layer = layer or _sara(store)
    with store.action(layer.name):
        return store.insert_span(Span(doc, start, end, label, layer.id))


def test_a_backend_is_a_project_store(store):
    assert isinstance(store, ProjectStore)
    assert isinstance(store.path, Path)


def test_documents_are_stored_and_read_back(store):
    assert store.document_count() == 2
    infos = store.document_infos()
    assert [(i.id, i.name, i.length) for i in infos] == [(1, "a.txt", len(TEXTS[0])), (2, "b.txt", len(TEXTS[1]))]
    doc = store.document(1)
    assert (doc.name, doc.text, doc.raw) == ("a.txt", TEXTS[0], TEXTS[0])
    assert store.document_name(2) == "b.txt" and store.document_text(2) == TEXTS[1]
    assert store.document_length(2) == len(TEXTS[1])
    assert store.document_meta(1) == {"source": "a.txt"}
    assert store.document_offsets(1) is None and store.document_offsets(2) == '{"map": []}'
    assert list(store.document_texts()) == [(1, "a.txt", TEXTS[0]), (2, "b.txt", TEXTS[1])]
    assert list(store.document_texts([2])) == [(2, "b.txt", TEXTS[1])]
    with pytest.raises(NotFound):
        store.document(99)


def test_documents_are_found_by_their_hashes(store):
    text_hash = hashlib.sha256(TEXTS[1].encode()).hexdigest()
    raw_hash = hashlib.sha256("دیدار  در تبریز".encode()).hexdigest()
    assert store.document_by_hash(text_hash) == 2
    assert store.document_by_hash(raw_hash) is None  # the stored text's hash only
    assert store.find_document("0" * 64, raw_hash) == 2  # ... where find_document takes either
    assert store.find_document("0" * 64) is None
    first_hash = hashlib.sha256(TEXTS[0].encode()).hexdigest()
    many = [first_hash, raw_hash] + [f"{n:064x}" for n in range(1200)]  # more than one query's worth
    assert store.documents_by_hash(many) == {first_hash: 1}
    assert store.documents_by_hash([text_hash, first_hash]) == {text_hash: 2, first_hash: 1}
    assert store.documents_by_hash([]) == {}


def test_span_rows_streamed_before_their_layer_and_label_then_their_history(store):
    """An import's span rows go in before the layer and the label they name are made (SQLite,
    its foreign keys checked at COMMIT); the history comes after, rows taken back are gone."""
    layer_id = store.next_layer_id()
    with store.action("tester"), store.background() as later:
        first = store.start_span_stream()
        if first is None:  # off SQLite: nothing is streamed, an import writes its spans at the end
            assert not store.stream_span_rows([(1, 0, 3, "place")], 1, "T", later, layer_id)
            assert store.ensure_annotator("reza").id == layer_id
            return
        assert store.hold_layer_sequence(before_spans=True) is False  # "sara" made the row already
        spans = [Span(1, 0, 3, "city", layer_id, Origin.IMPORTED), Span(2, 0, 5, "city", layer_id, Origin.IMPORTED)]
        assert store.stream_span_rows([(1, 0, 3, "city")], first, "2026-12-04T08:00:00.000Z", later, layer_id)
        assert store.stream_span_rows([(2, 0, 5, "city")], first + 1, "2026-12-04T08:00:00.000Z", later, layer_id)
        assert not store.stream_span_rows([], first + 2, "T", later, layer_id)  # (nothing to write)
        store.unstream_span_rows(first + 1, first + 1, later)
        later.drain()
        store.save_label(Label("city", "شهر", "City", "#2ca02c", "3", order=2))
        assert store.ensure_annotator("reza").id == layer_id
        ids = store.insert_spans_later(spans[1:], first, later, action="span.import", streamed=1)
    assert ids == [first + 1] and store.span_count() == 2
    assert store.span(first) == dataclasses.replace(
        spans[0], id=first, created_at="2026-12-04T08:00:00.000Z", updated_at="2026-12-04T08:00:00.000Z"
    )
    journal = store.history(entity="span")
    assert [(h["entity_id"], h["after"]["document_id"]) for h in journal[:2]] == [(str(first + 1), 2), (str(first), 1)]


def test_document_rows_handed_to_the_background_then_their_history(store, monkeypatch):
    monkeypatch.setattr(background, "MAX_ROWS_A_STATEMENT", 64)  # on SQLite: rows and history in several statements
    docs = [_new(f"متن {n}", f"{n}.txt") for n in range(150)]
    metas = [dumps(doc.meta) for doc in docs]
    first = store.next_document_id()
    with store.action("tester"), store.background() as later:
        held = store.hold_layer_sequence()  # the project has layers and documents: nothing to hold
        store.insert_document_rows(docs[:120], first, metas[:120], later)
        store.insert_document_rows(docs[120:], first + 120, metas[120:], later)
        later.drain()
        store.record_documents(docs[:140], first, metas[:140])
        made = store.document_history_values(docs[140:145], first + 140, metas[140:145])  # (made early)
        with store.background() as inner:  # (inside the action: on SQLite, on the thread)
            store.record_documents(docs[140:], first + 140, metas[140:], inner, made)
        store.release_layer_sequence()
    assert held is False and store.next_document_id() == first + 150
    assert store.document_text(first + 149) == "متن 149" and store.document_meta(first)["source"] == "0.txt"
    journal = store.history(entity="document", limit=200)
    assert [h["entity_id"] for h in journal[:2]] == [str(first + 149), str(first + 148)]
    after = {"content_hash": docs[149].content_hash, "meta": {"source": "149.txt"}, "name": "149.txt"}
    assert journal[0]["after"] == after
    assert len(made) == 5 * 9 and made[0::9] == [None] * 5  # (the time is set when they are written)
    early = journal[149 - 141]  # a row made by document_history_values, written by record_documents
    assert (early["entity_id"], early["document_id"], early["action"]) == (
        str(first + 141),
        first + 141,
        "document.import",
    )
    assert early["after"] == {"content_hash": docs[141].content_hash, "meta": {"source": "141.txt"}, "name": "141.txt"}
    assert early["at"] == journal[0]["at"] and early["before"] is None and early["actor"] == journal[0]["actor"]


def test_the_next_document_id_is_never_one_used_before(store):
    assert store.next_document_id() == 3
    with store.action("tester"):
        ids = store.insert_documents([_new("سه", "c.txt")], first_id=store.next_document_id())
    assert ids == [3] and store.next_document_id() == 4


def test_documents_in_bulk_take_the_ids_they_are_given(store):
    with store.action("tester"):
        ids = store.insert_documents([_new("یک", "c.txt"), _new("دو", "d.txt")], first_id=10)
    assert ids == [10, 11]
    assert store.document_text(11) == "دو"


def test_status_per_layer_moves_and_lists(store):
    sara = _sara(store)
    assert store.status(1, sara.id) == Status.NEW
    with store.action("sara"):
        assert store.set_status(1, sara.id, Status.DONE) == Status.NEW
    assert store.status(1, sara.id) == Status.DONE
    _span(store, 1, 9, 14)
    rows = store.document_rows(sara.id)
    assert [(r.info.id, r.status, r.span_count) for r in rows] == [(1, Status.DONE, 1), (2, Status.NEW, 0)]
    listing = store.document_listing(sara.id, [1])
    assert (listing.ids, listing.statuses, listing.span_counts) == ([1], [Status.DONE], [1])
    pages = store.document_pages(sara.id)  # read a page at a time, as the list shows it
    entries = [pages.entry(i) for i in range(len(pages))]
    assert [(e.name, e.status, e.span_count) for e in entries] == [("a.txt", Status.DONE, 1), ("b.txt", Status.NEW, 0)]
    assert (pages.count(Status.DONE), pages.count(Status.NEW)) == (1, 1)


def test_statuses_in_bulk_change_and_journal_only_what_differs(store):
    sara = _sara(store)
    with store.action("sara"):
        store.set_status(1, sara.id, Status.IN_PROGRESS)
    with store.action("import"):
        assert store.set_statuses([(1, sara.id), (2, sara.id), (2, sara.id)], Status.DONE) == 2
        assert store.set_statuses([(1, sara.id)], Status.DONE) == 0
    assert [store.status(d, sara.id) for d in (1, 2)] == [Status.DONE, Status.DONE]
    changes = [(c["before"]["status"], c["after"]["status"]) for c in store.history(entity="status")]
    assert sorted(changes[:2]) == [("in_progress", "done"), ("new", "done")] and len(changes) == 3


def test_spans_are_stored_read_updated_and_deleted(store):
    sara = _sara(store)
    made = _span(store, 1, 9, 14)
    assert made.id is not None and store.span(made.id) == made
    assert store.spans(1) == [made] and store.spans(1, sara.id + 100) == []
    assert store.spans_by_ids([made.id]) == {made.id: made}
    assert store.span_ranges(1, sara.id) == [(made.id, 9, 14, "place")] and store.span_ranges(2, sara.id) == []
    assert store.span_ranges(1, sara.id + 100) == []
    assert store.has_span(made.id) and not store.has_span(made.id + 1)
    assert store.has_spans(sara.id)
    assert store.span_at(1, sara.id, 9, 14, "place") == made.id
    assert store.span_at(1, sara.id, 9, 14, "person") is None
    with store.action("sara"):
        before, after = store.update_span(made.id, label="person", note="n")
    assert (before.label, after.label, after.note) == ("place", "person", "n")
    with store.action("sara"):
        with pytest.raises(ConflictError):
            store.insert_span(Span(1, 9, 14, "person", sara.id))
        removed = store.delete_span(made.id)
    assert removed.id == made.id and store.span_count() == 0
    with pytest.raises(NotFound):
        store.span(made.id)


def test_spans_in_bulk(store):
    sara = _sara(store)
    with store.action("sara"):
        ids = store.insert_spans([Span(1, 0, 3, "place", sara.id), Span(2, 0, 5, "person", sara.id, Origin.IMPORTED)])
    assert len(ids) == 2 and store.span_count() == 2
    assert store.span(ids[1]).origin == Origin.IMPORTED


def test_spans_handed_to_the_background_read_back_as_insert_spans_writes_them(store):
    sara = _sara(store)
    first = store.next_span_id()
    spans = [Span(1, 0, 3, "place", sara.id, Origin.IMPORTED), Span(2, 0, 5, "person", sara.id, Origin.IMPORTED)]
    with store.action("sara"), store.background() as later:
        ids = store.insert_spans_later(spans, first, later, action="span.import")
        noted = store.insert_spans_later([Span(1, 4, 6, "place", sara.id, note="!")], first + 2, later, action="x")
    if not isinstance(store, Repository):  # only SQLite's one-statement writer goes on a thread: the others say None
        assert ids is None and noted is None
        return
    assert ids == [first, first + 1] and noted is None and store.span_count() == 2
    assert store.span(first + 1).origin == Origin.IMPORTED and store.next_span_id() == first + 2
    journal = store.history(entity="span")
    assert [(h["entity_id"], h["action"], h["after"]["label"]) for h in journal[:2]] == [
        (str(first + 1), "span.import", "person"),
        (str(first), "span.import", "place"),
    ]


def test_layer_read_models(store):
    sara = _sara(store)
    _span(store, 1, 7, 12)
    _span(store, 2, 9, 14, "place")
    with store.action("omid"):
        omid = store.ensure_annotator("omid")
    _span(store, 1, 0, 3, "person", omid)
    assert store.layer_span_keys([sara.id]) == {1: {(7, 12, "place")}, 2: {(9, 14, "place")}}
    assert store.layer_span_keys([sara.id, omid.id], [1]) == {1: {(7, 12, "place"), (0, 3, "person")}}
    assert store.labelled_strings(sara.id) == {("تهران", "place"), ("تبریز", "place")}
    assert not store.has_spans(omid.id + 1)


def test_labels_and_annotators(store):
    assert [label.key for label in store.labels()] == ["place", "person"]
    assert store.label("place") == PLACE and store.has_label("person") and not store.has_label("event")
    with store.action("tester"):
        store.save_label(Label("event", "رویداد", "Event", "#2ca02c"))
        assert store.delete_label("event").key == "event"
    with pytest.raises(NotFound):
        store.label("event")
    sara = _sara(store)
    assert store.annotators() == [sara] and store.annotator_by_id(sara.id) == sara
    assert store.find_annotator("nobody") is None
    with store.action("tester"):
        assert store.ensure_annotator("sara") == sara
    with pytest.raises(NotFound):
        store.annotator_by_id(sara.id + 10)


def test_a_label_renamed_to_a_new_key_takes_its_rows_along(store):
    span = _span(store, 1, 7, 12)
    with store.action("sara"):
        store.insert_suggestions([Suggestion(2, _sara(store).id, 9, 14, "place", "rule:place")])
        store.save_attribute_field(AttributeField("place", "kind", AttributeKind.TEXT))
        store.rename_label("place", "location")
    assert not store.has_label("place") and store.label("location") == dataclasses.replace(PLACE, key="location")
    assert store.spans_with_label("location") == [dataclasses.replace(span, label="location")]
    assert [s.label for s in store.suggestions_with_label("location")] == ["location"]
    assert [f.path for f in store.attribute_fields("location")] == ["location.kind"]
    with pytest.raises(NotFound), store.action("sara"):
        store.rename_label("place", "elsewhere")


def test_where_a_label_is_used(store):
    sara = _sara(store)
    span = _span(store, 1, 9, 14)
    with store.action("sara"):
        store.insert_suggestions([Suggestion(2, sara.id, 9, 14, "place", "rule:place")])
        store.insert_rejection(Rejection(2, 0, 5, "place", ("sara",), "lead"))
    assert store.label_span_counts() == {"place": 1}
    assert store.spans_with_label("place") == [span] and store.spans_with_label("person") == []
    assert [(s.document_id, s.start) for s in store.suggestions_with_label("place")] == [(2, 9)]
    assert [r.key for r in store.rejections_with_label("place")] == [(0, 5, "place")]
    with store.action("lead"):
        store.insert_relation_rejection(RelationRejection(2, (0, 5, "place"), (9, 14, "person"), "near"))
    assert [r.key for r in store.relation_rejections_with_label("person")] == [((0, 5, "place"), (9, 14, "person"),
                                                                                "near")]  # fmt: skip
    assert store.relation_rejections_with_label("date") == []
    with store.action("lead"):
        gold = store.gold_annotator(create=True)
        store.insert_gold(
            Span(1, 9, 14, "person", gold.id),
            Provenance(Method.EDITED, "lead", source_span_id=span.id, source_layers=("sara",), source=(9, 14, "place")),
        )
    assert store.gold_sources_with_label("place") == 1 and store.gold_sources_with_label("person") == 0


def test_gold_provenance_and_review_status(store):
    assert store.gold_annotator() is None and store.gold_spans(1) == []
    with store.action("lead"):
        gold = store.gold_annotator(create=True)
        drawn = store.insert_gold(Span(1, 0, 3, "place", gold.id), Provenance(Method.DRAWN, "lead"))
        store.set_status(1, gold.id, Status.IN_PROGRESS)
    assert gold is not None and gold.kind == "gold" and store.gold_annotator() == gold
    [(span, provenance)] = store.gold_spans(1)
    assert span == drawn and provenance is not None and provenance.method == Method.DRAWN
    assert store.provenance([drawn.id]) == {drawn.id: provenance}
    assert store.review_statuses() == {1: Status.IN_PROGRESS, 2: Status.NEW}
    with store.action("lead"):
        removed, kept = store.delete_gold(drawn.id)
    assert removed.id == drawn.id and kept == provenance and store.provenance([drawn.id]) == {}


def test_rejections(store):
    with store.action("lead"):
        made = store.insert_rejection(Rejection(1, 0, 3, "place", ("sara", "omid"), "lead"))
        with pytest.raises(ConflictError):
            store.insert_rejection(Rejection(1, 0, 3, "place", (), "lead"))
    assert made.id is not None and store.rejections(1) == [made] and made.layers == ("sara", "omid")
    with store.action("lead"):
        assert store.delete_rejection(made.id) == made
    assert store.rejections(1) == []


def test_suggestions(store):
    sara = _sara(store)
    with store.action("sara"):
        made = store.insert_suggestions(
            [Suggestion(1, sara.id, 9, 14, "place", "rule:place", 0.5), Suggestion(2, sara.id, 9, 14, "person", "crf")]
        )
    first = made[0]
    assert first.id is not None and store.suggestion(first.id) == first
    assert [s.label for s in store.find_suggestions(sara.id, document_ids=[2])] == ["person"]
    assert [s.id for s in store.find_suggestions(sara.id, sources=["rule:place"])] == [first.id]
    with store.action("sara"):
        before, after = store.set_suggestion_state(first.id, SuggestionState.ACCEPTED)
    assert (before.state, after.state) == (SuggestionState.PENDING, SuggestionState.ACCEPTED)
    assert store.suggestion_counts(sara.id) == {"accepted": {"place": 1}, "pending": {"person": 1}}
    assert store.suggestion_source_counts(sara.id) == {"rule:place": {"accepted": 1}, "crf": {"pending": 1}}
    assert store.find_suggestions(sara.id, states=["pending"], labels=["place"]) == []
    with store.action("sara"):
        store.delete_suggestions([made[1]])
    assert [s.id for s in store.find_suggestions(sara.id, ids=[made[1].id])] == []


def test_suggester_models(store):
    assert store.suggester_model("crf") is None and store.suggester_model_meta("crf") is None
    with store.action("sara"):
        store.save_suggester_model("crf", "gold", {"labels": ["place"]}, b"\x00model")
    meta, model = store.suggester_model("crf")
    assert model == b"\x00model" and meta["layer"] == "gold" and meta["meta"] == {"labels": ["place"]}
    assert store.suggester_model_meta("crf")["bytes"] == 6


def test_gazetteers(store):
    cities = Gazetteer("cities", "place", "Iranian cities")
    with store.action("tester"):
        store.save_gazetteer(cities)
        assert store.add_gazetteer_entries("cities", ["تهران", "تبریز", "تهران"]) == ["تهران", "تبریز"]
        assert store.remove_gazetteer_entries("cities", ["تبریز", "شیراز"]) == ["تبریز"]
    assert store.gazetteers() == [cities] and store.gazetteer("cities") == cities
    assert store.has_gazetteer("cities") and not store.has_gazetteer("rivers")
    assert store.gazetteer_entries("cities") == ["تهران"]
    assert store.all_gazetteer_entries() == {"cities": ["تهران"]}
    assert store.gazetteer_sizes() == {"cities": 1}
    with store.action("tester"):
        assert store.delete_gazetteer("cities") == cities
    assert store.gazetteers() == []


def test_actions_are_atomic_and_journaled(store):
    with pytest.raises(InputError), store.action("sara"):
        store.set_setting("reflow", False)
        raise InputError("the user's action failed half way")
    assert store.setting("reflow", "unset") == "unset"
    with store.action("sara"):
        store.set_setting("reflow", True)
    assert store.setting("reflow") is True
    [row] = store.history(entity="setting", limit=1)
    assert (row["actor"], row["action"], row["before"], row["after"]) == (
        "sara",
        "setting.set",
        {"value": None},
        {"value": True},
    )
    assert store.history(history_id=row["id"]) == [row]
    span = _span(store, 1, 9, 14)
    assert [r["action"] for r in store.history(document_id=1, entity="span", entity_id=span.id)] == ["span.create"]


def test_another_writer_moves_the_change_token(store, backend):
    token = store.external_change_token()
    other = _reopen(store)
    try:
        with other.action("omid"):
            other.set_setting("reflow", False)
    finally:
        other.close()
    assert store.external_change_token() != token
    store.checkpoint()  # folds the journal in; the data stays
    assert store.setting("reflow") is False


def test_a_large_write_is_an_action_like_any_other(store):
    with store.large_write(), store.action("sara"):  # SQLite: its checkpoint after the commit, in a thread
        store.set_setting("reflow", False)
    assert store.setting("reflow") is False and store.history(entity="setting")[0]["actor"] == "sara"


def test_own_actions_leave_the_change_token_alone(store):
    token = store.external_change_token()
    with store.action("sara"):
        store.set_setting("reflow", False)
    assert store.external_change_token() == token


def test_project_counts(store):
    sara = _sara(store)
    _span(store, 1, 9, 14)
    _span(store, 2, 9, 14, "person")
    with store.action("sara"):
        store.set_status(2, sara.id, Status.DONE)
        store.ensure_annotator("omid")
    counts = store.project_counts()
    assert (counts.documents, counts.characters, counts.spans) == (2, len(TEXTS[0]) + len(TEXTS[1]), 2)
    assert counts.spans_per_label == {"place": 1, "person": 1}
    assert counts.spans_per_annotator == {"sara": 2, "omid": 0}
    assert counts.statuses == [("sara", "done", 1)]


def test_agreement_input(store):
    sara = _sara(store)
    with store.action("omid"):
        omid = store.ensure_annotator("omid")
        store.set_status(2, omid.id, Status.DONE)
    _span(store, 1, 9, 14)
    _span(store, 2, 0, 5, "person")
    _span(store, 1, 9, 14, "place", omid)
    with store.agreement_input() as read:
        assert read.layers(None) == {sara.id: "sara", omid.id: "omid"}
        ids = read.layers(["omid", "sara"])
        docs = list(read.documents(ids))
        with pytest.raises(NotFound):
            read.layers(["nobody"])
        with pytest.raises(InputError):
            read.layers(["sara", "sara"])
        assert [d.id for d in read.documents(ids, [2], text=False)] == [2]
    assert [(d.id, d.text, d.annotated) for d in docs] == [
        (1, TEXTS[0], {"sara", "omid"}),
        (2, TEXTS[1], {"sara", "omid"}),
    ]
    assert docs[0].spans == {"omid": [(9, 14, "place")], "sara": [(9, 14, "place")]}
    assert docs[1].spans == {"omid": [], "sara": [(0, 5, "person")]}
    assert docs[0].content_hash == hashlib.sha256(TEXTS[0].encode()).hexdigest()


def test_token_counts_are_read_with_the_agreement_input_for_their_tokenizer_only(store):
    """Counts saved in an action, or kept after a pass (a connection of its own), come back with
    the documents; a count of another tokenizer version reads as none."""
    sara = _sara(store)
    with store.action("omid"):
        omid = store.ensure_annotator("omid")
        store.set_status(1, omid.id, Status.DONE)
        store.set_status(2, omid.id, Status.DONE)
    _span(store, 1, 9, 14)
    _span(store, 2, 0, 5, "person")
    with store.action("system"):
        store.save_token_counts({1: 5}, 3)
    with store.agreement_input() as read:
        ids = read.layers(["sara", "omid"])
        assert [(d.id, d.tokens) for d in read.documents(ids, tokenizer=3)] == [(1, 5), (2, None)]
        assert [d.tokens for d in read.documents(ids, tokenizer=4)] == [None, None]
        assert [d.tokens for d in read.documents(ids)] == [None, None]
        assert read.keep_token_counts({2: 3}, 3)
        assert not read.keep_token_counts({}, 3)  # nothing to keep
    with store.agreement_input() as read:
        assert [d.tokens for d in read.documents({sara.id: "sara", omid.id: "omid"}, tokenizer=3)] == [5, 3]
    with pytest.raises(RuntimeError):
        store.save_token_counts({1: 5}, 3)  # outside an action


def test_agreement_input_reads_relations_values_and_links(store):
    """Each layer's relations (ends as span keys), attribute values and entity links, by document."""
    with store.action("tester"):
        store.save_relation_type(RelationType("near", "نزدیک", "near", "#123456", directed=False))
        store.save_attribute_field(AttributeField("place", "kind", AttributeKind.CHOICE, ("city", "country")))
        entity = store.save_entity(Entity("تهران", "place"))
        omid = store.ensure_annotator("omid")
    for layer in (_sara(store), omid):
        tehran, baku = _span(store, 1, 7, 12, layer=layer), _span(store, 1, 15, 19, layer=layer)
        with store.action(layer.name):
            store.insert_relation(Relation(1, layer.id, stored_id(tehran), stored_id(baku), "near"))
            store.set_span_attribute(stored_id(baku), "kind", "city" if layer.name == "sara" else "country")
            if layer.name == "sara":
                store.link_span(stored_id(tehran), entity.id)
    _span(store, 2, 0, 5, "person")
    with store.agreement_input() as read:
        ids = read.layers(["sara", "omid"])
        docs = {d.id: d for d in read.documents(ids)}
        assert read.scheme() == FactScheme(frozenset({"near"}), {"place.kind": "choice"})
        assert list(read.documents(ids, text=False, facts=False))[0].facts == {}
    tehran, baku = (7, 12, "place"), (15, 19, "place")
    assert docs[1].facts == {
        "sara": LayerFacts([(tehran, baku, "near")], {baku: {"kind": "city"}}, {tehran: entity.id}),
        "omid": LayerFacts([(tehran, baku, "near")], {baku: {"kind": "country"}}),
    }
    assert 2 not in docs  # only sara annotated it


def test_export_source(store):
    sara = _sara(store)
    with store.action("omid"):
        omid = store.ensure_annotator("omid")
        store.set_status(2, omid.id, Status.DONE)
    _span(store, 1, 9, 14)
    _span(store, 2, 0, 5, "person", omid)
    with store.export_source() as source:
        assert source.label_keys() == ["place", "person"]
        assert source.layer_annotators("all") == {sara.id: "sara", omid.id: "omid"}
        assert source.layer_annotators("gold") == {}
        omids = source.layer_annotators("omid")
        with pytest.raises(NotFound):
            source.layer_annotators("nobody")
        done = Selection("omid", ("done",))
        assert source.count_documents(done, omids) == 1
        records = list(source.documents(Selection(), source.layer_annotators("all")))
        (only_done,) = source.documents(done, omids)
    assert [(r.id, r.name, r.text, r.meta) for r in records] == [
        (1, "a.txt", TEXTS[0], {"source": "a.txt"}),
        (2, "b.txt", TEXTS[1], {"source": "b.txt"}),
    ]
    assert [(r[1:4], r[4], records[0].provenance(r)) for r in records[0].spans] == [((9, 14, "place"), sara.id, None)]
    assert records[1].done == ["omid"] and records[0].done == []
    assert (only_done.id, [r[3] for r in only_done.spans]) == (2, ["person"])


NEAR = RelationType("near", "نزدیک", "near", "#123456", "H", heads=("place",), tails=("place", "person"))


def test_relation_types_are_saved_read_and_deleted_when_unused(store):
    with store.action("tester"):
        store.save_relation_type(NEAR)
        store.save_relation_type(dataclasses.replace(NEAR, name_en="close to", order=1))
    assert store.relation_types() == [dataclasses.replace(NEAR, name_en="close to", order=1)]
    assert store.relation_type("near").heads == ("place",)
    with pytest.raises(NotFound, match="no relation type 'far'"):
        store.relation_type("far")
    with store.action("tester"):
        assert store.delete_relation_type("near").key == "near"
    assert store.relation_types() == []
    assert [r["action"] for r in store.history(entity="relation_type")] == [
        "relation_type.delete",
        "relation_type.save",
        "relation_type.save",
    ]


def test_relations_join_two_spans_of_one_layer_and_go_when_a_span_goes(store):
    with store.action("tester"):
        store.save_relation_type(NEAR)
    sara = _sara(store)
    a, b, c = _span(store, 1, 9, 14), _span(store, 1, 17, 21), _span(store, 2, 0, 5)
    with store.action("sara"):
        made = store.insert_relation(Relation(1, sara.id, a.id, b.id, "near", note="n"))
        with pytest.raises(ConflictError, match="already has a near relation"):
            store.insert_relation(Relation(1, sara.id, a.id, b.id, "near"))
        with pytest.raises(ConflictError, match="another document or layer"):
            store.insert_relation(Relation(1, sara.id, a.id, c.id, "near"))
        with pytest.raises(NotFound, match="no span #99"):
            store.insert_relation(Relation(1, sara.id, a.id, 99, "near"))
    assert made.id is not None and made.created_at
    assert store.relation(made.id) == made and store.relations(1) == [made] and store.relations(1, 999) == []
    with store.action("sara"):
        before, after = store.update_relation(made.id, head=b.id, tail=a.id)
    assert (before, (after.head, after.tail)) == (made, (b.id, a.id))
    assert store.relations_of_spans([a.id]) == [after] and store.relation_counts() == {"near": 1}
    with store.action("sara"):
        store.delete_relation(made.id)
        restored = store.insert_relation(after, action="undo.create")  # keeps its id
        store.delete_span(b.id)  # the safety net: no relation points at a missing span
    assert restored.id == made.id and store.relations(1) == []
    assert [r["action"] for r in store.history(entity="relation")][:2] == ["undo.create", "relation.delete"]


def test_attribute_fields_and_span_attributes(store):
    kind = AttributeField("place", "kind", AttributeKind.CHOICE, ("city", "country"))
    with store.action("tester"):
        store.save_attribute_field(kind)
        store.save_attribute_field(AttributeField("place", "size", AttributeKind.NUMBER))
    assert [f.name for f in store.attribute_fields("place")] == ["kind", "size"]
    assert store.attribute_fields("person") == [] and len(store.attribute_fields()) == 2
    span = _span(store, 1, 9, 14)
    with store.action("sara"):
        assert store.set_span_attribute(span.id, "kind", "city") is None
        assert store.set_span_attribute(span.id, "size", {"amount": 1.5e6}) is None
        assert store.set_span_attribute(span.id, "kind", "country") == "city"
        assert store.set_span_attribute(span.id, "size", None) == {"amount": 1.5e6}
        store.delete_attribute_field("place", "size")
    assert store.span_attributes([span.id, 99]) == {span.id: {"kind": "country"}}
    [last] = store.history(entity="span_attribute", entity_id=f"{span.id}.size", limit=1)
    assert last["after"] is None and last["before"]["value"] == {"amount": 1.5e6}
    other = _span(store, 1, 0, 3)
    with store.action("sara"):  # in bulk, what set_span_attribute writes for a value a span lacks
        store.add_span_attributes(1, [(other.id, "kind", "city")], action="attribute.fill")
    assert store.span_attributes([other.id]) == {other.id: {"kind": "city"}}
    [filled] = store.history(entity="span_attribute", entity_id=f"{other.id}.kind")
    assert (filled["action"], filled["document_id"], filled["before"]) == ("attribute.fill", 1, None)
    assert filled["after"] == {"span_id": other.id, "name": "kind", "value": "city"}


def test_entities_their_aliases_and_the_spans_that_mention_them(store):
    span = _span(store, 1, 9, 14)
    with store.action("sara"):
        entity = store.save_entity(Entity("تهران", "place", ("طهران",), "Q3616"))
        assert entity.id is not None
        store.save_entity(dataclasses.replace(entity, aliases=("طهران", "تهرون")))
        assert store.link_span(span.id, entity.id) is None
        with pytest.raises(ConflictError, match="still has mentions"):
            store.delete_entity(entity.id)
    assert store.entity(entity.id).aliases == ("طهران", "تهرون") and store.entities()[0].external_id == "Q3616"
    assert store.span_entities([span.id]) == {span.id: entity.id}
    assert [s.id for s in store.entity_mentions(entity.id)] == [span.id]
    assert store.entity_mention_counts() == {entity.id: 1}
    with store.action("sara"):
        assert store.link_span(span.id, None) == entity.id
        assert store.delete_entity(entity.id).name == "تهران"
    assert store.entities() == [] and store.span_entities([span.id]) == {}


def test_mention_counts_of_every_entity_in_one_query(store):
    spans = [_span(store, 1, 0, 4), _span(store, 1, 9, 14), _span(store, 2, 0, 4)]
    with store.action("sara"):
        tehran, baku, alone = (store.save_entity(Entity(n, "place")) for n in ("تهران", "باکو", "تنها"))
        for span, entity in zip(spans, (tehran, tehran, baku), strict=True):
            store.link_span(span.id, entity.id)
    assert store.entity_mention_counts() == {tehran.id: 2, baku.id: 1}  # `alone` has none: absent
    with store.action("sara"):
        store.link_span(spans[1].id, baku.id)
    assert store.entity_mention_counts() == {tehran.id: 1, baku.id: 2}
    assert alone.id not in store.entity_mention_counts()


def test_gold_relations_with_provenance_and_relation_rejections(store):
    with store.action("tester"):
        store.save_relation_type(NEAR)
    assert store.gold_relations(1) == []
    with store.action("lead"):
        gold = store.gold_annotator(create=True)
        a = store.insert_gold(Span(1, 9, 14, "place", gold.id), Provenance(Method.DRAWN, "lead"))
        b = store.insert_gold(Span(1, 17, 21, "place", gold.id), Provenance(Method.DRAWN, "lead"))
    source = ((9, 14, "place"), (17, 21, "place"), "near")
    accepted = RelationProvenance(Method.ACCEPTED, "lead", "2026-01-01T00:00:00Z", 7, ("sara", "omid"), source)
    with store.action("lead"):
        made = store.insert_gold_relation(Relation(1, gold.id, a.id, b.id, "near"), accepted)
    assert made.id is not None and store.gold_relations(1) == [(made, accepted)]
    assert store.relation_provenance([made.id, 999]) == {made.id: accepted}
    with store.action("lead"):
        removed, kept = store.delete_gold_relation(made.id)
        drawn = store.insert_gold_relation(made, RelationProvenance(Method.DRAWN, "lead"), action="undo.create")
    assert (removed, kept) == (made, accepted) and drawn.id == made.id  # a redo keeps the id
    assert store.relation_provenance([made.id])[made.id].source is None
    assert [r["action"] for r in store.history(entity="relation_provenance")] == [
        "undo.create",
        "review.retract_relation",
        "review.accept_relation",
    ]
    rejection = RelationRejection(1, (9, 14, "place"), (0, 3, "place"), "near", ("sara",), "lead")
    with store.action("lead"):
        stored = store.insert_relation_rejection(rejection)
        with pytest.raises(ConflictError, match="already rejected"):
            store.insert_relation_rejection(rejection)
    assert stored.id is not None and store.relation_rejections(1) == [stored] and store.relation_rejections(2) == []
    assert (stored.key, stored.layers, stored.decided_at != "") == (rejection.key, ("sara",), True)
    with store.action("lead"):
        assert store.delete_relation_rejection(stored.id) == stored
        with pytest.raises(NotFound):
            store.delete_relation_rejection(stored.id)
    assert store.relation_rejections(1) == []


def test_assignments_are_queues_with_progress(store):
    sara = _sara(store)
    with store.action("lead"):
        reza = store.ensure_annotator("reza")
        assert store.assign([(2, sara.id), (1, sara.id), (1, reza.id), (1, sara.id)]) == 3
        assert store.assign([(1, sara.id)]) == 0  # assigned already: nothing new, nothing journaled
    with pytest.raises(NotFound), store.action("lead"):
        store.assign([(99, sara.id)])
    assert store.assignments(sara.id) == [(1, sara.id), (2, sara.id)]
    assert store.assignments() == [(1, sara.id), (1, reza.id), (2, sara.id)]
    with store.action("sara"):
        store.set_status(2, sara.id, Status.DONE)
    assert store.assignment_progress() == {sara.id: (2, 1), reza.id: (1, 0)}
    with store.action("lead"):
        assert store.unassign([(2, sara.id), (2, reza.id)]) == 1
    assert store.assignments(sara.id) == [(1, sara.id)] and store.assignment_progress()[sara.id] == (1, 0)
    rows = store.history(entity="assignment")
    assert [r["action"] for r in rows] == ["assignment.remove"] + ["assignment.add"] * 3
    assert rows[0]["entity_id"] == f"2/{sara.id}"
    assert rows[0]["before"] == {"annotator_id": sara.id, "assigned_by": "lead"}


def _tables(store: ProjectStore) -> tuple[dict[str, list[tuple]], dict[str, int]]:
    """Every table's rows, and the last id each sequence handed out."""
    with store.dump() as dump:
        rows = {t.name: list(dump.rows(t.name)) for t in TABLES}
        assert {name: dump.count(name) for name in rows} == {name: len(found) for name, found in rows.items()}
        return rows, dump.sequences()


def test_a_project_loaded_table_by_table_is_the_same_project(backend):
    source, target = backend(), backend()
    fill_every_table(source)
    rows, sequences = _tables(source)
    assert [name for name, found in rows.items() if not found] == []  # something to copy in every table
    with target.action("copy"):
        for name, found in rows.items():
            assert target.load_rows(name, iter(found)) == len(found)
        target.set_sequences(sequences)
    assert _tables(target) == (rows, sequences)
    sara = target.find_annotator("sara")
    assert sara is not None and target.assignments(sara.id) == [(1, sara.id), (2, sara.id)]
    with target.action("sara"):  # ids go on after the source's last one, even a deleted span's
        made = target.insert_span(Span(2, 0, 5, "place", sara.id))
    assert made.id == sequences["spans"] + 1 > max(row[0] for row in rows["spans"]) + 1


def test_a_whole_project_copies_to_the_backend_and_back_unchanged(backend, tmp_path):
    from desktop.workspace import Workspace
    from desktop.workspace.project.copy import copy_project

    for folder in ("file", "back"):
        (tmp_path / folder).mkdir()
    source, back = Workspace(_sqlite(tmp_path / "file")), _sqlite(tmp_path / "back")
    try:
        fill_every_table(source.repo)
        middle = backend()
        report = copy_project(source, middle, "middle")
        assert report.rows["spans"] == 5 and report.rows["history"] == len(source.repo.history(limit=10_000))
        again = Workspace(middle)  # (the fixture closes its store)
        copy_project(again, back, "back")
        with pytest.raises(ProjectError, match="back: already holds a project"):
            copy_project(again, back, "back")
        assert _tables(source.repo) == _tables(middle) == _tables(back)
    finally:
        source.close()
        back.close()


def test_a_project_of_the_backend_merges_into_a_file(backend, tmp_path):
    from desktop.workspace import Workspace
    from desktop.workspace.merge.projects import merge_projects

    team = backend()
    fill_every_table(team)
    location = team.server.url if isinstance(team, PostgresStore) else team.path
    with Workspace.create(tmp_path / "mine.barchasb") as mine:
        [merged] = merge_projects(mine, [location], actor="lead").files
        assert merged.documents_added == [1, 2] and dict(merged.spans_added) == {"sara": 3, "gold": 2}
        assert [(s.start, s.end, p.method) for s, p in mine.repo.gold_spans(1) if p] == [
            (11, 16, Method.ACCEPTED),
            (19, 23, Method.DRAWN),
        ]
        assert [r.key for r in mine.repo.rejections(1)] == [(4, 7, "person")]


def test_every_member_of_the_contract_is_exercised_here():
    source = Path(__file__).read_text(encoding="utf-8")
    unexercised = [name for name in members() if not re.search(rf"\.{name}\b", source)]
    assert unexercised == []
