"""Vertical rhythm of the view, derived from the document font.

Each line gets a fixed band of room above it (QPlainTextEdit has no line
height, so the view moves laid-out lines down itself; see `geometry`).
The band holds, from top to bottom: the underline lanes hanging below the
previous line, then the label chips of spans starting on this line.
Everything scales with the font, so zooming keeps the proportions.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QFontInfo, QFontMetricsF

MAX_LANES = 3
# Vazirmatn's ink reaches ~0.9 em above and ~0.38 em below the baseline,
# inside its ascent (1.03 em) and descent (0.54 em).
_INK_TOP_EM = 0.9
_LANE_START_EM = 0.42
_CHIP_FONT_EM = 0.68
_CHIP_HEIGHT_EM = 1.35


@dataclass(frozen=True, slots=True)
class LineMetrics:
    """Sizes, in pixels relative to a line's top, for drawing marks."""

    gap: float  # room added above every non-empty line
    lane_top: float  # top of lane 0 (lanes are below the glyphs)
    lane_pitch: float
    lane_thickness: float
    chip_top: float  # negative: chips sit in the gap above the line
    chip_height: float
    chip_pad: float
    chip_max_width: float
    chip_font: QFont
    chip_font_key: str = ""  # chip_font.key(), asked once (badges are keyed by it)
    # caption -> (as shown: elided to chip_max_width, its chip's width); a scheme has a few dozen
    _captions: dict[str, tuple[str, float]] = field(default_factory=dict, compare=False, repr=False)

    @classmethod
    def for_font(cls, font: QFont) -> LineMetrics:
        fm = QFontMetricsF(font)
        em = float(QFontInfo(font).pixelSize())
        chip_font = QFont(font)
        chip_font.setPixelSize(max(9, round(em * _CHIP_FONT_EM)))
        chip_font.setWeight(QFont.Weight.Medium)
        chip_height = round(chip_font.pixelSize() * _CHIP_HEIGHT_EM)
        thickness = max(2.0, round(em / 8))
        pitch = thickness + 1
        lane_top = round(fm.ascent() + em * _LANE_START_EM)  # whole pixels: crisp lines
        lanes_below = max(0.0, lane_top + MAX_LANES * pitch - fm.height())
        ink_spare = max(0.0, fm.ascent() - em * _INK_TOP_EM)
        gap = round(lanes_below + chip_height + 2 - ink_spare)
        return cls(
            gap=gap,
            lane_top=lane_top,
            lane_pitch=pitch,
            lane_thickness=thickness,
            chip_top=ink_spare - 1 - chip_height,
            chip_height=chip_height,
            chip_pad=round(chip_font.pixelSize() * 0.45),
            chip_max_width=em * 9,
            chip_font=chip_font,
            chip_font_key=chip_font.key(),
        )

    def chip_caption(self, caption: str) -> tuple[str, float]:
        """`caption` as a chip shows it (elided to fit) and the chip's width; measured once each."""
        known = self._captions.get(caption)
        if known is None:
            fm = QFontMetricsF(self.chip_font)
            shown = fm.elidedText(caption, Qt.TextElideMode.ElideRight, self.chip_max_width)
            known = self._captions[caption] = (shown, fm.horizontalAdvance(shown) + 2 * self.chip_pad)
        return known

    def lane_y(self, lane: int) -> float:
        """Top of underline `lane` relative to its line's top (deep lanes share the last)."""
        return self.lane_top + min(lane, MAX_LANES - 1) * self.lane_pitch
