"""A small least-recently-used cache keyed by the content of a text.

Keys are a BLAKE2 digest plus the length, not the text itself: a project
search folds thousands of documents and the cache should not keep a second
reference to every one of them just to compare keys.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable
from hashlib import blake2b
from threading import Lock


def content_key(text: str) -> tuple[int, bytes]:
    """Identity of a text's content: length and a 128-bit digest."""
    return len(text), blake2b(text.encode("utf-8", "surrogatepass"), digest_size=16).digest()


class ContentCache[V]:
    """Computes `factory(text)` once per distinct content.

    Keeps at most `size` results and, when `max_chars` is given, results for
    at most that many characters of text in total.
    """

    def __init__(self, factory: Callable[[str], V], size: int = 64, max_chars: int | None = None) -> None:
        self._factory = factory
        self._size = size
        self._max_chars = max_chars
        self._chars = 0
        self._items: OrderedDict[tuple[int, bytes], V] = OrderedDict()
        self._lock = Lock()  # the editor and a background search may share it
        # The same text object asked again (a window's open document, at each propagation): its
        # key without hashing it again (2-3 ms for 1 MB). A str never changes: same object, same key.
        self._last: tuple[str, tuple[int, bytes]] | None = None

    def get(self, text: str) -> V:
        last = self._last
        key = last[1] if last is not None and last[0] is text else content_key(text)
        self._last = (text, key)
        with self._lock:
            if key in self._items:
                self._items.move_to_end(key)
                return self._items[key]
        value = self._factory(text)
        with self._lock:
            if key not in self._items:
                self._chars += key[0]
            self._items[key] = value
            while len(self._items) > 1 and self._over_budget():
                (length, _), _ = self._items.popitem(last=False)
                self._chars -= length
        return value

    def _over_budget(self) -> bool:
        too_many_chars = self._max_chars is not None and self._chars > self._max_chars
        return len(self._items) > self._size or too_many_chars

    def clear(self) -> None:
        with self._lock:
            self._items.clear()
            self._chars = 0

    def __len__(self) -> int:
        return len(self._items)
