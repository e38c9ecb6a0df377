"""Label hotkeys: which single keys a label may take, and the next free one.

A hotkey is one key pressed alone (Alt with it takes exact characters).
Digits 1–9 come first, then letters. The letters the windows already answer
alone are never a label's: Y, X, S and N in the main window (suggestions, the
note), A, R, N, P, J, K and X in review mode, where a label's hotkey works too.
Review's later keys are no letters (] and [ step relations, F2 the details), so
shipped schemes and projects keep letters such as D and L for labels and relation types.
Letters are kept upper case, since Qt's key sequences do not tell a from A;
Persian digits typed in the editor mean the same digits (Persian layouts).
"""

from __future__ import annotations

from collections.abc import Iterable

RESERVED_HOTKEYS = frozenset("YXSNARPJK")
DIGITS = "123456789"
HOTKEY_CHOICES: tuple[str, ...] = tuple(DIGITS) + tuple(
    c for c in "ABCDEFGHIJKLMNOPQRSTUVWXYZ" if c not in RESERVED_HOTKEYS
)
_PERSIAN_DIGITS = str.maketrans("۰۱۲۳۴۵۶۷۸۹٠١٢٣٤٥٦٧٨٩", "01234567890123456789")


def check_hotkey(hotkey: str) -> str:
    """'' (no hotkey) or a valid one, normalised; ValueError says what is wrong."""
    key = hotkey.strip().translate(_PERSIAN_DIGITS).upper()
    if not key or key in HOTKEY_CHOICES:
        return key
    if key in RESERVED_HOTKEYS:
        raise ValueError(f"hotkey {key!r} is taken by the window (Y, X, S, N; in review A, R, P, J, K)")
    raise ValueError(f"hotkey {hotkey.strip()!r} must be one digit 1-9 or one letter A-Z")


def next_free_hotkey(taken: Iterable[str]) -> str:
    """The first choice no label has yet ('' when all are in use)."""
    used = {key.upper() for key in taken}
    return next((key for key in HOTKEY_CHOICES if key not in used), "")
