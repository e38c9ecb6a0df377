"""What the analyst was in the middle of, carried into the window a language switch rebuilds.

Switching the interface language builds a new main window over the same workspace
(every text is made again in the new language). The shown document is opened in it;
this brings the rest of the moment along: the chosen span, the chosen relation, and
relation mode with its head and tail candidate, so R, Tab, Enter go on where they were.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from desktop.qt.main_window import MainWindow


def carry_over(old: MainWindow, new: MainWindow) -> None:
    """Choose in `new` what was chosen in `old` (the same document shown in both)."""
    if old.editor.document_id is None or old.editor.document_id != new.editor.document_id:
        return
    span, relations = old.editor.current, old.relations
    if span is not None:
        new.editor.select_span(span)
    if relations.head is not None:
        new.relations.resume(relations.head, relations.tail)
    elif relations.chosen is not None:
        new.relations.choose(relations.chosen)
