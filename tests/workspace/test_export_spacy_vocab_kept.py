"""A spaCy export through `export_project` keeps the answers of an installed spaCy the resources
lack in the user's cache folder (desktop.paths.cache_dir, under BARCHASB_HOME in tests), so the
next export reads them instead of importing spaCy (spacy_vocab.keep_in, named by project._writer)."""

from __future__ import annotations

import json

import pytest

pytest.importorskip("spacy")

from desktop.formats import spacy_vocab  # noqa: E402
from desktop.paths import cache_dir  # noqa: E402
from desktop.workspace import Workspace  # noqa: E402
from desktop.workspace.export.project import ExportOptions, export_project  # noqa: E402
from desktop.workspace.imports.annotated import ImportOptions, import_annotated  # noqa: E402


def test_an_export_keeps_another_spacy_versions_answers_in_the_cache_folder(tmp_path, monkeypatch):
    monkeypatch.setattr(spacy_vocab, "installed", lambda: "0.0.0")
    monkeypatch.setattr(spacy_vocab, "_cache", None)  # as in a fresh process: nothing named yet
    source = tmp_path / "a.jsonl"
    line = {"text": "استاندار اردبیل به باکو رفت", "label": [[9, 15, "place"], [19, 23, "place"]]}
    source.write_text(json.dumps(line, ensure_ascii=False) + "\n", encoding="utf-8")
    kept = cache_dir() / "spacy" / "vocab-0.0.0.json"
    workspace = Workspace.create(tmp_path / "project.barchasb")
    try:
        import_annotated(workspace, "tester", source, ImportOptions("doccano"))
        assert not kept.exists()
        first = export_project(workspace, ExportOptions("spacy"), tmp_path / "first.spacy")
        assert json.loads(kept.read_text(encoding="utf-8"))["SPACY"] == "0.0.0"  # before the hook: nothing kept
        monkeypatch.setattr(spacy_vocab, "answers", lambda: pytest.fail("spaCy asked again"))
        second = export_project(workspace, ExportOptions("spacy"), tmp_path / "second.spacy")
    finally:
        workspace.close()
    assert first.spans == second.spans == 2
    assert (tmp_path / "first.spacy").read_bytes() == (tmp_path / "second.spacy").read_bytes()
