"""storage layer."""

from __future__ import annotations

from types import ModuleType


def load_sqlite_utils() -> ModuleType:
    """sqlite-utils, imported without the pandas and numpy it loads eagerly when installed.

    They are in any data-science environment (and in ours through the test
    extras' `datasets`) and serve sqlite-utils features we never use, yet cost
    0.45 s and 110 MB before the window can open (bench/run.py startup). They
    are hidden only while sqlite-utils loads: importing them later works as usual.
    Opening and reading a project loads no sqlite-utils at all (plain_db.py): only
    creating or upgrading a schema does, and anything that asks for its table API.
    """
    import importlib

    from desktop.core.quiet_import import import_without

    import_without("sqlite_utils", ("pandas", "numpy"))
    return importlib.import_module("sqlite_utils")
