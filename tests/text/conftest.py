"""Text-layer test setup."""

from __future__ import annotations

import pytest


@pytest.fixture(scope="session", autouse=True)
def _hazm_loaded() -> None:
    """Load hazm once, up front: its first import takes a second and touches
    the `random` module (through `rich`), which Hypothesis rightly flags when
    it happens inside a strategy."""
    from desktop.text import normalize

    normalize("گرم")
