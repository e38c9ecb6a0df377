"""Writing doccano's sequence-labelling JSONL (the format is described in `desktop.formats.doccano`).

Apart from the reader so that an import loads no writer (`desktop.formats.writing` and what it
needs: ~5 ms of a fresh process).
"""

from __future__ import annotations

from typing import Any

from desktop.formats.doccano import own_meta
from desktop.formats.doccano_relations import entities_and_relations
from desktop.formats.jsonio import dumps
from desktop.formats.offsets import UTF16, Utf16Map
from desktop.formats.writing import ExportItem, Writer


class DoccanoWriter(Writer):
    def write(self, item: ExportItem) -> None:
        doc = item.document
        labels = sorted({(s.start, s.end, s.label) for s in doc.spans})
        units = Utf16Map(doc.text) if self.options.offsets == UTF16 else None
        if units is not None and units.astral:  # else both units are the same numbers
            labels = [(units.to_utf16(s), units.to_utf16(e), label) for s, e, label in labels]
        record: dict[str, Any] = {"id": doc.id, "text": doc.text}
        if self.options.relations:  # doccano's relation-extraction shape
            unit = units.to_utf16 if units is not None and units.astral else int
            record["entities"], record["relations"] = entities_and_relations(doc, unit)
        else:
            record["label"] = [list(entry) for entry in labels]
        record.update(own_meta(doc.meta))
        self._line(dumps(record))
