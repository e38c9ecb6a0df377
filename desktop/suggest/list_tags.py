"""Gazetteer phrases as CRF features: which list's entry a token begins or continues.

Matching is on folded token keys, as the gazetteer suggester's (`phrases`):
`آذربایجان شرقی` matches the two tokens `آذربایجان` `شرقی`. Every match
counts, overlapping ones too (a place inside a title is a place and part of
a title), so a token may carry `B-places` and `I-titles` at once; which
label a list stands for is left to the CRF to learn. An entry with a gap
(`استاندار ...`) contributes its first literal part, the head word that
announces what follows. Single-word entries are also looked up by stem
(`ایرانی` → `ایران`), a separate feature: a demonym is not the place.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence

from desktop.suggest.phrases import phrase_segments
from desktop.suggest.word_parts import suffix


class ListTagger:
    """Finds the lists' phrases in a sentence's folded keys."""

    def __init__(self, lists: Mapping[str, Iterable[str]]) -> None:
        self._phrases: dict[tuple[str, ...], set[str]] = defaultdict(set)
        for name, entries in sorted(lists.items()):
            for entry in entries:
                segments, _ = phrase_segments(entry)
                if segments:
                    self._phrases[tuple(segments[0])].add(name)
        self._heads = {phrase[:n] for phrase in self._phrases for n in range(1, len(phrase) + 1)}
        self._longest = max((len(p) for p in self._phrases), default=0)
        self._stems: dict[str, set[str]] = {}  # key → lists by stem: asked once per token, words repeat

    def __bool__(self) -> bool:
        return bool(self._phrases)

    def tags(self, keys: Sequence[str]) -> list[set[str]]:
        """Per token, the `B-list` / `I-list` tags of every phrase covering it."""
        out: list[set[str]] = [set() for _ in keys]
        for i in range(len(keys)):
            for n in range(1, min(self._longest, len(keys) - i) + 1):
                phrase = tuple(keys[i : i + n])
                if phrase not in self._heads:
                    break
                for name in self._phrases.get(phrase, ()):
                    out[i].add(f"B-{name}")
                    for j in range(i + 1, i + n):
                        out[j].add(f"I-{name}")
        return out

    def stem_lists(self, key: str) -> set[str]:
        """The lists holding the word without its suffix (`ایرانی` → places), if any."""
        found = self._stems.get(key)
        if found is None:
            ending = suffix(key)
            found = self._stems[key] = set(self._phrases.get((key[: -len(ending)],), ())) if ending else set()
        return found
