"""Editing the label scheme through the workspace: rows, history, undo, validation."""

from __future__ import annotations

import json

import pytest

from desktop.core.errors import ConflictError, InputError
from desktop.core.hotkeys import HOTKEY_CHOICES, next_free_hotkey
from desktop.core.suggestion import Suggestion
from desktop.core.undo import AddSuggestions
from desktop.workspace.imports.annotated import ImportOptions, import_annotated
from desktop.workspace.project.scheme import Scheme
from desktop.workspace.review.gold import Review
from desktop.workspace.suggestions.gazetteers import Gazetteers

from helpers import TEXT, add_document


def at(phrase: str) -> tuple[int, int]:
    start = TEXT.index(phrase)
    return start, start + len(phrase)


NAME, PLACE, BAKU = at("علی جهانگیری"), at("آذربایجان شرقی"), at("باکو")


def label_row(ws, key):
    return ws.repo.db.execute(
        "SELECT key, name_fa, name_en, color, hotkey, description, sort_order FROM labels WHERE key = ?", [key]
    ).fetchone()


def history(ws, key):
    return [(row["action"], row["before"], row["after"]) for row in ws.repo.history(entity="label", entity_id=key)]


def snapshot(ws) -> dict[str, list]:
    """Every row that names a label (updated_at stamps aside: a restore writes them anew,
    as gazetteers' created_at)."""
    tables = {
        "labels": "*",
        "spans": 'id, document_id, start, "end", label, annotator_id, origin, note, created_at',
        "gold_provenance": "*",
        "review_rejections": "*",
        "gazetteers": "name, label, description",
        "gazetteer_entries": "*",
        "suggestions": 'id, document_id, annotator_id, start, "end", label, source, score, state, detail, created_at',
    }
    return {t: sorted(ws.repo.db.execute(f"SELECT {cols} FROM {t}").fetchall()) for t, cols in tables.items()}


def test_adding_a_label_is_one_durable_undoable_step(workspace):
    changes = Scheme(workspace).add("person", "شخص", "Person", "#123abc", "b")
    assert changes.labels_changed and changes.description == "Add label person"
    assert label_row(workspace, "person") == ("person", "شخص", "Person", "#123abc", "B", "", 8)
    assert "person" in workspace.labels()
    [(action, before, after)] = history(workspace, "person")
    assert action == "label.create" and before is None and after["hotkey"] == "B"
    assert workspace.undo().labels_changed
    assert label_row(workspace, "person") is None and "person" not in workspace.labels()
    workspace.redo()
    assert label_row(workspace, "person")[4] == "B"
    assert [a for a, _, _ in history(workspace, "person")] == ["redo.label.create", "undo.label.delete", "label.create"]


def test_a_new_label_gets_the_next_free_hotkey_and_a_distinct_colour(workspace):
    scheme = Scheme(workspace)
    scheme.add("person")
    label = workspace.repo.label("person")
    assert (label.hotkey, label.name_fa, label.name_en) == ("9", "person", "person")
    assert label.color not in {other.color for other in workspace.repo.labels() if other.key != "person"}
    scheme.add("misc")
    assert workspace.repo.label("misc").hotkey == "B"  # after 1-9; A is review's accept
    scheme.add("bare", hotkey="")
    assert workspace.repo.label("bare").hotkey == ""


@pytest.mark.parametrize(
    ("call", "error", "words"),
    [
        (lambda s: s.add("two words"), InputError, "'two words'"),
        (lambda s: s.add("tab\tkey"), InputError, "without spaces"),
        (lambda s: s.add("place"), ConflictError, "label 'place' already"),
        (lambda s: s.add("person", color="red"), InputError, "'red' is not #rrggbb"),
        (lambda s: s.add("person", hotkey="1"), ConflictError, "label 'official'"),
        (lambda s: s.add("person", hotkey="Y"), InputError, "taken by the window"),
        (lambda s: s.add("person", hotkey="s"), InputError, "taken by the window"),
        (lambda s: s.add("person", hotkey="0"), InputError, "digit 1-9"),
        (lambda s: s.add("person", hotkey="F1"), InputError, "one letter"),
        (lambda s: s.rename("place", " ", "Place"), InputError, "Persian name"),
        (lambda s: s.rename("place", "مکان", "a\x00b"), InputError, "control characters"),
        (lambda s: s.recolour("place", "#12345"), InputError, "#rrggbb"),
        (lambda s: s.set_hotkey("place", "2"), ConflictError, "label 'title'"),
    ],
)
def test_bad_edits_are_refused_with_a_clear_reason_and_change_nothing(workspace, call, error, words):
    before = snapshot(workspace)
    with pytest.raises(error, match=words):
        call(Scheme(workspace))
    assert snapshot(workspace) == before and not workspace.undo_stack.can_undo()


def test_names_colour_and_hotkey_change_in_one_step_journaled_and_undone(workspace):
    scheme = Scheme(workspace)
    original = label_row(workspace, "place")
    scheme.edit("place", name_fa=" جا ", name_en="Location", color="#00ff00", hotkey="۹")
    assert label_row(workspace, "place") == ("place", "جا", "Location", "#00ff00", "9", original[5], original[6])
    (action, before, after), *_ = history(workspace, "place")
    assert action == "label.update" and before["name_en"] == "Place" and after["name_en"] == "Location"
    assert workspace.undo_stack.undo_text() == "Edit label place"
    workspace.undo()
    assert label_row(workspace, "place") == original
    workspace.redo()
    assert label_row(workspace, "place")[1:5] == ("جا", "Location", "#00ff00", "9")


def test_the_same_hotkey_again_and_no_change_make_no_step(workspace):
    scheme = Scheme(workspace)
    assert not scheme.set_hotkey("place", "4")
    assert not scheme.move("official", -1)
    assert not workspace.undo_stack.can_undo()


def test_reordering_is_one_step(workspace):
    scheme = Scheme(workspace)
    scheme.move("event", -1)
    keys = [label.key for label in workspace.repo.labels()]
    assert keys[-2:] == ["event", "agreement"]
    scheme.reorder(list(reversed(keys)))
    assert [label.key for label in workspace.repo.labels()] == list(reversed(keys))
    workspace.undo()
    assert [label.key for label in workspace.repo.labels()] == keys
    with pytest.raises(InputError, match="every label once"):
        scheme.reorder(keys[1:])


@pytest.fixture
def used(workspace):
    """'place' used everywhere: two layers' spans, a gold span, a rejection,
    a suggestion, a gazetteer; 'official' spans stay untouched."""
    doc = add_document(workspace)
    for (start, end), label in ((NAME, "official"), (PLACE, "place"), (BAKU, "place")):
        workspace.add_span(doc, start, end, label)
    workspace.set_annotator("reza")
    workspace.add_span(doc, *BAKU, "place")
    workspace.add_span(doc, *PLACE, "title")
    me = workspace.annotator.id
    workspace.apply_ops("suggest", [AddSuggestions((Suggestion(doc, me, *NAME, "place", "crf", 0.4),))])
    Gazetteers(workspace).create("towns", "place", entries=["باکو"])
    workspace.set_annotator("lead")
    review = Review(workspace)
    review.draw(doc, *BAKU, "place")
    place_unit = next(u for u in review.units(doc) if (u.start, u.end) == PLACE)
    review.reject(next(c for c in place_unit.candidates if c.label == "place"))
    return workspace


def test_the_use_of_a_label_is_counted_before_deleting_it(used):
    usage = Scheme(used).usage("place")
    assert (usage.spans, usage.gold_spans, usage.suggestions, usage.rejections) == (4, 1, 1, 2)
    assert "towns" in usage.gazetteers
    assert Scheme(used).span_counts()["place"] == 4


def test_deleting_a_label_takes_its_rows_and_undo_brings_all_back_with_their_ids(used):
    before = snapshot(used)
    changes = Scheme(used).delete("place")
    removed = sorted(changes.spans_removed)
    assert changes.labels_changed and len(changes.spans_removed) == 4 and changes.documents == {1}
    after = snapshot(used)
    assert label_row(used, "place") is None
    assert not any(row[4] == "place" for row in after["spans"])
    assert len(after["spans"]) == 2 and not after["suggestions"] and not after["review_rejections"]
    assert not any(row[1] == "place" for row in after["gazetteers"])
    assert used.undo_stack.undo_text() == "Delete label place"
    [(action, gone, _), *_] = history(used, "place")
    assert action == "label.delete" and gone["key"] == "place"
    batch = used.repo.history(entity="label", entity_id="place")[0]["batch"]
    rows = used.repo.db.execute(
        "SELECT entity, count(*) FROM history WHERE batch = ? GROUP BY entity", [batch]
    ).fetchall()
    assert dict(rows)["span"] == 4 and dict(rows)["provenance"] == 1
    changes = used.undo()
    assert changes.labels_changed and sorted(changes.spans_added) == removed
    assert snapshot(used) == before
    used.redo()
    assert snapshot(used) == after


def test_a_label_gold_was_accepted_from_under_another_label_is_kept(used):
    review = Review(used)
    unit = next(u for u in review.units(1) if (u.start, u.end) == NAME)
    review.accept(unit.candidates[0], label="title")  # an official candidate taken as a title
    before = snapshot(used)
    with pytest.raises(ConflictError, match="1 gold spans were accepted from candidates"):
        Scheme(used).delete("official")
    assert snapshot(used) == before


def test_labels_an_import_brings_get_the_next_free_hotkeys(workspace, tmp_path):
    Scheme(workspace).set_hotkey("place", "")  # 4 is free again
    spans = [{"start": 0, "end": 3, "label": key} for key in ("PER", "LOC", "ORG")]
    path = tmp_path / "a.jsonl"
    path.write_text(json.dumps({"text": "علی رفت", "spans": spans}, ensure_ascii=False) + "\n", encoding="utf-8")
    import_annotated(workspace, "tester", path, ImportOptions())
    assert [workspace.repo.label(k).hotkey for k in ("LOC", "ORG", "PER")] == ["4", "9", "B"]
    Scheme(workspace).rename("LOC", "مکان وارد شده", "Imported place")  # edited like the others
    assert label_row(workspace, "LOC")[1:3] == ("مکان وارد شده", "Imported place")


def test_hotkeys_run_out_quietly():
    assert next_free_hotkey(HOTKEY_CHOICES) == ""
    assert next_free_hotkey(["1", "b"]) == "2" and next_free_hotkey(list("123456789")) == "B"
