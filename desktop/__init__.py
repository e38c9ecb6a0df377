"""Barchasb: span annotation for right-to-left Persian text.

Importing this package must stay cheap and must never import Qt: the CLI and
the domain core run without a display.
"""

__version__ = "0.1.0"
