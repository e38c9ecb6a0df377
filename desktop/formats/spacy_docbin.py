"""spaCy's binary training format: a `.spacy` DocBin (needs the `spacy` extra).

Each document becomes a `Doc` built from our tokens, with whitespace the
tokens leave out turned into spaCy's whitespace tokens, so `doc.text` is the
stored text exactly. Spans that overlap no other span become `doc.ents`;
spans that overlap go to the span group `sc` (spaCy's spancat default),
since entities cannot overlap, and their tokens are *missing* in the entity
annotation (neither entity nor `O`): `spacy train` must not learn that
«تهران» inside «دانشگاه تهران» is no entity. The export reports each such
span. A DocBin is one serialised blob, so this writer holds the documents in
memory until it closes.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from types import ModuleType
from typing import TYPE_CHECKING, Any, BinaryIO

from desktop.core.errors import BarchasbError
from desktop.formats.align import TokenSpan, partition_overlaps, unique
from desktop.formats.spacing import pieces
from desktop.formats.writing import ExportItem, Writer, WriterOptions

if TYPE_CHECKING:  # spaCy is an optional extra, imported when a writer is made
    from spacy.tokens import Doc, DocBin, Span

SPAN_GROUP = "sc"


def _spacy() -> tuple[ModuleType, type[DocBin]]:
    try:
        import spacy
        from spacy.tokens import DocBin
    except ImportError as exc:
        raise BarchasbError("the spacy format needs spaCy: pip install 'barchasb[spacy]'") from exc
    return spacy, DocBin


class DocBinWriter(Writer):
    token_based = True
    overlaps_grouped = True

    def __init__(self, out: BinaryIO, options: WriterOptions) -> None:
        super().__init__(out, options)
        spacy, doc_bin = _spacy()
        self.vocab = spacy.blank("fa").vocab
        self.bin = doc_bin(store_user_data=True)
        from srsly.msgpack import msgpack_encoders

        self.encoders = msgpack_encoders.get_all()

    def write(self, item: ExportItem) -> None:
        with _encoders_known(self.encoders):
            self._add(item)

    def _add(self, item: ExportItem) -> None:
        from spacy.tokens import Doc, Span

        text = item.document.text
        items, index = pieces(text, item.tokens or [])
        doc = Doc(self.vocab, words=[text[p[0] : p[1]] for p in items], spaces=[p[2] for p in items])
        if doc.text != text:  # a bug, never a user's problem: refuse to write a wrong file
            raise AssertionError(f"spaCy doc text differs from document {item.document.id}")
        alone, overlapping = partition_overlaps(unique(item.token_spans or [], False))
        missing = [Span(doc, start, end) for start, end in _covered(index, overlapping)]
        doc.set_ents([_span(Span, doc, index, t) for t in alone], missing=missing)
        doc.spans[SPAN_GROUP] = [_span(Span, doc, index, t) for t in overlapping]
        doc.user_data["id"] = item.document.id
        doc.user_data["name"] = item.document.name
        self.bin.add(doc)
        self.records += 1

    def close(self) -> None:
        self.out.write(self.bin.to_bytes())


@contextmanager
def _encoders_known(found: dict[str, Any]) -> Iterator[None]:
    """srsly finds its msgpack encoders through package entry points on every
    pack, a scan of every installed distribution (about a millisecond, two or
    three times per Doc): 10,000 documents took 20 s. Nothing registers
    encoders in the middle of an export, so answer from the writer's one scan."""
    from srsly.msgpack import msgpack_encoders

    if "get_all" in vars(msgpack_encoders):  # nested, or another writer's
        yield
        return
    msgpack_encoders.get_all = lambda: found  # an instance attribute shadows the method
    try:
        yield
    finally:
        del msgpack_encoders.get_all


def _span(span_class: type[Span], doc: Doc, index: list[int], item: TokenSpan) -> Span:
    return span_class(doc, index[item.token_start], index[item.token_end - 1] + 1, item.span.label)


def _covered(index: list[int], spans: list[TokenSpan]) -> list[tuple[int, int]]:
    """The Doc token ranges the spans cover, merged (spaCy refuses overlapping ones)."""
    ranges: list[tuple[int, int]] = []
    for first, end in sorted((index[t.token_start], index[t.token_end - 1] + 1) for t in spans):
        if ranges and first <= ranges[-1][1]:
            ranges[-1] = (ranges[-1][0], max(ranges[-1][1], end))
        else:
            ranges.append((first, end))
    return ranges
