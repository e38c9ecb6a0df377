"""storage layer."""

import sys


def _import_sqlite_utils_without_dataframes() -> None:
    """Import sqlite-utils without the pandas and numpy it loads eagerly when installed.

    They are in any data-science environment (and in ours through the test
    extras' `datasets`) and serve sqlite-utils features we never use, yet cost
    0.45 s and 110 MB before the window can open (bench/run.py startup). They
    are hidden only while sqlite-utils loads: importing them later works as usual.
    """
    if "sqlite_utils" in sys.modules:
        return
    hidden = [name for name in ("pandas", "numpy") if name not in sys.modules]
    for name in hidden:
        sys.modules[name] = None  # type: ignore[assignment]  # `import name` raises ImportError
    try:
        import sqlite_utils  # noqa: F401
    finally:
        for name in hidden:
            if sys.modules.get(name, 0) is None:
                del sys.modules[name]


_import_sqlite_utils_without_dataframes()
