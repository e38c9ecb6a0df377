"""The commands share desktop/commands/_common.py, and building the parser stays light."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

COMMANDS = Path(__file__).resolve().parents[2] / "desktop" / "commands"


def _imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
        elif isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
    return found


def test_no_command_imports_the_entry_point_that_loads_it():
    offenders = [p.name for p in sorted(COMMANDS.glob("*.py")) if "desktop.cli" in _imported_modules(p)]
    assert offenders == []


def test_building_the_parser_loads_no_storage_and_no_sqlite():
    code = (
        "import sys; from desktop.cli import build_parser; build_parser();"
        "print(sorted(m for m in sys.modules if m.startswith(('sqlite', '_sqlite', 'desktop.storage',"
        " 'desktop.workspace'))))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_the_backup_commands_default_keep_is_storages():
    from desktop.commands.backup import KEEP
    from desktop.storage.backup import KEEP as STORAGE_KEEP

    assert KEEP == STORAGE_KEEP
