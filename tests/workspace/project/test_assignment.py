"""Assignment: documents into annotators' queues, explicit or spread evenly, and their progress."""

from __future__ import annotations

import json
from collections import Counter

import pytest

from desktop.cli import main
from desktop.core.errors import InputError, NotFound
from desktop.core.model import Status
from desktop.workspace import Workspace
from desktop.workspace.project.assignment import (
    assign_documents,
    queue,
    select_documents,
    spread_documents,
    unassign_documents,
)
from desktop.workspace.project.stats import project_stats

from helpers import add_document

NAMES = ("news-01.txt", "news-02.txt", "report.txt", "news-10.txt", "notes.md")


@pytest.fixture
def project(workspace):
    """Five documents, the current annotator sara."""
    for n, name in enumerate(NAMES):
        add_document(workspace, f"متن شماره {n} برای آزمون", name)
    return workspace


def _pairs(ws: Workspace) -> list[tuple[int, str]]:
    names = {a.id: a.name for a in ws.repo.annotators()}
    return [(doc, names[layer]) for doc, layer in ws.repo.assignments()]


def test_documents_are_named_by_ids_ranges_names_and_globs(project):
    assert select_documents(project, "5, 1,2") == [1, 2, 5]
    assert select_documents(project, "2-4") == [2, 3, 4]
    assert select_documents(project, "news-0?.txt,report.txt") == [1, 2, 3]
    assert select_documents(project, "news-*") == [1, 2, 4]
    for spec, words in (("9", "'9' names no document"), ("*.pdf", "'\\*.pdf' names no"), (" , ", "at least one")):
        with pytest.raises((NotFound, InputError), match=words):
            select_documents(project, spec)


def test_an_explicit_assignment_fills_queues_once(project):
    report = assign_documents(project, ["mina", "reza"], [3, 1], actor="lead")
    assert report.added == Counter({"mina": 2, "reza": 2}) and not report.already
    again = assign_documents(project, ["reza"], [1, 5], actor="lead")
    assert again.added == Counter({"reza": 1}) and again.already == Counter({"reza": 1})
    assert _pairs(project) == [(1, "mina"), (1, "reza"), (3, "mina"), (3, "reza"), (5, "reza")]
    assert project.repo.history(entity="assignment")[0]["actor"] == "lead"
    removed = unassign_documents(project, ["reza"], [1, 2], actor="lead")
    assert removed.removed == Counter({"reza": 1}) and (1, "reza") not in _pairs(project)


def test_only_people_take_documents(project):
    with project.repo.action("lead"):
        project.repo.gold_annotator(create=True)
    for names, words in ((["gold"], "gold layer"), ([" sara"], "without spaces"), ([], "at least one")):
        with pytest.raises(InputError, match=words):
            assign_documents(project, names, [1])
    assert project.repo.assignments() == []


def test_a_spread_gives_each_document_to_n_people_evenly_and_the_seed_decides(project, tmp_path):
    people = ["sara", "reza", "mina"]
    report = spread_documents(project, people, 2, seed=7, actor="lead")
    pairs = _pairs(project)
    per_document = Counter(doc for doc, _ in pairs)
    assert set(per_document.values()) == {2} and len(per_document) == 5
    assert sorted(report.added.values()) == [3, 3, 4]  # 10 documents given: within one of each other
    twins = []
    for seed in (7, 7, 8):
        other = Workspace.create(tmp_path / f"{len(twins)}.barchasb")
        for n, name in enumerate(NAMES):
            add_document(other, f"متن شماره {n} برای آزمون", name)
        spread_documents(other, people, 2, seed=seed)
        twins.append(_pairs(other))
        other.close()
    assert twins[0] == twins[1] == pairs != twins[2]
    with pytest.raises(InputError, match="between 1 and 3"):
        spread_documents(project, people, 4)


def test_a_second_spread_evens_out_the_load_already_held(project):
    assign_documents(project, ["sara"], [1, 2, 3])
    spread_documents(project, ["sara", "reza"], 1, seed=1, documents=[4, 5])
    assert Counter(name for _, name in _pairs(project)) == {"sara": 3, "reza": 2}


def test_queue_and_progress_per_annotator_in_stats(project, capsys):
    assign_documents(project, ["sara"], [4, 2])
    assign_documents(project, ["reza"], [2])
    project.set_status(4, Status.DONE)
    assert queue(project) == [2, 4]
    stats = project_stats(project)
    assert stats["assignments"] == {"sara": {"assigned": 2, "done": 1}, "reza": {"assigned": 1, "done": 0}}
    assert main(["stats", str(project.path)]) == 0
    text = capsys.readouterr().out
    assert "assigned documents per annotator   assigned  done" in text
    assert f"  {'sara':<30}{2:>10}{1:>6}" in text.splitlines()


def test_the_assign_command(project, capsys):
    path = str(project.path)
    assert main(["assign", path, "--to", "mina,reza", "--documents", "1,news-1*"]) == 0
    assert capsys.readouterr().out.splitlines() == ["mina: 2 documents assigned", "reza: 2 documents assigned"]
    assert main(["assign", path, "--to", "reza", "--documents", "1-2"]) == 0
    assert capsys.readouterr().out == "reza: 1 documents assigned (1 were already)\n"
    assert main(["assign", path, "--per-document", "2", "--seed", "7", "--annotators", "sara,reza,mina", "--json"]) == 0
    added = json.loads(capsys.readouterr().out)["added"]
    assert sum(added.values()) == 10 - 5  # documents 1 and 4 had two people already, document 2 one
    assert main(["assign", path, "--to", "reza", "--documents", "1", "--remove"]) == 0
    assert capsys.readouterr().out == "reza: 1 documents taken out of the queue\n"
    assert main(["stats", path, "--json"]) == 0
    assert sum(c["assigned"] for c in json.loads(capsys.readouterr().out)["assignments"].values()) == 9
    for args in (
        ["--to", "sara"],
        ["--per-document", "2"],
        ["--to", "sara", "--per-document", "1", "--documents", "1"],
    ):
        assert main(["assign", path, *args]) == 1
        assert "assign needs --to NAMES --documents WHICH" in capsys.readouterr().err
