"""spaCy's binary training format: a `.spacy` DocBin (needs the `spacy` extra).

Each document becomes a `Doc` built from our tokens, with whitespace the
tokens leave out turned into spaCy's whitespace tokens, so `doc.text` is the
stored text exactly. Spans that overlap no other span become `doc.ents`;
spans that overlap go to the span group `sc` (spaCy's spancat default),
since entities cannot overlap. A DocBin is one serialised blob, so this
writer holds the documents in memory until it closes.
"""

from __future__ import annotations

from contextlib import contextmanager
from typing import Iterator

from desktop.core.errors import BarchasbError
from desktop.formats.align import TokenSpan, partition_overlaps, unique
from desktop.formats.records import Range
from desktop.formats.writing import ExportItem, Writer

SPAN_GROUP = "sc"


def _spacy():
    try:
        import spacy
        from spacy.tokens import DocBin
    except ImportError as exc:
        raise BarchasbError("the spacy format needs spaCy: pip install 'barchasb[spacy]'") from exc
    return spacy, DocBin


class DocBinWriter(Writer):
    token_based = True

    def __init__(self, out, options) -> None:
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
        words, spaces, index = spacy_words(text, item.tokens or [])
        doc = Doc(self.vocab, words=words, spaces=spaces)
        if doc.text != text:  # a bug, never a user's problem: refuse to write a wrong file
            raise AssertionError(f"spaCy doc text differs from document {item.document.id}")
        alone, overlapping = partition_overlaps(unique(item.token_spans or [], False))
        doc.ents = [_span(Span, doc, index, t) for t in alone]
        doc.spans[SPAN_GROUP] = [_span(Span, doc, index, t) for t in overlapping]
        doc.user_data["id"] = item.document.id
        doc.user_data["name"] = item.document.name
        self.bin.add(doc)
        self.records += 1

    def close(self) -> None:
        self.out.write(self.bin.to_bytes())


@contextmanager
def _encoders_known(found: dict) -> Iterator[None]:
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


def _span(span_class, doc, index: list[int], item: TokenSpan):
    return span_class(doc, index[item.token_start], index[item.token_end - 1] + 1, item.span.label)


def spacy_words(text: str, tokens: list[Range]) -> tuple[list[str], list[bool], list[int]]:
    """spaCy words and trailing-space flags for `tokens`, plus each token's word index.

    spaCy keeps one trailing space per token; any other gap (a line break,
    two spaces, a ZWNJ) becomes a token of its own, as spaCy's tokenizer does.
    """
    words: list[str] = []
    spaces: list[bool] = []
    index: list[int] = []
    pos = 0
    for start, end in tokens:
        _gap(text[pos:start], words, spaces)
        index.append(len(words))
        words.append(text[start:end])
        spaces.append(False)
        pos = end
    _gap(text[pos:], words, spaces)
    return words, spaces, index


def _gap(gap: str, words: list[str], spaces: list[bool]) -> None:
    if not gap:
        return
    if words and not spaces[-1] and gap[0] == " ":
        spaces[-1] = True
        gap = gap[1:]
    if gap:
        words.append(gap)
        spaces.append(False)
