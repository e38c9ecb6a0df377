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
from typing import Generic, TypeVar

V = TypeVar("V")


def content_key(text: str) -> tuple[int, bytes]:
    """Identity of a text's content: length and a 128-bit digest."""
    return len(text), blake2b(text.encode("utf-8", "surrogatepass"), digest_size=16).digest()


class ContentCache(Generic[V]):
    """Computes `factory(text)` once per distinct content, keeps `size` results."""

    def __init__(self, factory: Callable[[str], V], size: int = 64) -> None:
        self._factory = factory
        self._size = size
        self._items: OrderedDict[tuple[int, bytes], V] = OrderedDict()
        self._lock = Lock()  # the editor and a background search may share it

    def get(self, text: str) -> V:
        key = content_key(text)
        with self._lock:
            if key in self._items:
                self._items.move_to_end(key)
                return self._items[key]
        value = self._factory(text)
        with self._lock:
            self._items[key] = value
            while len(self._items) > self._size:
                self._items.popitem(last=False)
        return value

    def clear(self) -> None:
        with self._lock:
            self._items.clear()

    def __len__(self) -> int:
        return len(self._items)
