"""Hugging Face token classification: `{"tokens": [...], "ner_tags": [...]}` per line.

One record per sentence (or per document), tags as BIO/BIOES strings, so
`datasets.load_dataset("json", data_files=...)` reads the file as it is.
The label list (the tag names in a fixed order, for a `ClassLabel`) goes to
a sidecar `*.labels.json` written by the export use case.
"""

from __future__ import annotations

import re

from desktop.formats.jsonio import dumps
from desktop.formats.tags import encode
from desktop.formats.writing import ExportItem, Writer

_ESCAPED = re.compile(r"[\x00-\x1f\\]")  # what json.dumps escapes (ensure_ascii=False) besides quotes


class HfWriter(Writer):
    token_based = True
    overlaps = False

    def write(self, item: ExportItem) -> None:
        doc = item.document
        units = item.units or []
        words, tags = document_words(item), document_tags(item, self.options.scheme)
        if isinstance(doc.id, int):  # as dumps() writes the record below, lists joined at C speed
            head = f'{{"id":"{doc.id}-'
            # Checked once for the whole document: then no unit's list needs dumps().
            as_json = _joined if _plain(words) and _plain(tags) else _strings
            lines = [
                f'{head}{index}","document_id":{doc.id},"sentence":{index},'
                f'"tokens":{as_json(words[first:end])},"ner_tags":{as_json(tags[first:end])}}}\n'
                for index, (first, end) in enumerate(units)
            ]
            self.out.write("".join(lines).encode("utf-8"))
            self.records += len(lines)
            return
        for index, (first, end) in enumerate(units):
            record = {"id": f"{doc.id}-{index}", "document_id": doc.id, "sentence": index}
            self._line(dumps(record | {"tokens": words[first:end], "ner_tags": tags[first:end]}))


def _plain(items: list[str]) -> bool:
    """Whether no item has a character JSON escapes (a quote included)."""
    joined = "".join(items)
    return '"' not in joined and not _ESCAPED.search(joined)


def _joined(items: list[str]) -> str:
    """`dumps(items)` for items that are `_plain`."""
    return f'["{'","'.join(items)}"]' if items else "[]"


def _strings(items: list[str]) -> str:
    """`dumps(items)`: joined as they are when no item has a character JSON escapes
    (the only quotes then are the separators')."""
    joined = '","'.join(items)
    if not items or joined.count('"') != 2 * len(items) - 2 or _ESCAPED.search(joined):
        return dumps(items)
    return f'["{joined}"]'


def document_words(item: ExportItem) -> list[str]:
    """The text of each of the document's tokens, all at once (one list for all its units)."""
    text = item.document.text
    return [text[start:end] for start, end in item.tokens or []]


def document_tags(item: ExportItem, scheme: str) -> list[str]:
    """Tags of all the document's tokens: its spans never cross a unit nor overlap,
    so these are the units' tags end to end."""
    entities = [(t.token_start, t.token_end, t.span.label) for t in item.token_spans or []]
    return encode(len(item.tokens or []), entities, scheme)


def tag_names(labels: list[str], scheme: str) -> list[str]:
    """Every tag the export can contain, `O` first: the order of a ClassLabel."""
    prefixes = ("B", "I", "E", "S") if scheme == "bioes" else ("B", "I")
    return ["O"] + [f"{p}-{label}" for label in labels for p in prefixes]
