"""Which of the open document's pending suggestions are shown: those the layer has not drawn itself.

Kept up to date span by span, so labelling a word costs a few dictionary steps instead of a
re-read of the suggestions and of the layer's spans (docs/performance.md, window.add-span).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping

from desktop.core.ids import stored_id
from desktop.core.model import Span
from desktop.core.suggestion import Suggestion
from desktop.workspace import Changes

Key = tuple[int, int, str]  # (start, end, label)


class ShownSuggestions:
    """The pending suggestions of one document and the keys its layer's spans draw."""

    def __init__(self) -> None:
        self._pending: dict[int, Suggestion] = {}
        self._by_key: dict[Key, list[int]] = {}
        self._span_keys: dict[int, Key] = {}  # span id -> its key, to know what a removed span drew
        self._drawn: Counter[Key] = Counter()

    def reset(self, pending: Iterable[Suggestion], spans: Iterable[Span]) -> None:
        """Start over from the stored pending suggestions and the layer's spans in memory."""
        self._pending = {stored_id(s): s for s in pending}
        self._by_key = {}
        for suggestion_id, suggestion in self._pending.items():
            self._by_key.setdefault(_key(suggestion), []).append(suggestion_id)
        # Without suggestions no span can hide one: the spans are indexed only when needed.
        self._span_keys = {stored_id(s): _key(s) for s in spans} if self._pending else {}
        self._drawn = Counter(self._span_keys.values())

    def visible(self) -> dict[int, Suggestion]:
        """Suggestion id -> suggestion, for each pending one no span of the layer draws."""
        return {i: s for i, s in self._pending.items() if self._drawn[_key(s)] == 0}

    def spans_changed(self, changes: Changes, spans: Mapping[int, Span]) -> bool:
        """Follow the layer's spans (`spans`: after the change); True when what is shown may differ."""
        if not self._pending:
            return False
        touched: set[Key] = set()
        for span_id in (*changes.spans_removed, *changes.spans_updated, *changes.spans_added):
            if (old := self._span_keys.pop(span_id, None)) is not None:
                self._drawn[old] -= 1
                touched.add(old)
            if (span := spans.get(span_id)) is not None:
                self._span_keys[span_id] = new = _key(span)
                self._drawn[new] += 1
                touched.add(new)
        return any(key in self._by_key for key in touched)


def _key(item: Span | Suggestion) -> Key:
    return (item.start, item.end, item.label)
