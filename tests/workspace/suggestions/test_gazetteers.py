"""Gazetteers in a project: shipped lists on first use, edits as undoable steps."""

import pytest

from desktop.core.errors import ConflictError, NotFound
from desktop.suggest.gazetteers import read_gazetteer, shipped_gazetteers
from desktop.workspace.suggestions.gazetteers import Gazetteers


def test_the_shipped_lists_parse_and_map_to_scheme_labels(workspace):
    lists = {g.name: (g, entries) for g, entries in shipped_gazetteers()}
    assert {"titles", "organisations", "places", "officials"} <= set(lists)
    labels = set(workspace.labels())
    for gazetteer, entries in lists.values():
        assert gazetteer.label in labels and len(entries) >= 20


def test_a_project_gets_the_lists_once(workspace):
    lists = Gazetteers(workspace)
    names = {g.name: g for g in lists.gazetteers()}
    assert names["places"].label == "place" and names["places"].size > 100
    assert "باکو" in lists.entries("places")
    lists.delete("officials")
    assert "officials" not in {g.name for g in Gazetteers(workspace).gazetteers()}  # not re-seeded


def test_editing_entries_is_undoable_and_announced(workspace):
    lists = Gazetteers(workspace)
    changes = lists.add_entries("places", ["  شوشا  ", "لاچین", "باکو"])
    assert changes.gazetteers_changed and not changes.suggestions_changed
    assert {"شوشا", "لاچین"} <= set(lists.entries("places"))
    assert lists.add_entries("places", ["باکو"]).description == ""  # nothing new, no step
    lists.remove_entries("places", ["باکو"])
    assert "باکو" not in lists.entries("places")
    workspace.undo()
    assert "باکو" in lists.entries("places")


def test_create_relabel_delete_and_undo(workspace):
    lists = Gazetteers(workspace)
    lists.create("events", "event", "named events", ["نمایشگاه صنعت باکو", "اکسپو"])
    lists.update("events", label="agreement")
    assert workspace.repo.gazetteer("events").label == "agreement"
    lists.delete("events")
    assert not workspace.repo.has_gazetteer("events")
    workspace.undo()
    assert workspace.repo.gazetteer("events").label == "agreement"
    assert lists.entries("events") == ["اکسپو", "نمایشگاه صنعت باکو"]
    with pytest.raises(ConflictError):
        lists.create("events", "event")
    with pytest.raises(NotFound):
        lists.create("other", "no-such-label")


def test_files_round_trip(workspace, tmp_path):
    lists = Gazetteers(workspace)
    path = tmp_path / "cities.txt"
    path.write_text("# label: place\n# description: more cities\n\nگنجه\n# a comment\nشوشا\n", encoding="utf-8")
    lists.import_file(path)
    assert lists.entries("cities") == ["شوشا", "گنجه"]
    out = tmp_path / "out.txt"
    lists.export_file("cities", out)
    gazetteer, entries = read_gazetteer(out)
    assert (gazetteer.name, gazetteer.label, gazetteer.description) == ("cities", "place", "more cities")
    assert entries == ["شوشا", "گنجه"]


def test_a_project_without_the_label_skips_that_list(project_path):
    from desktop.core.model import Label
    from desktop.workspace import Workspace

    ws = Workspace.create(project_path, [Label("place", "مکان", "Place", "#27ae60")])
    ws.set_annotator("sara")
    assert [g.name for g in Gazetteers(ws).gazetteers()] == ["places"]
    ws.close()
