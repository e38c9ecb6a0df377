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

_ESCAPED = re.compile(r'[\x00-\x1f"\\]')  # what json.dumps escapes (ensure_ascii=False)


class HfWriter(Writer):
    token_based = True
    overlaps = False

    def write(self, item: ExportItem) -> None:
        doc, tokens = item.document, item.tokens or []
        for index, (first, end) in enumerate(item.units or []):
            words = [doc.text[s:e] for s, e in tokens[first:end]]
            tags = unit_tags(item, first, end, self.options.scheme)
            if isinstance(doc.id, int):  # as dumps() writes the record below, a list joined at C speed
                self._line(
                    f'{{"id":"{doc.id}-{index}","document_id":{doc.id},"sentence":{index},'
                    f'"tokens":{_strings(words)},"ner_tags":{_strings(tags)}}}'
                )
                continue
            record = {"id": f"{doc.id}-{index}", "document_id": doc.id, "sentence": index}
            self._line(dumps(record | {"tokens": words, "ner_tags": tags}))


def _strings(items: list[str]) -> str:
    """`dumps(items)`: joined as they are when no item has a character JSON escapes."""
    joined = '","'.join(items)
    if not items or _ESCAPED.search(joined):
        return dumps(items)
    return f'["{joined}"]'


def unit_tags(item: ExportItem, first: int, end: int, scheme: str) -> list[str]:
    """Tags of tokens [first, end) of a document; its spans never cross the unit."""
    entities = [
        (t.token_start - first, t.token_end - first, t.span.label)
        for t in item.token_spans or []
        if first <= t.token_start < end
    ]
    return encode(end - first, entities, scheme)


def tag_names(labels: list[str], scheme: str) -> list[str]:
    """Every tag the export can contain, `O` first: the order of a ClassLabel."""
    prefixes = ("B", "I", "E", "S") if scheme == "bioes" else ("B", "I")
    return ["O"] + [f"{p}-{label}" for label in labels for p in prefixes]
