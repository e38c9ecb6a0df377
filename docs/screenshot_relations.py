"""Make docs/relations.png: the document view on a sample document with spans and relations.

Run under a display (`xvfb-run -a -s "-screen 0 1400x900x24" .venv/bin/python
docs/screenshot_relations.py [OUT]`) or offscreen. The relations are set through
the view's own interface (`DocumentView.set_relations`), the way the window hands
them over; no project is needed.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

SPANS = [  # (text in sample document 000, label, colour)
    ("معاون هماهنگی امور اقتصادی استاندار آذربایجان شرقی", "سمت", "#2f80ed"),
    ("آذربایجان شرقی", "مکان", "#27ae60"),
    ("باکو", "مکان", "#27ae60"),
    ("علی جهانگیری", "مقام", "#d64541"),
    ("جمهوری اسلامی ایران", "مکان", "#27ae60"),
    ("سه روزه", "تاریخ", "#b7950b"),
    ("وزیر صمت", "سمت", "#2f80ed"),
]
RELATIONS = [  # (head phrase, tail phrase, type, colour, directed, chosen)
    ("معاون هماهنگی امور اقتصادی استاندار آذربایجان شرقی", "آذربایجان شرقی", "در", "#7b3fb3", True, False),
    ("علی جهانگیری", "جمهوری اسلامی ایران", "عضو", "#c0392b", True, True),
    ("باکو", "آذربایجان شرقی", "همسایه", "#117a65", False, False),
    ("سه روزه", "باکو", "زمان", "#9a7d0a", True, False),
    ("وزیر صمت", "علی جهانگیری", "هم‌سفر", "#117a65", False, False),
]


def main(out: Path) -> None:
    from PySide6.QtWidgets import QApplication

    from desktop.qt.document_view import DocumentView, RelationMark, SpanMark
    from desktop.qt.fonts import load_fonts

    app = QApplication.instance() or QApplication([])
    load_fonts()
    text = sorted((ROOT / "seeds").glob("000_*.txt"))[0].read_text(encoding="utf-8")
    where = {phrase: (text.index(phrase), text.index(phrase) + len(phrase)) for phrase, _, _ in SPANS}
    marks = [SpanMark(i, *where[p], colour, label) for i, (p, label, colour) in enumerate(SPANS)]
    view = DocumentView()
    view.resize(1000, 720)
    view.set_document(text, marks)
    view.set_relations(
        [
            RelationMark(i, where[head], where[tail], colour, label, directed, chosen)
            for i, (head, tail, label, colour, directed, chosen) in enumerate(RELATIONS)
        ]
    )
    view.show()
    for _ in range(5):
        app.processEvents()
    view.viewport().repaint()
    app.processEvents()
    view.grab().save(str(out))
    print(out)


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "docs" / "relations.png")
