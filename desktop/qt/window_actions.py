"""Which handler each main-window action runs: the one place actions meet code.

Every id of `ACTIONS` is bound here to a callable of the window's collaborators
(editor, find bar, suggestion layer) or commands; `ActionBindings.check` refuses
a missing or stray id, so the window cannot open with an action that does nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from desktop.core.model import Status
from desktop.qt.actions import ActionBindings

if TYPE_CHECKING:
    from desktop.qt.main_window import MainWindow
    from desktop.qt.suggestion_layer import SuggestionLayer


def _first(*handlers: Callable[[], object]) -> Callable[[], None]:
    """Run the handlers in turn until one says it took the key (returns True)."""

    def run() -> None:
        for handler in handlers:
            if handler():
                return

    return run


def _suggest_with_model(suggestions: SuggestionLayer, window: MainWindow) -> None:
    from desktop.qt.model_suggest import suggest_with_model  # a dialog: loaded when asked for, not at start-up

    suggest_with_model(suggestions, window)


def _show_sources(suggestions: SuggestionLayer, window: MainWindow) -> None:
    from desktop.qt.suggestion_sources import show_sources  # a dialog: loaded when asked for, not at start-up

    show_sources(suggestions, window)


def window_bindings(window: MainWindow) -> ActionBindings:
    """The main window's actions, bound to what they do."""
    files, commands = window.files, window.commands
    editor, find_bar, suggestions = window.editor, window.find_bar, window.suggestions
    relations = window.relations
    return ActionBindings(
        triggers={
            "new_project": files.new_project,
            "open_project": files.open_project,
            "new_server_project": files.new_server_project,
            "open_server_project": files.open_server_project,
            "import_files": files.import_files,
            "export": files.export,
            "merge": files.merge,
            "switch_annotator": files.switch_annotator,
            "quit": window.close,
            "undo": commands.undo,
            "redo": commands.redo,
            "label_all": commands.label_all,
            "edit_labels": commands.edit_labels,
            "find": find_bar.open,
            "find_next": lambda: find_bar.step(True),
            "find_previous": lambda: find_bar.step(False),
            # Relation mode takes Tab, Shift+Tab (the other end) and Esc; a chosen relation Delete and Esc.
            "next_span": _first(lambda: relations.step_tail(True), lambda: editor.step_span(True)),
            "previous_span": _first(lambda: relations.step_tail(False), lambda: editor.step_span(False)),
            "delete_span": _first(relations.delete_chosen, editor.delete_current),
            "note_span": commands.note_span,
            "start_earlier": lambda: editor.resize_current("start", -1),
            "start_later": lambda: editor.resize_current("start", +1),
            "end_later": lambda: editor.resize_current("end", +1),
            "end_earlier": lambda: editor.resize_current("end", -1),
            "clear_selection": _first(relations.cancel, commands.clear_selection),
            "span_details": window.details_panel.focus_first,
            "link_entity": window.details_panel.link_suggested,
            "new_entity": window.details_panel.new_entity,
            "entities": window.show_entities,
            "relate_span": relations.start,
            "relation_type": relations.confirm,
            "delete_relation": relations.delete_chosen,
            "reverse_relation": relations.reverse_chosen,
            "retype_relation": relations.retype_chosen,
            "previous_document": lambda: commands.step_document(-1),
            "next_document": lambda: commands.step_document(+1),
            "next_not_done": lambda: commands.step_document(+1, only_not_done=True),
            "mark_done": lambda: commands.set_status(Status.DONE),
            "reopen": lambda: commands.set_status(Status.IN_PROGRESS),
            "accept_suggestion": suggestions.accept,
            "reject_suggestion": suggestions.reject,
            "next_suggestion": lambda: suggestions.step(True),
            "previous_suggestion": lambda: suggestions.step(False),
            "accept_all_suggestions": suggestions.accept_all,
            "reject_all_suggestions": suggestions.reject_all,
            "suggest_document": lambda: suggestions.run(whole_project=False),
            "suggest_project": lambda: suggestions.run(whole_project=True),
            "train_model": suggestions.train,
            "suggest_with_model": lambda: _suggest_with_model(suggestions, window),
            "gazetteers": commands.gazetteers,
            "suggestion_sources": lambda: _show_sources(suggestions, window),
            "review_mode": commands.review_mode,
            "agreement": commands.agreement,
            "zoom_in": lambda: commands.zoom(+1),
            "zoom_out": lambda: commands.zoom(-1),
            "keyboard_shortcuts": commands.keyboard_shortcuts,
            "about": commands.about,
        },
        toggles={
            "propagate": commands.propagate,
            "next_by_uncertainty": window.active_learning.set_follows,
            "snap": commands.snap,
            "dark_theme": commands.dark_theme,
            "persian_ui": lambda _checked: window.language_change_requested.emit("fa"),
            "english_ui": lambda _checked: window.language_change_requested.emit("en"),
        },
        menus={"open_recent": files.recent_menu},
    )
