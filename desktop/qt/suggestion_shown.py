"""The open document's suggestions in memory, and which are shown: the pending ones the layer has
not drawn itself.

Kept up to date span by span and suggestion by suggestion (the stored ones a change hands over),
so labelling a word costs a few dictionary steps instead of a re-read of the suggestions and of
the layer's spans (docs/performance.md, window.add-span); propagation plans from them too.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping

from desktop.core.ids import stored_id
from desktop.core.model import Span
from desktop.core.suggestion import Suggestion, SuggestionState
from desktop.workspace import Changes

Key = tuple[int, int, str]  # (start, end, label)


class ShownSuggestions:
    """The suggestions of one document (any state) and the keys its layer's spans draw."""

    def __init__(self) -> None:
        self._all: dict[int, Suggestion] = {}
        self._pending: dict[int, Suggestion] = {}
        self._by_key: dict[Key, list[int]] = {}  # pending ones only: decided ones are never shown
        self._span_keys: dict[int, Key] | None = None  # span id -> its key; None: not indexed yet
        self._drawn: Counter[Key] = Counter()

    def reset(self, stored: Iterable[Suggestion], spans: Iterable[Span]) -> None:
        """Start over from the document's stored suggestions and the layer's spans in memory."""
        self._all, self._pending, self._by_key = {}, {}, {}
        self._add(stored)
        # Without pending suggestions no span can hide one: the spans are indexed only when needed.
        self._span_keys = None
        self._drawn = Counter()
        if self._pending:
            self._index(spans)

    def stored(self) -> list[Suggestion]:
        """Every suggestion of the document, in any state, as stored."""
        return list(self._all.values())

    def visible(self) -> dict[int, Suggestion]:
        """Suggestion id -> suggestion, for each pending one no span of the layer draws."""
        return {i: s for i, s in self._pending.items() if self._drawn[_key(s)] == 0}

    def shown(self, suggestion_id: int) -> Suggestion | None:
        """The suggestion if it is pending and no span of the layer draws it, else None."""
        item = self._pending.get(suggestion_id)
        return item if item is not None and self._drawn[_key(item)] == 0 else None

    def suggestions_changed(
        self, added: Iterable[Suggestion], removed: Iterable[Suggestion], spans: Iterable[Span]
    ) -> set[int]:
        """Follow suggestions stored or dropped (`spans`: the layer's, to index when first needed);
        returns the ids of those whose showing may differ."""
        added, removed = list(added), list(removed)
        for item in removed:
            suggestion_id = stored_id(item)
            if self._all.pop(suggestion_id, None) is not None and self._pending.pop(suggestion_id, None) is not None:
                ids = self._by_key[_key(item)]
                ids.remove(suggestion_id)
                if not ids:
                    del self._by_key[_key(item)]
        self._add(added)
        if self._pending and self._span_keys is None:
            self._index(spans)
        return {stored_id(s) for s in (*removed, *added)}

    def spans_changed(self, changes: Changes, spans: Mapping[int, Span]) -> set[int]:
        """Follow the layer's spans (`spans`: after the change); returns the ids of the pending
        suggestions whose showing may differ (a label drawn over one hides it, and back)."""
        if self._span_keys is None:
            return set()  # nothing pending: the spans are indexed when a suggestion comes
        touched: set[Key] = set()
        for span_id in (*changes.spans_removed, *changes.spans_updated, *changes.spans_added):
            if (old := self._span_keys.pop(span_id, None)) is not None:
                self._drawn[old] -= 1
                touched.add(old)
            if (span := spans.get(span_id)) is not None:
                self._span_keys[span_id] = new = _key(span)
                self._drawn[new] += 1
                touched.add(new)
        return {i for key in touched for i in self._by_key.get(key, ())}

    def _add(self, items: Iterable[Suggestion]) -> None:
        for item in items:
            suggestion_id = stored_id(item)
            self._all[suggestion_id] = item
            if item.state == SuggestionState.PENDING:
                self._pending[suggestion_id] = item
                self._by_key.setdefault(_key(item), []).append(suggestion_id)

    def _index(self, spans: Iterable[Span]) -> None:
        self._span_keys = {stored_id(s): _key(s) for s in spans}
        self._drawn = Counter(self._span_keys.values())


def _key(item: Span | Suggestion) -> Key:
    return (item.start, item.end, item.label)
