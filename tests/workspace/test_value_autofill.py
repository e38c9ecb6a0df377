"""Normalised values filled in as a span gets its label: stored in the same undoable step, never
over a value the user or an import set, and for every way a span is labelled."""

from __future__ import annotations

import json
import sqlite3
from contextlib import closing

from desktop.workspace.imports.annotated import ImportOptions, import_paths
from desktop.workspace.project.search import find_occurrences, label_occurrences
from desktop.workspace.relations import SpanAttributes
from desktop.workspace.suggestions.decisions import Suggestions

from helpers import add_document

TEXT = "سهم بازار ۵ درصد رشد کرد و قرارداد یک میلیارد و ۸۰۰ میلیون دلاری در ۲۱ آبان ۱۴۰۴ امضا شد؛ باز هم ۵ درصد."
PERCENT = {"kind": "amount", "value": "0.05", "unit": "percent"}
DOLLARS = {"kind": "amount", "value": "1800000000", "unit": "USD"}


def at(part: str) -> tuple[int, int]:
    start = TEXT.index(part)
    return start, start + len(part)


def stored_values(path) -> list[tuple[int, str, dict]]:
    """(span id, field, value) of every stored attribute, from the project file."""
    with closing(sqlite3.connect(path)) as conn:
        rows = conn.execute("SELECT span_id, name, value FROM span_attributes ORDER BY span_id, name").fetchall()
    return [(span_id, name, json.loads(value)) for span_id, name, value in rows]


def test_labelling_five_percent_as_a_figure_stores_its_value_and_one_undo_removes_both(workspace, project_path):
    doc = add_document(workspace, TEXT, "deal.txt")
    span = workspace.add_span(doc, *at("۵ درصد"), "figure")
    assert stored_values(project_path) == [(span.id, "value", PERCENT)]
    workspace.undo()
    assert stored_values(project_path) == [] and workspace.spans(doc) == []
    workspace.redo()
    assert stored_values(project_path) == [(span.id, "value", PERCENT)]


def test_a_date_gets_its_iso_date_and_words_that_say_no_value_get_none(workspace, project_path):
    doc = add_document(workspace, TEXT, "deal.txt")
    date = workspace.add_span(doc, *at("۲۱ آبان ۱۴۰۴"), "date")
    workspace.add_span(doc, *at("سهم بازار"), "figure")  # no number in the words: nothing stored
    [(span_id, name, value)] = stored_values(project_path)
    assert (span_id, name, value["iso"]) == (date.id, "iso", "2025-11-12")
    workspace.add_span(doc, *at("قرارداد"), "agreement")  # a label without value fields
    assert len(stored_values(project_path)) == 1


def test_relabelling_reads_the_new_labels_fields_and_keeps_a_value_the_user_set(workspace, project_path):
    doc = add_document(workspace, TEXT, "deal.txt")
    span = workspace.add_span(doc, *at("۲۱ آبان ۱۴۰۴"), "event")
    assert stored_values(project_path) == []
    workspace.update_span(span.id, label="date")
    assert [(i, n) for i, n, _ in stored_values(project_path)] == [(span.id, "iso")]
    workspace.update_span(span.id, label="figure")  # the date's field goes (cascade), the figure's is read
    assert [(i, n) for i, n, _ in stored_values(project_path)] == [(span.id, "value")]
    workspace.undo()
    assert [(i, n) for i, n, _ in stored_values(project_path)] == [(span.id, "iso")]
    figure = workspace.add_span(doc, *at("یک میلیارد و ۸۰۰ میلیون دلاری"), "figure")
    mine = {"kind": "amount", "value": "1800000000", "unit": "EUR"}
    SpanAttributes(workspace).set(figure.id, "value", mine)
    workspace.update_span(figure.id, note="the euro, says the source")  # no relabel: nothing read again
    assert (figure.id, "value", mine) in stored_values(project_path)


def test_label_all_and_an_accepted_suggestion_store_the_values_in_their_step(workspace, project_path):
    doc = add_document(workspace, TEXT, "deal.txt")
    changes = label_occurrences(workspace, find_occurrences(workspace, "۵ درصد", "figure"), "figure")
    assert len(changes.spans_added) == 2
    assert [v for _, _, v in stored_values(project_path)] == [PERCENT, PERCENT]
    workspace.undo()
    assert stored_values(project_path) == []
    suggestions = Suggestions(workspace)
    suggestions.run_suggesters(sources=["rules"])
    item = next(s for s in suggestions.suggestions(doc) if s.label == "figure" and "دلار" in TEXT[s.start : s.end])
    [span_id] = suggestions.accept_suggestion(item.id).spans_added
    assert stored_values(project_path) == [(span_id, "value", DOLLARS)]
    workspace.undo()
    assert stored_values(project_path) == []


def test_an_import_fills_spans_given_no_values_and_keeps_the_values_spans_had(workspace, project_path, tmp_path):
    doc = add_document(workspace, TEXT, "deal.txt")
    mine = {"kind": "amount", "value": "5", "unit": "percent"}
    first = workspace.add_span(doc, *at("۵ درصد"), "figure")
    SpanAttributes(workspace).set(first.id, "value", mine)
    path = tmp_path / "deal.jsonl"
    spans = [[*at("۵ درصد"), "figure"], [*at("یک میلیارد و ۸۰۰ میلیون دلاری"), "figure"]]
    path.write_text(json.dumps({"text": TEXT, "label": spans}, ensure_ascii=False) + "\n", encoding="utf-8")
    [result] = import_paths(workspace, "importer", [(path, path.name)], ImportOptions("doccano", annotator="sara"))
    assert result.outcome == "imported", result.why
    dollars = next(s for s in workspace.spans(doc) if s.start == at("یک میلیارد")[0])
    assert stored_values(project_path) == [(first.id, "value", mine), (dollars.id, "value", DOLLARS)]
    assert result.links.attributes == 1


def test_the_native_format_imports_a_span_without_values_as_it_was(workspace, project_path, tmp_path):
    path = tmp_path / "native.jsonl"
    record = {"text": TEXT, "spans": [{"start": at("۵ درصد")[0], "end": at("۵ درصد")[1], "label": "figure"}]}
    path.write_text(json.dumps(record, ensure_ascii=False) + "\n", encoding="utf-8")
    [result] = import_paths(workspace, "importer", [(path, path.name)], ImportOptions("jsonl"))
    assert result.outcome == "imported", result.why
    assert stored_values(project_path) == []  # a value cleared in the exporting project stays cleared
