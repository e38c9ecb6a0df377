"""Every window action, declared once: id, text, shortcuts, menu.

The window turns this table into QActions in one place and binds each to the
handler its `ActionBindings` names for the id (built once, in `window_actions.py`):
no handler is found by name, and a missing one stops the window from opening.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from PySide6.QtGui import QAction
    from PySide6.QtWidgets import QMenu


@dataclass(frozen=True, slots=True)
class ActionSpec:
    id: str
    text: str
    shortcuts: tuple[str, ...] = ()
    menu: str = ""
    checkable: bool = False
    in_text: bool = False  # answers only while the text has focus (Tab must still move focus elsewhere)
    submenu: bool = False  # opens a menu (made by its binding) instead of running a handler


@dataclass(frozen=True)
class ActionBindings:
    """What each action runs, by id: `triggers` for plain actions, `toggles` (given the
    new checked state) for checkable ones, `menus` (make the menu) for submenus."""

    triggers: Mapping[str, Callable[[], object]] = field(default_factory=dict)
    toggles: Mapping[str, Callable[[bool], object]] = field(default_factory=dict)
    menus: Mapping[str, Callable[[], QMenu]] = field(default_factory=dict)

    def check(self, specs: Iterable[ActionSpec]) -> None:
        """Every action bound once, by its kind, and nothing else bound."""
        specs = tuple(specs)
        expected = (
            ("menus", self.menus, {s.id for s in specs if s.submenu}),
            ("toggles", self.toggles, {s.id for s in specs if s.checkable and not s.submenu}),
            ("triggers", self.triggers, {s.id for s in specs if not s.checkable and not s.submenu}),
        )
        for kind, handlers, ids in expected:
            bound = set(handlers)
            if bound != ids:
                raise ValueError(f"action {kind}: unbound {sorted(ids - bound)}, unknown {sorted(bound - ids)}")

    def connect(self, action: QAction, spec: ActionSpec) -> None:
        """Make `action` run what `spec.id` is bound to."""
        if spec.submenu:
            action.setMenu(self.menus[spec.id]())
        elif spec.checkable:
            action.triggered.connect(self.toggles[spec.id])
        else:  # the handler takes no argument: never hand it `checked`
            run = self.triggers[spec.id]
            action.triggered.connect(lambda _checked=False: run())


ACTIONS: tuple[ActionSpec, ...] = (
    ActionSpec("new_project", "New project…", ("Ctrl+N",), "File"),
    ActionSpec("open_project", "Open project…", ("Ctrl+O",), "File"),
    ActionSpec("new_server_project", "New server project…", (), "File"),
    ActionSpec("open_server_project", "Open server project…", (), "File"),
    ActionSpec("open_recent", "Open recent", (), "File", submenu=True),
    ActionSpec("import_files", "Import…", ("Ctrl+I",), "File"),
    ActionSpec("export", "Export…", ("Ctrl+E",), "File"),
    ActionSpec("merge", "Merge projects…", (), "File"),
    ActionSpec("switch_annotator", "Switch annotator…", (), "File"),
    ActionSpec("quit", "Quit", ("Ctrl+Q",), "File"),
    ActionSpec("undo", "Undo", ("Ctrl+Z",), "Edit"),
    ActionSpec("redo", "Redo", ("Ctrl+Shift+Z", "Ctrl+Y"), "Edit"),
    ActionSpec("label_all", "Label all occurrences…", ("Ctrl+L",), "Edit"),
    ActionSpec("edit_labels", "Labels…", ("Ctrl+Shift+L",), "Edit"),
    ActionSpec("find", "Find…", ("Ctrl+F",), "Edit"),
    ActionSpec("find_next", "Find next", ("F3",), "Edit"),
    ActionSpec("find_previous", "Find previous", ("Shift+F3",), "Edit"),
    ActionSpec("next_span", "Next span", ("Tab",), "Span", in_text=True),
    ActionSpec("previous_span", "Previous span", ("Shift+Tab",), "Span", in_text=True),
    ActionSpec("delete_span", "Delete span", ("Delete", "Backspace"), "Span"),
    ActionSpec("note_span", "Note…", ("N",), "Span"),
    ActionSpec("start_earlier", "Extend start by a token", ("Alt+Shift+Right",), "Span"),
    ActionSpec("start_later", "Shrink start by a token", ("Alt+Shift+Left",), "Span"),
    ActionSpec("end_later", "Extend end by a token", ("Alt+Left",), "Span"),
    ActionSpec("end_earlier", "Shrink end by a token", ("Alt+Right",), "Span"),
    ActionSpec("clear_selection", "Clear selection", ("Escape",), "Span"),
    ActionSpec("span_details", "Edit the span's details", ("A",), "Span"),
    ActionSpec("link_entity", "Link the suggested entity", ("K",), "Span"),
    ActionSpec("new_entity", "New entity from the span", ("Shift+K",), "Span"),
    ActionSpec("relate_span", "Relate the chosen span…", ("R",), "Relations"),
    ActionSpec("relation_type", "Choose the relation type", ("Return", "Enter"), "Relations", in_text=True),
    ActionSpec("delete_relation", "Delete the chosen relation", (), "Relations"),
    ActionSpec("reverse_relation", "Reverse the chosen relation", ("Shift+R",), "Relations"),
    ActionSpec("retype_relation", "Change the chosen relation's type…", ("Alt+R",), "Relations"),
    ActionSpec("entities", "Entities", ("Ctrl+Shift+E",), "Relations"),
    ActionSpec("previous_document", "Previous document", ("Ctrl+PgUp",), "Document"),
    ActionSpec("next_document", "Next document", ("Ctrl+PgDown",), "Document"),
    ActionSpec("next_not_done", "Next document not done", ("Ctrl+Shift+PgDown",), "Document"),
    ActionSpec("next_by_uncertainty", "Next by uncertainty", (), "Document", checkable=True),
    ActionSpec("mark_done", "Mark done", ("Ctrl+Return",), "Document"),
    ActionSpec("reopen", "Reopen", ("Ctrl+Shift+Return",), "Document"),
    ActionSpec("accept_suggestion", "Accept suggestion", ("Y",), "Suggestions"),
    ActionSpec("reject_suggestion", "Reject suggestion", ("X",), "Suggestions"),
    ActionSpec("next_suggestion", "Next suggestion", ("S",), "Suggestions"),
    ActionSpec("previous_suggestion", "Previous suggestion", ("Shift+S",), "Suggestions"),
    ActionSpec("accept_all_suggestions", "Accept all suggestions here", ("Ctrl+Shift+Y",), "Suggestions"),
    ActionSpec("reject_all_suggestions", "Reject all suggestions here", ("Ctrl+Shift+X",), "Suggestions"),
    ActionSpec("suggest_document", "Suggest for this document", ("Ctrl+Shift+S",), "Suggestions"),
    ActionSpec("suggest_project", "Suggest for all documents", (), "Suggestions"),
    ActionSpec("train_model", "Train the model", (), "Suggestions"),
    ActionSpec("suggest_with_model", "Suggest with a local model…", (), "Suggestions"),
    ActionSpec("gazetteers", "Gazetteers…", (), "Suggestions"),
    ActionSpec("suggestion_sources", "Sources and their precision…", ("Ctrl+Shift+T",), "Suggestions"),
    ActionSpec("propagate", "Suggest a new label elsewhere", (), "Suggestions", checkable=True),
    ActionSpec("review_mode", "Review mode…", ("Ctrl+R",), "Review"),
    ActionSpec("agreement", "Agreement…", ("Ctrl+Shift+G",), "Review"),
    ActionSpec("zoom_in", "Zoom in", ("Ctrl++", "Ctrl+="), "View"),
    ActionSpec("zoom_out", "Zoom out", ("Ctrl+-",), "View"),
    ActionSpec("snap", "Snap selections to words", (), "View", checkable=True),
    ActionSpec("dark_theme", "Dark theme", (), "View", checkable=True),
    ActionSpec("persian_ui", "فارسی", (), "View", checkable=True),
    ActionSpec("english_ui", "English", (), "View", checkable=True),
    ActionSpec("keyboard_shortcuts", "Keyboard shortcuts", ("F1",), "Help"),
    ActionSpec("about", "About Barchasb", (), "Help"),
)

MENUS = ("File", "Edit", "Span", "Relations", "Document", "Suggestions", "Review", "View", "Help")


def label_shortcuts(hotkey: str) -> list[str]:
    """A label's hotkey as shortcuts: a digit also answers on a Persian keyboard
    layout (۱ for 1), in the main window and in review mode alike."""
    if not hotkey:
        return []
    persian = hotkey.translate(str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹"))
    return [hotkey] if persian == hotkey else [hotkey, persian]
