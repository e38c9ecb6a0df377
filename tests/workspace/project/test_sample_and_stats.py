import json

from desktop.cli import main
from desktop.core.model import Status
from desktop.paths import sample_project_path
from desktop.workspace import Workspace
from desktop.workspace.project.sample import ensure_sample_project
from desktop.workspace.project.stats import project_stats

from helpers import add_document


def test_sample_project_is_built_once_from_seeds(isolated_home):
    path = ensure_sample_project()
    assert path == sample_project_path() and str(path).startswith(str(isolated_home))
    workspace = Workspace.open(path, annotator="x")
    names = [info.name for info in workspace.repo.document_infos()]
    workspace.close()
    assert names == sorted(names) and len(names) == 5
    assert [p.name for p in path.parent.iterdir()] == ["sample.barchasb"]  # no temp leftovers
    stamp = path.stat().st_mtime_ns
    assert ensure_sample_project() == path and path.stat().st_mtime_ns == stamp


def test_stats_count_spans_per_label_annotator_and_status(workspace, capsys):
    one = add_document(workspace, "متن یک درباره تهران", "a.txt")
    two = add_document(workspace, "متن دو درباره باکو", "b.txt")
    workspace.add_span(one, 0, 3, "place")
    workspace.add_span(one, 4, 6, "figure")
    workspace.set_status(two, Status.DONE)
    other = Workspace.open(workspace.path, annotator="omid")
    other.add_span(two, 0, 3, "place")
    other.close()
    stats = project_stats(workspace)
    assert stats["documents"] == 2 and stats["spans"] == 3
    assert stats["spans_per_label"]["place"] == 2 and stats["spans_per_label"]["figure"] == 1
    assert stats["spans_per_label"]["event"] == 0
    assert stats["spans_per_annotator"] == {"sara": 2, "omid": 1}
    assert stats["status"]["sara"] == {"new": 0, "in_progress": 1, "done": 1}
    assert stats["status"]["omid"] == {"new": 1, "in_progress": 1, "done": 0}
    assert main(["stats", str(workspace.path), "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["spans_per_annotator"] == {"sara": 2, "omid": 1}
    assert main(["stats", str(workspace.path)]) == 0
    text = capsys.readouterr().out
    assert "documents   2" in text and "sara" in text


def test_history_command_lists_and_restores_a_deleted_span(workspace, capsys):
    doc = add_document(workspace, "متن یک درباره تهران", "a.txt")
    span = workspace.add_span(doc, 14, 19, "place")
    workspace.delete_span(span.id)
    assert main(["history", str(workspace.path), "--json", "--document", str(doc)]) == 0
    rows = json.loads(capsys.readouterr().out)
    deletion = next(r for r in rows if r["action"] == "span.delete")
    assert main(["history", str(workspace.path), "--restore", str(deletion["id"])]) == 0
    assert f"restored span #{span.id}" in capsys.readouterr().out
    assert [(s.start, s.end, s.label) for s in workspace.spans(doc, all_layers=True)] == [(14, 19, "place")]
