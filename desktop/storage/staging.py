"""Building a project file under a temporary name and moving it into place whole."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from desktop.core.errors import ProjectError


@contextmanager
def staging_file(target: Path) -> Iterator[Path]:
    """Yield a fresh path beside `target`; on success it becomes `target` (atomic
    rename; the connection must be closed by then). On failure nothing is left."""
    target = Path(target)
    try:
        fd, name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".new", dir=target.parent)
    except OSError as exc:
        raise ProjectError(f"{target}: cannot create a file there ({exc.strerror or exc})") from exc
    os.close(fd)
    temp = Path(name)
    temp.unlink()  # SQLite creates it itself
    try:
        yield temp
        if target.exists():
            raise ProjectError(f"{target}: already exists")
        os.replace(temp, target)
    finally:
        for leftover in (temp, temp.with_name(temp.name + "-wal"), temp.with_name(temp.name + "-shm")):
            leftover.unlink(missing_ok=True)
