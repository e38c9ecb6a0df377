"""Writing suggestion and gazetteer ops through to the repository.

`Workspace._apply_one` hands these ops here, so undo and redo of accepting,
rejecting, running suggesters and editing gazetteers go through the same
machinery as spans: one transaction per step, journaled, announced.
"""

from __future__ import annotations

from desktop.core.undo import AddSuggestions, EditGazetteer, Op, RemoveSuggestions, SaveGazetteer, SetSuggestionState
from desktop.storage.repository import Repository

SUGGESTION_OPS = (AddSuggestions, RemoveSuggestions, SetSuggestionState, SaveGazetteer, EditGazetteer)


def apply_suggestion_op(repo: Repository, op: Op, verb: str | None) -> Op:
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
            repo.set_suggestion_state(item.id, after, action=action(f"suggestion.{after}"))
            return op
        case SaveGazetteer(_, None):
            repo.delete_gazetteer(op.before.name)
            return op
        case SaveGazetteer(_, after):
            repo.save_gazetteer(after)
            return op
        case EditGazetteer(name, added, removed):
            repo.remove_gazetteer_entries(name, removed)
            repo.add_gazetteer_entries(name, added)
            return op
    raise TypeError(f"not a suggestion op: {op!r}")
