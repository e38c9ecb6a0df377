"""storage layer."""

from desktop.core.quiet_import import import_without


def _import_sqlite_utils_without_dataframes() -> None:
    """Import sqlite-utils without the pandas and numpy it loads eagerly when installed.

    They are in any data-science environment (and in ours through the test
    extras' `datasets`) and serve sqlite-utils features we never use, yet cost
    0.45 s and 110 MB before the window can open (bench/run.py startup). They
    are hidden only while sqlite-utils loads: importing them later works as usual.
    """
    import_without("sqlite_utils", ("pandas", "numpy"))


_import_sqlite_utils_without_dataframes()
