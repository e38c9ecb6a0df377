"""Qt tests run offscreen: no display, identical pixels on every machine."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from pathlib import Path  # noqa: E402

import pytest  # noqa: E402

SEEDS = Path(__file__).resolve().parents[2] / "seeds"


@pytest.fixture
def seed_text() -> str:
    """The first sample document, exactly as stored."""
    return sorted(SEEDS.glob("*.txt"))[0].read_text(encoding="utf-8")


@pytest.fixture
def make_view(qtbot):
    """Factory: a shown DocumentView (800x600) holding `text` and `marks`."""
    from desktop.qt.document_view import DocumentView

    def make(text: str = "", marks=(), size: tuple[int, int] = (800, 600)) -> DocumentView:
        view = DocumentView()
        qtbot.addWidget(view)
        view.resize(*size)
        view.set_document(text, marks)
        view.show()
        qtbot.waitExposed(view)
        return view

    return make


@pytest.fixture
def open_app(qtbot):
    """Factory: the real Application opened on `path` as "sara" (English UI unless
    told otherwise); closed with its workspace at teardown."""
    from desktop.qt.app import Application, create_qt_app
    from desktop.settings import Settings

    opened = []

    def open_(path, language: str = "en"):
        settings = Settings()
        settings.set("language", language)
        application = Application(create_qt_app(settings), settings)
        assert application.open(path, annotator="sara")
        opened.append(application)
        return application

    yield open_
    for application in opened:
        application.window.close()
        application.workspace.close()
    from desktop import i18n

    i18n.set_language("en")  # the language is process-wide: the next test starts in English


@pytest.fixture
def empty_app(project_path, open_app, qtbot):
    """The real Application, ready, on a new project with no documents."""
    from desktop.workspace import Workspace

    from journey import ready

    Workspace.create(project_path).close()
    application = open_app(project_path)
    ready(qtbot, application.window)
    return application


@pytest.fixture
def documents_project(project_path):
    """Factory: a new project at `project_path` holding `texts` verbatim as one.txt,
    two.txt, … (annotator "sara" known to it)."""
    from desktop.workspace import Workspace

    from helpers import add_document

    def make(*texts: str):
        ws = Workspace.create(project_path)
        ws.set_annotator("sara")
        for name, text in zip(("one.txt", "two.txt", "three.txt", "four.txt"), texts, strict=False):
            add_document(ws, text, name)
        ws.close()
        return project_path

    return make


@pytest.fixture
def one_document_project(documents_project):
    """Factory: a new project at `project_path` holding `text` as one.txt."""
    return documents_project


@pytest.fixture
def open_window(open_app, qtbot):
    """Factory: the real main window on `path`, shown, active, the text focused:
    where a journey starts."""
    from journey import ready

    def open_(path, language: str = "en"):
        window = open_app(path, language).window
        ready(qtbot, window)
        return window

    return open_
