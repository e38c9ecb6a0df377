"""Output files that appear whole or not at all.

Each file is written to a hidden temporary file in its target folder (the
same file system, so the final rename is atomic) and renamed over the target
only when every file of the export is complete. An error, a cancel or a kill
leaves the old targets untouched; the first two also remove the temporaries.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from types import TracebackType
from typing import BinaryIO

from desktop.core.errors import BarchasbError

# mkstemp makes private (0600) files; an export should get the mode any new
# file would. The umask can only be read by setting it, so once, at import.
_UMASK = os.umask(0o022)
os.umask(_UMASK)


class AtomicFiles:
    """A set of output files committed together (use as a context manager)."""

    def __init__(self, create_folders: bool = True) -> None:
        self._files: list[tuple[BinaryIO, str, Path]] = []
        self._create_folders = create_folders  # False: a missing folder is an error
        self._modes: dict[str, int] = {}  # each temporary's mode once committed

    def open(self, target: Path) -> BinaryIO:
        target = Path(target)
        if not self._create_folders and not target.parent.is_dir():
            raise BarchasbError(f"{target.parent}: the folder does not exist; nothing written")
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            fd, temp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".part", dir=target.parent)
        except OSError as exc:
            raise BarchasbError(f"{target}: cannot write there ({exc.strerror or exc})") from exc
        # A replaced file keeps its mode, a new one gets the usual; set at the commit: until then the
        # temporary stays writable by its owner (export workers open it: placed.py), even for a read-only target.
        self._modes[temp] = target.stat().st_mode & 0o777 if target.is_file() else 0o666 & ~_UMASK
        handle = os.fdopen(fd, "w+b", buffering=1024 * 1024)
        self._files.append((handle, temp, target))
        return handle

    def temporary(self, handle: BinaryIO) -> str:
        """The path of the temporary file `handle` (from `open`) writes: export workers open it
        to write their documents' bytes in place (desktop/workspace/export/placed.py)."""
        return next(temp for own, temp, _ in self._files if own is handle)

    @property
    def targets(self) -> list[Path]:
        return [target for _, _, target in self._files]

    def commit(self) -> list[Path]:
        """Flush, sync and rename every file into place; returns the targets.
        If any file cannot be completed (a full disk), none is renamed and the
        temporaries are removed."""
        try:
            for handle, temp, _ in self._files:
                handle.flush()
                os.fsync(handle.fileno())
                handle.close()
                os.chmod(temp, self._modes[temp])
        except BaseException:
            self.abort()
            raise
        for _, temp, target in self._files:
            os.replace(temp, target)
        targets = [target for _, _, target in self._files]
        self._files = []
        return targets

    def abort(self) -> None:
        """Remove every temporary, even those whose buffer can no longer be flushed."""
        for handle, temp, _ in self._files:
            try:
                handle.close()
            except OSError:
                pass  # e.g. disk full: the buffered bytes go with the temporary anyway
            if os.path.exists(temp):
                os.unlink(temp)
        self._files = []

    def __enter__(self) -> AtomicFiles:
        return self

    def __exit__(self, kind: type | None, value: BaseException | None, tb: TracebackType | None) -> None:
        if kind is not None:
            self.abort()
        elif self._files:
            self.commit()
