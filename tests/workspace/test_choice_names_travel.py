"""Display names of choices never reach the data: a project whose choices are bare keys (as every
project before names was) exports the same bytes before and after its choices get names, in every
format that carries attributes; the names travel only with the scheme (merge, the relations report)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from desktop.core.attributes import AttributeField, AttributeKind
from desktop.core.choices import Choice
from desktop.workspace import Workspace
from desktop.workspace.export.project import ExportOptions, export_project
from desktop.workspace.merge.projects import merge_projects
from desktop.workspace.relations import RelationSchemeEditor, SpanAttributes
from desktop.workspace.relations.report import relations_summary

from helpers import add_document

TEXT = "وزیر گفت قرارداد گاز با ترکیه هفته پیش امضا شد."
KEYS = ("proposed", "negotiated", "signed")
NAMED = tuple(Choice(k, fa, en) for k, fa, en in zip(KEYS, ("پیشنهادی", "در حال مذاکره", "امضاشده"),
                                                     ("Proposed", "Negotiated", "Signed")))  # fmt: skip


def status(choices) -> AttributeField:
    return AttributeField("agreement", "status", AttributeKind.CHOICE, choices, name_fa="وضعیت", name_en="Status")


def old_project(path: Path) -> Path:
    """A project whose `agreement.status` choices are bare keys, one agreement set to «signed»."""
    ws = Workspace.create(path)
    ws.set_annotator("sara")
    RelationSchemeEditor(ws).save_field(status(KEYS))
    doc = add_document(ws, TEXT)
    start = TEXT.index("قرارداد")
    span = ws.add_span(doc, start, start + len("قرارداد"), "agreement")
    SpanAttributes(ws).set(span.id, "status", "signed")
    ws.close()
    return path


def exported(path: Path, out: Path, fmt: str) -> dict[str, bytes]:
    with Workspace.open(path, "sara") as ws:
        export_project(ws, ExportOptions(fmt), out)
    files = sorted(out.rglob("*")) if out.is_dir() else [out]
    return {str(f.relative_to(out.parent)): f.read_bytes() for f in files if f.is_file()}


@pytest.mark.parametrize("fmt, name", [("jsonl", "out.jsonl"), ("brat", "brat"), ("spacy", "out.spacy")])
def test_naming_the_choices_changes_no_exported_byte(tmp_path, fmt, name):
    project = old_project(tmp_path / "p.barchasb")
    (tmp_path / "a").mkdir(), (tmp_path / "b").mkdir()
    before = exported(project, tmp_path / "a" / name, fmt)
    with Workspace.open(project, "sara") as ws:
        assert next(f for f in ws.repo.attribute_fields() if f.name == "status").choices == tuple(
            Choice(k) for k in KEYS
        )
        RelationSchemeEditor(ws).save_field(status(NAMED))
        assert next(f for f in ws.repo.attribute_fields() if f.name == "status").choices == NAMED
    after = exported(project, tmp_path / "b" / name, fmt)
    assert after == before and before
    if fmt == "jsonl":
        [record] = [json.loads(line) for line in before[name].decode().splitlines()]
        assert [s["attributes"] for s in record["spans"]] == [{"status": "signed"}]


def test_the_names_travel_with_the_scheme_in_a_merge_and_the_report(tmp_path):
    source = old_project(tmp_path / "named.barchasb")
    with Workspace.open(source, "sara") as ws:
        RelationSchemeEditor(ws).save_field(status(NAMED))
    target = tmp_path / "lead.barchasb"
    Workspace.create(target).close()
    with Workspace.open(target, "lead") as ws:
        RelationSchemeEditor(ws).delete_field("agreement", "status")
        merge_projects(ws, [source])
        merged = next(f for f in ws.repo.attribute_fields() if f.name == "status")
        assert merged.choices == NAMED
        report = relations_summary(ws)
    [field] = [f for f in report["attributes"] if f["field"] == "agreement.status"]
    assert field["choices"][2] == {"key": "signed", "fa": "امضاشده", "en": "Signed"}


def test_a_merge_between_named_and_bare_choices_agrees_on_keys(tmp_path):
    named = old_project(tmp_path / "named.barchasb")
    with Workspace.open(named, "sara") as ws:
        RelationSchemeEditor(ws).save_field(status(NAMED))
    bare = old_project(tmp_path / "bare.barchasb")
    with Workspace.open(bare, "lead") as ws:
        merge_projects(ws, [named])  # the same keys: no conflict, the local names (none) stay
        assert next(f for f in ws.repo.attribute_fields() if f.name == "status").choices == tuple(
            Choice(k) for k in KEYS
        )
