"""The bundled fonts, registered with Qt once per process: Vazirmatn for text,
Noto Emoji (monochrome) behind it for emoji, flags and symbols, which would
otherwise take space on screen with nothing drawn and make offsets look wrong.

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
EMOJI_FILE = "NotoEmoji-Variable.ttf"


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


@cache
def emoji_family() -> str:
    """Register the bundled emoji font; its family ("" if the file is missing)."""
    font_id = QFontDatabase.addApplicationFont(str(FONT_DIR / EMOJI_FILE))
    return QFontDatabase.applicationFontFamilies(font_id)[0] if font_id >= 0 else ""


def with_fallbacks(font: QFont) -> QFont:
    """`font` whose missing glyphs come from the bundled emoji font."""
    emoji = emoji_family()
    if emoji:
        font.setFamilies([load_fonts(), emoji])
    return font


def document_font(point_size: float = 12.0) -> QFont:
    """The font for document text at `point_size` points."""
    font = with_fallbacks(QFont(load_fonts()))
    font.setPointSizeF(point_size)
    return font
