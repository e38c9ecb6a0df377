"""The bundled Vazirmatn font, registered with Qt once per process.

Document text must never depend on what the system happens to have
installed: Persian shaping, digit forms and line metrics all come from the
font, so the view always uses the copy shipped in `resources/fonts/`.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from PySide6.QtGui import QFont, QFontDatabase

FONT_DIR = Path(__file__).resolve().parents[2] / "resources" / "fonts"
FONT_FILES = ("Vazirmatn-Regular.ttf", "Vazirmatn-Medium.ttf", "Vazirmatn-Bold.ttf")


class FontLoadError(RuntimeError):
    """A bundled font file is missing or Qt refused it (a broken install)."""


@cache
def load_fonts() -> str:
    """Register the bundled fonts (needs a QGuiApplication) and return the family.

    Medium and Bold join the Regular file's family as weights (Qt also lists
    a legacy "Vazirmatn Medium" family name for the Medium file).
    """
    family = ""
    for name in FONT_FILES:
        path = FONT_DIR / name
        font_id = QFontDatabase.addApplicationFont(str(path))
        if font_id < 0:
            raise FontLoadError(f"cannot load font {path}")
        family = family or QFontDatabase.applicationFontFamilies(font_id)[0]
    return family


def document_font(point_size: float = 12.0) -> QFont:
    """The font for document text at `point_size` points."""
    font = QFont(load_fonts())
    font.setPointSizeF(point_size)
    return font
