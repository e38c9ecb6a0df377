"""Plain jsonl (no tokens) written straight from the stored rows (desktop/workspace/export/plain.py):
the same bytes and the same report as the general path (records, prepare_item, NativeWriter),
which still writes the documents that carry more than spans."""

from __future__ import annotations

import sqlite3
from contextlib import closing

import pytest

from desktop.core.attributes import AttributeField, AttributeKind
from desktop.core.choices import Choice
from desktop.storage.export_selection import Selection
from desktop.workspace.export import plain
from desktop.workspace.export.project import ExportOptions, export_project
from desktop.workspace.relations import Entities, Relations, RelationSchemeEditor, SpanAttributes

from helpers import add_document

TEXTS = (
    "😀 علی جهانگیری، معاون استاندار آذربایجان شرقی، به باکو رفت.",
    'سازمان "ملل" گفت  a\\b\t1️⃣ در ۵۰٪ موارد\u200cها\x07 \u2028 پایان',
    "قرارداد گاز با ترکیه امضا شد.",
    "بی‌برچسب",
    "",
)


def at(text: str, words: str) -> tuple[int, int]:
    start = text.index(words)
    return start, start + len(words)


@pytest.fixture
def mixed(workspace):
    """Documents of plain spans (two annotators, a duplicate once labels are merged, a label left
    out), one with a relation, one with an entity link, one with an attribute value, none at all."""
    names = [f"d{n}.txt" for n in range(len(TEXTS))]
    names[1] = 'نام "۱"\\\t.txt'  # quoted in the meta
    docs = [add_document(workspace, text, name) for text, name in zip(TEXTS, names)]
    with closing(sqlite3.connect(workspace.repo.path)) as conn, conn:  # an annotated import's own metadata
        conn.execute("UPDATE documents SET meta = ? WHERE id = ?", ['{"fields": {"source": "x", "n": 1.5}}', docs[3]])
    RelationSchemeEditor(workspace).save_field(
        AttributeField("agreement", "status", AttributeKind.CHOICE, (Choice("proposed"), Choice("signed")))
    )
    one, two, three = docs[:3]
    official = workspace.add_span(one, *at(TEXTS[0], "علی جهانگیری"), "official")
    title = workspace.add_span(one, *at(TEXTS[0], "معاون استاندار آذربایجان شرقی"), "title")
    workspace.add_span(one, *at(TEXTS[0], "باکو"), "place")
    Relations(workspace).add(official.id, title.id, "holds")
    workspace.add_span(two, *at(TEXTS[1], 'سازمان "ملل"'), "organisation")
    workspace.add_span(two, *at(TEXTS[1], "a\\b\t1️⃣"), "figure")
    workspace.add_span(two, *at(TEXTS[1], "موارد\u200cها\x07 \u2028"), "event")
    agreement = workspace.add_span(three, *at(TEXTS[2], "قرارداد"), "agreement")
    SpanAttributes(workspace).set(agreement.id, "status", "signed")
    place = workspace.add_span(three, *at(TEXTS[2], "ترکیه"), "place")
    [entity] = Entities(workspace).create("ترکیه", "place").entities_added
    Entities(workspace).link(place.id, entity)
    workspace.set_annotator("reza")
    workspace.add_span(one, *at(TEXTS[0], "باکو"), "place")
    workspace.add_span(one, *at(TEXTS[0], "باکو"), "event")
    workspace.add_span(two, *at(TEXTS[1], 'سازمان "ملل"'), "organisation")
    workspace.add_span(two, *at(TEXTS[1], "گفت"), "event")
    workspace.set_annotator("sara")
    return workspace


SELECTIONS = {
    "all": Selection(),
    "reza": Selection("reza"),
    "merged": Selection(labels=("LOC", "ORG"), mapping={"place": "LOC", "event": "LOC", "organisation": "ORG"}),
}


def exported(workspace, path, selection: Selection, split=()) -> tuple[dict[str, bytes], tuple]:
    report = export_project(workspace, ExportOptions("jsonl", selection, split=split), path)
    files = sorted(path.rglob("*")) if path.is_dir() else [path]
    counts = (
        report.documents,
        report.spans,
        sorted(report.spans_per_label.items()),
        report.records,
        report.relations,
        report.relations_lost,
        dict(report.documents_per_split),
        [(p.document_id, p.problem.kind, p.text) for p in report.problems],
        report.files,
    )
    return {str(f.relative_to(path)) if f != path else "": f.read_bytes() for f in files if f.is_file()}, counts


@pytest.mark.parametrize("split", [(), (1, 1)], ids=["one-file", "split"])
@pytest.mark.parametrize("name", SELECTIONS)
def test_rows_written_directly_match_the_general_path(mixed, tmp_path, monkeypatch, name, split):
    taken = []
    written = plain._written

    def noted(*args):
        taken.append(done := written(*args))
        return done

    monkeypatch.setattr(plain, "_written", noted)
    fast = exported(mixed, tmp_path / "fast", SELECTIONS[name], split)
    assert sum(done is not None for done in taken) >= 2, "the plain documents are written from their rows"
    if name != "reza":  # sara's layer has the relation, the link and the attribute
        assert sum(done is None for done in taken) >= 1, "those with more than spans go the general way"
    monkeypatch.setattr(plain, "_written", lambda *args: None)
    general = exported(mixed, tmp_path / "general", SELECTIONS[name], split)
    assert fast[0] == general[0] and fast[1][:-1] == general[1][:-1]


def test_a_span_past_its_text_is_reported_by_the_general_path(mixed, tmp_path):
    with closing(sqlite3.connect(mixed.repo.path)) as conn, conn:
        conn.execute("UPDATE spans SET \"end\" = 500 WHERE document_id = 2 AND label = 'event'")
    data, counts = exported(mixed, tmp_path / "out.jsonl", Selection())
    problems = counts[-2]
    assert [kind for _, kind, _ in problems] == ["out_of_range"] * 2
    assert b'"label":"event"' not in data[""].splitlines()[1]
