"""Active learning: the uncertainty queue over a project's unlabelled documents."""

import pytest

from desktop.cli import main
from desktop.core.errors import InputError, NotFound
from desktop.workspace.suggestions.queue import (
    DEFAULT_RETRAIN_AFTER,
    follows_queue,
    next_in_queue,
    queue_job,
    retrain_after,
    set_follows_queue,
    set_retrain_after,
    uncertainty_queue,
    unlabelled_documents,
)
from desktop.workspace.suggestions.training import train_suggester

from helpers import add_document

NAMES = ["علی رضایی", "مریم احمدی", "حسن کریمی", "زهرا نوری", "رضا موسوی", "سارا امینی"]
CITIES = ["تبریز", "شیراز", "مشهد", "اهواز", "کرمان", "رشت"]
UNLABELLED = {
    "familiar.txt": "آقای حسن کریمی امروز در تبریز گفت که کار ادامه دارد .",
    "strange.txt": "خانم فاطمه جعفری دیروز از قم آمد .",
    "retold.txt": "خانم فاطمه جعفری دیروز از قم آمد و رفت .",
}


@pytest.fixture
def project(workspace):
    """Twelve labelled documents, a model trained on them, three unlabelled ones."""
    for i in range(12):
        name, city = NAMES[i % 6], CITIES[(i * 5 + i // 6) % 6]
        text = f"آقای {name} امروز در {city} گفت که کار ادامه دارد ."
        doc = add_document(workspace, text, f"d{i}.txt")
        workspace.add_span(doc, text.index(name), text.index(name) + len(name), "official")
        workspace.add_span(doc, text.index(city), text.index(city) + len(city), "place")
    ids = {name: add_document(workspace, text, name) for name, text in UNLABELLED.items()}
    train_suggester(workspace, "sara", params={"max_iterations": 40})
    return ids


def test_the_queue_puts_the_strange_story_first_and_its_retelling_last(workspace, project):
    queue = uncertainty_queue(workspace)
    assert [e.name for e in queue] == ["strange.txt", "familiar.txt", "retold.txt"]
    assert queue[0].score > queue[1].score and queue[1].score >= 0.0
    assert [e.name for e in uncertainty_queue(workspace, 1)] == ["strange.txt"]
    assert next_in_queue(queue, project["strange.txt"]) == project["familiar.txt"]
    with pytest.raises(InputError):
        uncertainty_queue(workspace, 0)


def test_labelled_documents_leave_the_queue_and_assignments_bound_it(workspace, project):
    text = UNLABELLED["strange.txt"]
    workspace.add_span(project["strange.txt"], 5, 16, "official")
    assert set(unlabelled_documents(workspace)) == {project["familiar.txt"], project["retold.txt"]}
    with workspace.repo.action("sara"):
        workspace.repo.assign([(project["retold.txt"], workspace.annotator.id)])
    assert unlabelled_documents(workspace) == [project["retold.txt"]]
    assert text[5:16] == "فاطمه جعفری"


def test_a_queue_job_is_detached_from_the_project(workspace, project):
    job = queue_job(workspace)
    workspace.close()
    assert {e.name for e in job.run()} == set(UNLABELLED)
    assert job.run(cancel=lambda: True) == []


def test_without_a_model_the_queue_says_how_to_train(workspace):
    add_document(workspace, "متن", "a.txt")
    with pytest.raises(NotFound, match="train"):
        uncertainty_queue(workspace)


def test_settings_are_durable(workspace):
    assert not follows_queue(workspace) and retrain_after(workspace) == DEFAULT_RETRAIN_AFTER
    set_follows_queue(workspace, True)
    set_retrain_after(workspace, 7)
    assert follows_queue(workspace) and retrain_after(workspace) == 7
    with pytest.raises(InputError):
        set_retrain_after(workspace, 0)


def test_cli_prints_the_queue(workspace, project, capsys):
    path = str(workspace.path)
    workspace.close()
    assert main(["suggest", path, "--queue", "2", "--annotator", "sara"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 2 and lines[0].endswith("strange.txt") and lines[1].endswith("familiar.txt")
