"""The schema: suggestions beside spans, never among them."""

import sqlite3

import pytest

from desktop.core.errors import ConflictError
from desktop.core.suggestion import Gazetteer, Suggestion, SuggestionState
from desktop.storage.migrations import MIGRATIONS, NAMES


def test_migration_0003_adds_the_tables(workspace):
    assert "0003_suggestions" in NAMES
    applied = [m.name for m in MIGRATIONS.applied(workspace.repo.db)]
    assert "0003_suggestions" in applied
    assert {"suggestions", "gazetteers", "gazetteer_entries", "suggester_models"} <= set(
        workspace.repo.db.table_names()
    )


def test_a_key_is_stored_once_per_layer(workspace, news):
    repo, me = workspace.repo, workspace.annotator.id
    item = Suggestion(news, me, 0, 8, "title", "gazetteer:titles", 0.8)
    with repo.action("sara"):
        (stored,) = repo.insert_suggestions([item])
        with pytest.raises(ConflictError):
            repo.insert_suggestions([Suggestion(news, me, 0, 8, "title", "crf", 0.3)])
    assert repo.suggestion(stored.id).state == SuggestionState.PENDING
    assert repo.span_count() == 0  # suggestions are not spans


def test_values_are_checked_before_and_by_the_database(workspace, news):
    with pytest.raises(ValueError):
        Suggestion(news, 1, 0, 8, "title", "magic", 0.5)
    with pytest.raises(ValueError):
        Suggestion(news, 1, 0, 8, "title", "crf", 1.5)
    with pytest.raises(sqlite3.IntegrityError), workspace.repo.action("sara"):
        workspace.repo.db.execute("UPDATE suggestions SET state = 'maybe'")
        workspace.repo.db.execute(
            'INSERT INTO suggestions (document_id, annotator_id, start, "end", label, source,'
            " state, created_at, updated_at) VALUES (?, 1, 0, 3, 'title', 'crf', 'maybe', '', '')",
            [news],
        )


def test_decisions_are_journaled(workspace, news):
    repo = workspace.repo
    with repo.action("sara"):
        (stored,) = repo.insert_suggestions([Suggestion(news, 1, 0, 8, "title", "crf", 0.5)])
        repo.set_suggestion_state(stored.id, SuggestionState.REJECTED)
    rows = repo.history(entity="suggestion", entity_id=stored.id)
    assert rows[0]["action"] == "suggestion.rejected"
    assert (rows[0]["before"]["state"], rows[0]["after"]["state"]) == ("pending", "rejected")
    assert repo.history(entity="suggestions")[0]["after"]["added"] == 1


def test_gazetteers_need_a_known_label(workspace):
    with pytest.raises(ConflictError), workspace.repo.action("sara"):
        workspace.repo.save_gazetteer(Gazetteer("mine", "no-such-label"))
