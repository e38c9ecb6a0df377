"""The window's import report for Label Studio predictions (desktop/qt/import_problems.py) over
what `import_everything` counted, and the import options' choice of them, in English and Persian."""

from __future__ import annotations

import json

import pytest

from desktop import i18n
from desktop.qt.import_dialog import ImportOptionsDialog
from desktop.qt.import_problems import import_message
from desktop.workspace import Workspace
from desktop.workspace.imports.everything import import_everything
from tests.qt.test_journeys_predictions import write_export

SUGGESTED = "; 2 predictions added as pending suggestions to review"
COUNTED = "; 1 Label Studio predictions counted, not imported (the import options can add them as suggestions)"


@pytest.fixture
def workspace(project_path):
    with Workspace.create(project_path) as ws:
        yield ws


@pytest.fixture
def export(tmp_path):
    return write_export(tmp_path)


@pytest.fixture
def persian():
    i18n.set_language("fa")
    yield
    i18n.set_language("en")


def test_predictions_asked_for_are_counted_as_suggestions_added(workspace, export):
    summary = import_everything(workspace, "sara", [export], annotator_map=(("1", "omid"),), predictions=True)
    assert (summary.counts["suggestions"], summary.counts["predictions"]) == (2, 0)
    done, problems = import_message(summary)
    assert done == "1 documents imported, 0 already present, 0 skipped; 1 spans added, 0 already there" + SUGGESTED
    assert problems == []


def test_predictions_not_asked_for_are_reported_as_counted(workspace, export):
    summary = import_everything(workspace, "sara", [export])
    assert (summary.counts["suggestions"], summary.counts["predictions"]) == (0, 1)
    assert import_message(summary)[0].endswith(COUNTED)


def test_a_file_without_predictions_says_nothing_of_them(workspace, tmp_path):
    path = tmp_path / "a.txt"
    path.write_text("علی به باکو رفت.\n", encoding="utf-8")
    done, _ = import_message(import_everything(workspace, "sara", [path], predictions=True))
    assert done == "1 documents imported, 0 already present, 0 skipped"


def test_the_persian_report_counts_in_persian_digits(workspace, export, persian):
    done, _ = import_message(import_everything(workspace, "sara", [export]))
    assert done.endswith(
        "؛ ۱ پیش‌بینی Label Studio شمرده شد و درون‌بری نشد (گزینه‌های درون‌بری می‌توانند آن‌ها را پیشنهاد کنند)"
    )


@pytest.mark.parametrize("kind", [{}, {"doccano": True}])
def test_only_label_studio_files_are_asked_about_predictions(qtbot, kind):
    dialog = ImportOptionsDialog({"predictions": True}, None, **kind)
    qtbot.addWidget(dialog)
    assert dialog.predictions_box is None and "predictions" not in dialog.choices()


def test_the_choice_starts_from_the_one_given_and_is_one_of_the_choices(qtbot):
    dialog = ImportOptionsDialog({"predictions": True}, None, label_studio=True)
    qtbot.addWidget(dialog)
    assert dialog.predictions_box.isChecked() and dialog.choices()["predictions"] is True
    dialog.predictions_box.setChecked(False)
    assert dialog.choices()["predictions"] is False


def test_predictions_listed_by_id_only_are_reported_as_not_in_the_file(workspace, export, persian):
    """Label Studio's plain JSON export lists predictions by id: asked for, they cannot be imported,
    and the report says why rather than nothing (the expanded one still comes in)."""
    tasks = json.loads(export.read_text(encoding="utf-8"))
    tasks[0]["predictions"] += [17, 18]
    export.write_text(json.dumps(tasks, ensure_ascii=False), encoding="utf-8")
    summary = import_everything(workspace, "sara", [export], predictions=True)
    assert (summary.counts["suggestions"], summary.counts["predictions_by_id"]) == (2, 2)
    assert import_message(summary)[0].endswith(
        "؛ ۲ پیش‌بینی فقط با شناسه‌اش آمده و در پرونده نیست"
        " (برای درون‌بری، وظیفه‌ها را از Label Studio همراه با پیش‌بینی‌هایشان برون‌بری کنید)"
    )
    i18n.set_language("en")
    assert import_message(summary)[0].endswith(
        "; 2 predictions listed by their id only, so not in the file"
        " (export the tasks from Label Studio with their predictions to import them)"
    )
