"""The export dialog's choice for spaces inside CoNLL tokens (PEYMA's `ثبت نام`)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from desktop.qt.export_dialog import ExportDialog
from desktop.workspace import Workspace
from desktop.workspace.imports.annotated import ImportOptions, import_paths

pytestmark = pytest.mark.gui


@pytest.fixture
def peyma_like(project_path, tmp_path):
    source = tmp_path / "peyma.txt"
    source.write_bytes("ثبت نام\tO\r\nدر\tO\r\nتهران\tB-LOC\r\n\r\n".encode())
    ws = Workspace.create(project_path)
    ws.set_annotator("sara")
    [result] = import_paths(ws, "sara", [(source, source.name)], ImportOptions("conll"))
    assert result.outcome == "imported"
    yield ws
    ws.close()


def export(dialog: ExportDialog, qtbot, out) -> list[str]:
    dialog.output.setText(str(out))
    qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: out.exists() and dialog.export_button.isEnabled(), timeout=20000)
    return out.read_text(encoding="utf-8").splitlines()


def test_conll_joins_inner_spaces_with_zwnj_unless_the_user_chooses(peyma_like, tmp_path, qtbot):
    dialog = ExportDialog(peyma_like)
    qtbot.addWidget(dialog)
    assert not dialog.inner_space.isEnabled()  # jsonl keeps the text as it is
    dialog.format.setCurrentIndex(dialog.format.findData("conll"))
    assert dialog.inner_space.isEnabled() and dialog.inner_space.currentData() == "zwnj"
    assert export(dialog, qtbot, tmp_path / "zwnj.conll")[0] == "ثبت\u200cنام\tO"
    for choice, token in (("underscore", "ثبت_نام"), ("keep", "ثبت نام")):
        dialog.inner_space.setCurrentIndex(dialog.inner_space.findData(choice))
        written = export(dialog, qtbot, tmp_path / f"{choice}.conll")
        assert written[:3] == [f"{token}\tO", "در\tO", "تهران\tB-LOC"]
