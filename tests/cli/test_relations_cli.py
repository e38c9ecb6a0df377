"""`barchasb relations`: the relation scheme with counts, and a document's relations."""

from __future__ import annotations

import json

import pytest

from desktop.cli import main
from desktop.workspace.relations import Relations

from helpers import TEXT, add_document


@pytest.fixture
def project(workspace, project_path) -> str:
    doc = add_document(workspace)
    start = TEXT.index("علی جهانگیری")
    official = workspace.add_span(doc, start, start + len("علی جهانگیری"), "official")
    start = TEXT.index("معاون استاندار")
    title = workspace.add_span(doc, start, start + len("معاون استاندار"), "title")
    Relations(workspace).add(official.id, title.id, "holds")
    return str(project_path)


def test_the_summary_lists_relation_types_with_counts_and_attributes(project, capsys):
    assert main(["relations", project]) == 0
    out = capsys.readouterr().out
    assert "holds          official -> title  1 relations" in out
    assert "attribute agreement.status: choice (proposed," in out and "0 entities" in out
    assert main(["relations", project, "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert {t["key"]: t["relations"] for t in data["relation_types"]}["located_in"] == 0


def test_a_documents_relations_are_listed_with_the_text_at_each_end(project, capsys):
    assert main(["relations", project, "--document", "1", "--json"]) == 0
    [row] = json.loads(capsys.readouterr().out)
    assert (row["type"], row["annotator"], row["head"]["text"], row["tail"]["text"]) == (
        "holds",
        "sara",
        "علی جهانگیری",
        "معاون استاندار",
    )
    assert main(["relations", project, "--document", "1", "--annotator", "omid"]) == 1
    assert "no annotator 'omid'" in capsys.readouterr().err
    assert main(["relations", project, "--document", "1"]) == 0
    assert "holds" in capsys.readouterr().out


def test_an_older_project_gets_the_default_relation_types(tmp_path, capsys):
    from desktop.core.model import Label
    from desktop.workspace import Workspace

    path = tmp_path / "custom.barchasb"
    Workspace.create(path, [Label("place", "مکان", "Place", "#27ae60", "1")]).close()
    assert main(["relations", str(path), "--add-defaults", "--annotator", "sara", "--json"]) == 0
    captured = capsys.readouterr()
    assert "Add default relation types" in captured.err
    assert [t["key"] for t in json.loads(captured.out)["relation_types"]] == ["located_in"]


def test_the_command_is_documented(capsys):
    with pytest.raises(SystemExit):
        main(["relations", "--help"])
    assert "PROJECT" in capsys.readouterr().out
