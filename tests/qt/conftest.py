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
