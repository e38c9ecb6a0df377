"""Light and dark colours of the document view."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from PySide6.QtGui import QColor, QPalette


@dataclass(frozen=True, slots=True)
class Theme:
    """Page colours plus how strongly span colours are laid over the text."""

    dark: bool
    base: str
    text: str
    selection: str  # translucent, so span colours show through a selection
    selection_text: str
    fill_alpha: int  # background of a saved span
    suggested_alpha: int  # background of a suggestion
    emphasis_alpha: int  # background of the current/selected span
    outline: str  # ring around the current span's chip
    hit: str = "#f5c21880"  # a find hit: translucent, so a span's colour shows through


LIGHT = Theme(False, "#fbfaf7", "#1f2328", "#8fb8f5a0", "#0b1a33", 62, 26, 105, "#1f2328")
DARK = Theme(True, "#1c1e22", "#e4e1da", "#3d6aa8b0", "#ffffff", 78, 34, 125, "#f4f2ec", hit="#b8900070")


@lru_cache(maxsize=512)
def color(hex_rgb: str, alpha: int = 255) -> QColor:
    """A QColor for `#rrggbb` with `alpha` (cached: drawing asks often)."""
    value = QColor(hex_rgb)
    value.setAlpha(alpha)
    return value


def rgba(value: str) -> QColor:
    """`#rrggbb` or `#rrggbbaa` (alpha last, unlike Qt's `#aarrggbb`)."""
    if len(value) == 9:
        return color(value[:7], int(value[7:], 16))
    return QColor(value)


@lru_cache(maxsize=512)
def ink_on(hex_rgb: str) -> QColor:
    """Black or white, whichever reads better on a `hex_rgb` background."""
    c = QColor(hex_rgb)
    luminance = 0.299 * c.redF() + 0.587 * c.greenF() + 0.114 * c.blueF()
    return QColor("#15171a") if luminance > 0.62 else QColor("#ffffff")


def palette(theme: Theme, base: QPalette) -> QPalette:
    """`base` with the view's page, text and selection colours (all groups)."""
    result = QPalette(base)
    roles = {
        QPalette.ColorRole.Base: theme.base,
        QPalette.ColorRole.Text: theme.text,
        QPalette.ColorRole.Highlight: theme.selection,
        QPalette.ColorRole.HighlightedText: theme.selection_text,
    }
    for group in (QPalette.ColorGroup.Active, QPalette.ColorGroup.Inactive):
        for role, value in roles.items():
            result.setColor(group, role, rgba(value))
    return result
