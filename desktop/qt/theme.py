"""Light and dark application palettes (Fusion style renders both well)."""

from __future__ import annotations

from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication

_DARK = {
    QPalette.Window: "#202124", QPalette.WindowText: "#e8eaed", QPalette.Base: "#17181a",
    QPalette.AlternateBase: "#2a2b2e", QPalette.Text: "#e8eaed", QPalette.Button: "#2d2e31",
    QPalette.ButtonText: "#e8eaed", QPalette.Highlight: "#3d6fb6",
    QPalette.HighlightedText: "#ffffff", QPalette.ToolTipBase: "#2d2e31",
    QPalette.ToolTipText: "#e8eaed", QPalette.PlaceholderText: "#9aa0a6",
}


def apply_theme(app: QApplication, dark: bool) -> None:
    app.setStyle("Fusion")
    palette = app.style().standardPalette()
    if dark:
        for role, color in _DARK.items():
            palette.setColor(role, QColor(color))
    app.setPalette(palette)
