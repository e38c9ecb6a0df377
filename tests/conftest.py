"""Shared fixtures: isolated user folders and fresh project files."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest
from hypothesis import settings

from pgcluster import postgres_cluster, postgres_url  # noqa: F401  # the throw-away PostgreSQL server
from teamproject import team_project  # noqa: F401  # a blind team project on that server

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

# No per-example deadline: a property test judges results, never time (budgets live in bench/). Under a
# loaded CI machine an example past hypothesis's 200 ms default failed a correct test (session 12:
# test_spacy_bytes' compression blocks at 244 ms while other processes held both cores).
settings.register_profile("barchasb", deadline=None)
settings.load_profile("barchasb")

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
SHARED_DATA = ROOT.parent / "shared" / "data"


@pytest.fixture(autouse=True)
def isolated_home(tmp_path_factory, monkeypatch) -> Path:
    """Every test gets its own data folder and settings; never the user's."""
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("BARCHASB_HOME", str(home / "data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / "config"))
    monkeypatch.setenv("BARCHASB_ANNOTATOR", "tester")
    return home


@pytest.fixture(autouse=True)
def no_spacy_cache_named(monkeypatch) -> None:
    """Each test starts with no cache folder named for spaCy's kept answers (spacy_vocab.keep_in is
    process state a spaCy export sets): one test's folder, left named, gave a later test another
    spaCy version's answers it had kept there."""
    module = sys.modules.get("desktop.formats.spacy_vocab")
    if module is not None:
        monkeypatch.setattr(module, "_cache", None)


@pytest.fixture
def project_path(tmp_path) -> Path:
    return tmp_path / "project.barchasb"


@pytest.fixture
def workspace(project_path):
    from desktop.workspace import Workspace

    ws = Workspace.create(project_path)
    ws.set_annotator("sara")
    yield ws
    ws.close()


@pytest.fixture
def seeded(workspace):
    """A workspace holding the five sample documents (normalised)."""
    from desktop.workspace.imports.plain import import_files

    report = import_files(workspace, "tester", [SEEDS])
    assert report.count("imported") == 5
    return workspace
