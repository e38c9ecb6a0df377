"""Where Barchasb keeps a user's things, the recent-projects list, and what a bare
start opens: one rule, one variable (BARCHASB_HOME) that isolates it all."""

from __future__ import annotations

import json

from desktop.paths import cache_dir, config_dir, data_dir, sample_project_path, settings_path, start_project
from desktop.settings import RECENT_LIMIT, Settings


def test_barchasb_home_holds_settings_and_data(isolated_home):
    home = isolated_home / "data"
    assert config_dir() == data_dir() == home
    assert settings_path() == home / "settings.json" and sample_project_path() == home / "sample.barchasb"
    Settings().set("language", "en")
    assert json.loads((home / "settings.json").read_text(encoding="utf-8"))["language"] == "en"
    assert not (isolated_home / "config").exists()  # XDG_CONFIG_HOME is set too, and ignored


def test_without_barchasb_home_the_xdg_folders_are_used(tmp_path, monkeypatch):
    monkeypatch.delenv("BARCHASB_HOME")
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "cfg"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "share"))
    assert settings_path() == tmp_path / "cfg" / "barchasb" / "settings.json"
    assert sample_project_path() == tmp_path / "share" / "barchasb" / "sample.barchasb"
    monkeypatch.delenv("XDG_CONFIG_HOME")
    monkeypatch.delenv("XDG_DATA_HOME")
    monkeypatch.setenv("HOME", str(tmp_path / "me"))
    assert config_dir() == tmp_path / "me" / ".config" / "barchasb"
    assert data_dir() == tmp_path / "me" / ".local" / "share" / "barchasb"


def test_caches_sit_in_barchasb_home_else_in_the_xdg_cache_folder(isolated_home, tmp_path, monkeypatch):
    assert cache_dir() == isolated_home / "data" / "cache"
    monkeypatch.delenv("BARCHASB_HOME")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "caches"))
    assert cache_dir() == tmp_path / "caches" / "barchasb"
    monkeypatch.delenv("XDG_CACHE_HOME")
    monkeypatch.setenv("HOME", str(tmp_path / "me"))
    assert cache_dir() == tmp_path / "me" / ".cache" / "barchasb"


def test_recent_projects_newest_first_without_repeats_and_at_most_eight(tmp_path):
    settings = Settings()
    paths = [tmp_path / f"p{i}.barchasb" for i in range(RECENT_LIMIT + 2)]
    for path in paths:
        settings.remember_project(path)
    settings.remember_project(paths[5])
    recent = Settings().get("recent_projects")
    assert recent[0] == str(paths[5]) and len(recent) == RECENT_LIMIT == 8
    assert recent[1:4] == [str(paths[9]), str(paths[8]), str(paths[7])] and len(set(recent)) == 8
    assert Settings().get("last_project") == str(paths[5])


def test_two_windows_both_add_to_the_recent_list(tmp_path):
    one, two = Settings(), Settings()
    one.remember_project(tmp_path / "a.barchasb")
    two.remember_project(tmp_path / "b.barchasb")
    assert Settings().get("recent_projects") == [str(tmp_path / "b.barchasb"), str(tmp_path / "a.barchasb")]


def test_a_damaged_recent_list_is_ignored(isolated_home):
    path = settings_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps({"recent_projects": ["/x.barchasb", 3], "annotator": "sara"}), encoding="utf-8")
    assert Settings().get("recent_projects") == [] and Settings().get("annotator") == "sara"


def test_a_bare_start_opens_the_last_project_or_says_it_is_gone(tmp_path):
    last = tmp_path / "news.barchasb"
    last.write_bytes(b"")
    assert start_project(str(last)).path == last and start_project(str(last)).missing_last is None
    gone = start_project(str(tmp_path / "gone.barchasb"))
    assert gone.path == sample_project_path() and gone.missing_last == tmp_path / "gone.barchasb"
    assert gone.needs_building
    fresh = start_project("")
    assert fresh.path == sample_project_path() and fresh.missing_last is None
    # The sample itself deleted: rebuilt without a note about a "missing" project.
    assert start_project(str(sample_project_path())).missing_last is None
