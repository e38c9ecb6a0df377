"""hazm's Normalizer, built once per machine and translating at C speed.

Building a Normalizer reads hazm's word and verb lists (~2 s of CPU); a pickle
of the built object loads in a third of that. The pickle lives in a folder
the caller names (`use_cache_folder`: the text layer knows no user folders),
keyed by hazm's and Python's versions, written atomically; a missing, stale or
unreadable one is simply built again, and the pickles of older keys are deleted then.

`str.translate` with a dict raises and catches a LookupError inside C for
every character the table lacks, i.e. nearly every Persian letter: `dense`
gives the same translation as a list over the Basic Multilingual Plane, which
answers every lookup there (about 5x faster; characters beyond it stay as
they are, as with the dict). hazm builds its tables with `maketrans` at each
call, so that name in `hazm.normalizer` is swapped for a cached dense one. Its `normalize`
is replaced on the instance by the same passes without the work that cannot change a text,
and the verbs no look-up can find are left out of the pickle (`desktop.text.hazm_fast`).
"""

from __future__ import annotations

import os
import pickle
import re
import sys
import tempfile
from functools import cache
from importlib import metadata
from pathlib import Path
from typing import Any

_BMP = 0x10000
_LETTERS = "آابپتثجچحخدذرزژسشصضطظعغفقکگلمنوهی"  # hazm's repeated_chars_pattern class
_folder: list[Path] = []  # where the pickle goes, once a caller has said
_STALE = "hazm-*-py*-normalizer.pickle"  # every name `_pickle_path` gave, this one and older layouts


def use_cache_folder(folder: Path) -> None:
    """Keep (and look for) the built Normalizer in `folder` from now on."""
    _folder[:] = [Path(folder)]


def dense(table: dict[int, Any]) -> list[Any] | dict[int, Any]:
    """A table `str.translate` reads as it reads `table`, without a LookupError per miss."""
    if any(key >= _BMP for key in table):
        return table
    return [table.get(code, code) for code in range(_BMP)]


def build_normalizer() -> Any:  # hazm.Normalizer (hazm has no type hints)
    """hazm's default Normalizer: from the cache folder's pickle when there is a good one."""
    from desktop.text.hazm_bridge import import_hazm  # (hazm_bridge uses this module)
    from desktop.text.hazm_fast import install, trim

    import_hazm()
    import hazm.normalizer

    hazm.normalizer.maketrans = _dense_maketrans  # same tables, see the module docstring
    path = _pickle_path()
    loaded = _load(path) if path else None
    if isinstance(loaded, hazm.normalizer.Normalizer):
        return install(_quick_repeats(loaded))
    normalizer = trim(hazm.normalizer.Normalizer())
    if path:
        _save(normalizer, path)
    return install(_quick_repeats(normalizer))  # after saving: the pickle keeps hazm's own methods


def _quick_repeats(normalizer: Any) -> Any:
    """`decrease_repeated_chars` only where a letter comes three times in a row.

    Its pattern (`[L]*([L])\\1{2,}[L]*`) tries every letter of every word and backtracks
    (7% of the normalisation); without three equal letters in a row it finds nothing and
    returns the text as it is, which a linear `([L])\\1\\1` search tells first. Only for the
    pattern this was checked against (hazm 0.12); another version keeps its own method.
    """
    pattern = getattr(normalizer, "repeated_chars_pattern", None)
    letters = f"[{_LETTERS}]"
    if pattern is None or pattern.pattern != f"{letters}*({letters})\\1{{2,}}{letters}*":
        return normalizer
    three = re.compile(f"({letters})\\1\\1")
    decrease = normalizer.decrease_repeated_chars

    def quick(text: str) -> str:
        return decrease(text) if three.search(text) else text

    normalizer.decrease_repeated_chars = quick  # on the instance: the pickle keeps hazm's own
    return normalizer


@cache
def _dense_maketrans(a: str, b: str) -> list[Any] | dict[int, Any]:
    from hazm.utils import maketrans  # the original: only hazm.normalizer's name is swapped

    return dense(maketrans(a, b))


def _pickle_path() -> Path | None:
    if not _folder:
        return None
    try:
        version = metadata.version("hazm")
    except metadata.PackageNotFoundError:
        return None
    python = "".join(map(str, sys.version_info[:2]))
    return _folder[0] / f"hazm-{version}-py{python}-trimmed2-normalizer.pickle"  # (`trim`)


def _load(path: Path) -> Any:
    try:
        with open(path, "rb") as f:
            return pickle.load(f)
    except FileNotFoundError:
        return None
    except Exception:  # noqa: BLE001  # damaged or from another layout: build it again
        return None


def _save(normalizer: Any, path: Path) -> None:
    """Written to a temporary file and renamed: a reader never sees half a pickle."""
    temporary = None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=path.name, suffix=".tmp")
        with os.fdopen(handle, "wb") as f:
            pickle.dump(normalizer, f, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(temporary, path)
    except OSError:  # a read-only or full disk: the next process builds it again
        if temporary is not None:
            Path(temporary).unlink(missing_ok=True)
        return
    _forget_stale(path)


def _forget_stale(path: Path) -> None:
    """Delete the pickles an older key left beside `path` (another hazm or Python version, an
    older layout: each ~5 MB, never read again). Only files named as this module names them;
    one that cannot be deleted stays (the import goes on)."""
    for old in path.parent.glob(_STALE):
        if old.name != path.name:
            try:
                old.unlink(missing_ok=True)
            except OSError:
                pass
