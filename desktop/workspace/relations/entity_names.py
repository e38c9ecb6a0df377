"""Proposing entities for a mention: the registry's names folded once, looked up many times.

Names compare Persian-folded (desktop.text.folding: Arabic and Persian letter forms,
digits, ZWNJ and spacing do not matter). An entity is proposed when one of its
names *is* the mention (first), or contains the mention's words in a row. Folding
is the cost (2,000 entities' names took 0.45 s at every span chosen), so a
`NameIndex` folds each name once and keeps it until the registry changes.
"""

from __future__ import annotations

from functools import lru_cache

from desktop.core.relations import Entity
from desktop.text.folding import fold


@lru_cache(maxsize=200_000)
def name_key(name: str) -> str:
    """A name as suggestions compare it: folded, without spaces or ZWNJ."""
    return "".join(fold(name).text.replace("\u200c", " ").split())


@lru_cache(maxsize=200_000)
def name_words(text: str) -> tuple[str, ...]:
    """A name's folded words (ZWNJ splits words too)."""
    return tuple(fold(text).text.replace("\u200c", " ").split())


class NameIndex:
    """The registry's names, folded, by whole name and by word."""

    def __init__(self, entities: list[Entity]) -> None:
        self.entities = entities
        self._by_key: dict[str, set[int]] = {}
        self._by_word: dict[str, set[int]] = {}
        self._words: list[list[tuple[str, ...]]] = []
        for n, entity in enumerate(entities):
            self._words.append([name_words(name) for name in entity.names])
            for name in entity.names:
                self._by_key.setdefault(name_key(name), set()).add(n)
            for word in {w for words in self._words[n] for w in words}:
                self._by_word.setdefault(word, set()).add(n)

    def propose(self, mention: str, label: str) -> list[Entity]:
        """Entities named the mention, then those whose name holds its words in a row;
        each group with the mention's label (entity type) first, in registry order."""
        exact = self._by_key.get(name_key(mention), set())
        words = name_words(mention)
        candidates = set(self._by_word.get(words[0], set())) - exact if words else set()
        partial = {n for n in candidates if any(_contains(w, words) for w in self._words[n])}
        return self._ordered(exact, label) + self._ordered(partial, label)

    def _ordered(self, found: set[int], label: str) -> list[Entity]:
        return [self.entities[n] for n in sorted(found, key=lambda n: (self.entities[n].type != label, n))]


def _contains(words: tuple[str, ...], part: tuple[str, ...]) -> bool:
    n = len(part)
    return any(words[i : i + n] == part for i in range(len(words) - n + 1))
