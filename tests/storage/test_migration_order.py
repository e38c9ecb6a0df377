"""The schema's migrations come in one order whichever module Python loads first.

Each case runs in a fresh interpreter: the bug this guards against (a schema module
imported before `migrations` registered itself early) only shows on a clean import.
"""

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
EXPECTED = [
    "0001_initial",
    "0002_review",
    "0003_suggestions",
    "0004_relations",
    "0005_assignments",
    "0006_review_relations",
    "0007_document_tokens",
    "0008_document_listing",
    "0009_document_search",
    "0010_document_token_bounds",
]

_PROBE = """
import importlib, json, sys
importlib.import_module(sys.argv[1])
from desktop.storage import migrations
print(json.dumps({"names": migrations.NAMES, "version": migrations.SCHEMA_VERSION,
                  "registered": [m.name for m in migrations.MIGRATIONS._migrations]}))
"""

FIRST_IMPORTS = [
    "desktop.storage.migrations",
    "desktop.storage.schema_initial",
    "desktop.storage.schema_review",
    "desktop.storage.schema_suggestions",
    "desktop.storage.schema_relations",
    "desktop.storage.schema_review_relations",
    "desktop.storage.schema_assignments",
    "desktop.storage.db",
    "desktop.storage.backup",
]


@pytest.mark.parametrize("module", FIRST_IMPORTS)
def test_importing_any_schema_module_first_keeps_version_and_order(module):
    done = subprocess.run(
        [sys.executable, "-c", _PROBE, module], cwd=ROOT, capture_output=True, text=True, timeout=60, check=False
    )
    assert done.returncode == 0, done.stderr
    found = json.loads(done.stdout)
    assert found == {"names": EXPECTED, "version": len(EXPECTED), "registered": EXPECTED}


def test_a_fresh_database_gets_every_migration_in_order():
    from sqlite_utils import Database

    from desktop.storage.migrations import MIGRATIONS, NAMES, SCHEMA_VERSION

    db = Database(memory=True)
    MIGRATIONS.apply(db)
    assert [m.name for m in MIGRATIONS.applied(db)] == NAMES == EXPECTED
    assert len(EXPECTED) == SCHEMA_VERSION
    assert {"spans", "gold_provenance", "suggestions"} <= set(db.table_names())
    db.close()
