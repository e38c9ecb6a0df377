"""Hugging Face token classification: `{"tokens": [...], "ner_tags": [...]}` per line.

One record per sentence (or per document), tags as BIO/BIOES strings, so
`datasets.load_dataset("json", data_files=...)` reads the file as it is.
The label list (the tag names in a fixed order, for a `ClassLabel`) goes to
a sidecar `*.labels.json` written by the export use case.
"""

from __future__ import annotations

from desktop.formats.jsonio import dumps
from desktop.formats.tags import encode
from desktop.formats.writing import ExportItem, Writer


class HfWriter(Writer):
    token_based = True
    overlaps = False

    def write(self, item: ExportItem) -> None:
        doc = item.document
        for index, (first, end) in enumerate(item.units or []):
            record = {
                "id": f"{doc.id}-{index}",
                "document_id": doc.id,
                "sentence": index,
                "tokens": [doc.text[s:e] for s, e in (item.tokens or [])[first:end]],
                "ner_tags": unit_tags(item, first, end, self.options.scheme),
            }
            self._line(dumps(record))


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
