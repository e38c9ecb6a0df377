"""hazm's Normalizer, with what it must not change kept out of its reach.

hazm unifies Arabic and Persian letters, fixes ZWNJs and spacing and drops
diacritics, which is what import wants; but it also converts digits, turns
`.` and `%` into `٫` and `٪` and spaces out numbers, URLs and Latin words.
`desktop.text.protect` masks those before hazm runs and restores them
after, exactly as written (digits made Persian only with `unify_digits`).

Paragraphs go to hazm in batches of lines: each call of hazm's normalize
rebuilds two translation tables, which costs more than the work on a short
paragraph. hazm's rules are line-local apart from a space it puts after a
line-final `.` or `:`, which is stripped again. hazm loads its word lists
once (about a second), lazily, so importing this package stays cheap.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import cache
from typing import Any

from desktop.core.quiet_import import import_without
from desktop.text.protect import Masked

# hazm removes special characters after fixing spacing, which can leave a
# ZWNJ before a space or a double space behind (`می ﷺ` -> `می‌ `). Each pattern starts
# with the ZWNJ, so a search skips to the next one (three times faster than the same
# matches written with the look-behind first: `(?:(?<=[ \n])|^)\u200c+`, and
# `(?<![^\W\d_])\u200c+` below; tests/text/test_hazm_fast.py compares both). Both branches
# start with a single `\u200c` (`\u200c\u200c*`, not `\u200c+`): only then does `re` see the
# literal the matches start with and search for it at C speed (15x faster on news).
_LOOSE_ZWNJ = re.compile(r"\u200c\u200c*(?=[ \n]|$)|\u200c(?<![^ \n]\u200c)\u200c*")
# A ZWNJ only means something between two letters; hazm's `می` rule also
# puts one before digits and symbols (`می 50` -> `می‌۵۰`): make that a space.
_ZWNJ_NOT_LETTER = re.compile(r"\u200c\u200c*(?![^\W\d_])|\u200c(?<![^\W\d_]\u200c)\u200c*")
_SPACES = re.compile(r" {2,}")


# Installed in many environments (ours: the test extras) and imported by hazm's package
# only because they are there (spaCy; numpy, and through nltk scipy), none of them used
# to normalise: without them hazm is ready in 1 s instead of 3, in ~200 MB instead of ~400.
NOT_NEEDED = ("spacy", "numpy", "scipy", "pandas", "sklearn", "torch", "gensim", "fasttext", "transformers")


def import_hazm() -> None:
    """Import hazm with `NOT_NEEDED` hidden (only while it loads: importing them later works).

    hazm's package imports all its modules at once; those that would use spaCy or numpy
    stay unusable in this process, and Barchasb uses none of them.
    """
    import_without("hazm", NOT_NEEDED)


def load_hazm() -> None:
    """Load hazm's Normalizer now, not at the first line (a worker, while its first job comes)."""
    _normalizer()


@cache
def _normalizer() -> Any:  # hazm.Normalizer, imported lazily (hazm has no type hints)
    from desktop.text.hazm_tables import build_normalizer

    return build_normalizer()


_BATCH_CHARS = 32_000


def hazm_normalize_many(
    lines: list[str], *, unify_digits: bool = False, progress: Callable[[float], object] | None = None
) -> list[str]:
    """`hazm_normalize` of each line (no newlines inside), in batches; `progress`
    hears the share of the lines done after each batch (a large file takes seconds)."""
    result: list[str] = []
    batch: list[str] = []
    size = 0
    for line in [*lines, None]:
        if batch and (line is None or size + len(line) > _BATCH_CHARS):
            out = hazm_normalize("\n".join(batch), unify_digits=unify_digits).split("\n")
            if len(out) == len(batch):
                result += [o.strip(" ") for o in out]
            else:  # a line hazm emptied can merge blank lines; then go one by one
                result += [hazm_normalize(one, unify_digits=unify_digits) for one in batch]
            batch, size = [], 0
            if progress is not None:
                progress(len(result) / len(lines))
        if line is not None:
            batch.append(line)
            size += len(line)
    return result


def hazm_normalize(line: str, *, unify_digits: bool = False) -> str:
    """hazm's normalisation of one line; numbers, dates, times, phone numbers,
    URLs, e-mail addresses and Latin words come back exactly as they were
    (numbers with Persian digits when `unify_digits`), with no space added
    into or next to them."""
    masked = Masked(line, unify_digits=unify_digits)
    out = _normalizer().normalize(masked.text)
    if "\u200c" in out:
        out = _ZWNJ_NOT_LETTER.sub(" ", _LOOSE_ZWNJ.sub("", out))
    out = (_SPACES.sub(" ", out) if "  " in out else out).strip(" ")
    return masked.restore(out)
