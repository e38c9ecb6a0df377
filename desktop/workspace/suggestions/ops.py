"""Writing suggestion and gazetteer ops through to the repository.

`Workspace._apply_one` hands these ops here, so undo and redo of accepting,
rejecting, running suggesters and editing gazetteers go through the same
machinery as spans: one transaction per step, journaled, announced.
"""

from __future__ import annotations

from desktop.core.ids import stored_id
from desktop.core.suggestion import Gazetteer
from desktop.core.undo import AddSuggestions, EditGazetteer, Op, RemoveSuggestions, SaveGazetteer, SetSuggestionState
from desktop.storage.contract import ProjectStore

SUGGESTION_OPS = (AddSuggestions, RemoveSuggestions, SetSuggestionState, SaveGazetteer, EditGazetteer)


def apply_suggestion_op(repo: ProjectStore, op: Op, verb: str | None) -> Op:
    """Write one op (inside the caller's action); returns it as stored (with ids)."""

    def action(base: str) -> str:
        return f"{verb}.{base}" if verb else base

    match op:
        case AddSuggestions(items):
            return AddSuggestions(tuple(repo.insert_suggestions(items, action=action("suggestions.add"))))
        case RemoveSuggestions(items):
            repo.delete_suggestions(items, action=action("suggestions.remove"))
            return op
        case SetSuggestionState(item, _, after):
            repo.set_suggestion_state(stored_id(item), after, action=action(f"suggestion.{after}"))
            return op
        case SaveGazetteer(before, None):
            assert before is not None  # a removal names the list it removes
            repo.delete_gazetteer(before.name)
            return op
        case SaveGazetteer(_, Gazetteer() as after):
            repo.save_gazetteer(after)
            return op
        case EditGazetteer(name, added, removed):
            repo.remove_gazetteer_entries(name, removed)
            repo.add_gazetteer_entries(name, added)
            return op
    raise TypeError(f"not a suggestion op: {op!r}")
