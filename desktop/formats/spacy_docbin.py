"""spaCy's binary training format: a `.spacy` DocBin (needs the `spacy` extra).

Each document becomes a `Doc` of our tokens, with whitespace the tokens
leave out turned into spaCy's whitespace tokens, so `doc.text` is the stored
text exactly; its DocBin columns are written directly, no `Doc` built
(desktop/formats/spacy_bytes.py: the same docs, ten times faster). Spans that overlap no other span become `doc.ents`;
spans that overlap go to the span group `sc` (spaCy's spancat default),
since entities cannot overlap, and their tokens are *missing* in the entity
annotation (neither entity nor `O`): `spacy train` must not learn that
«تهران» inside «دانشگاه تهران» is no entity. The export reports each such
span. A DocBin is one serialised blob, so this writer holds the documents in
memory until it closes.

The layer above spans travels in `Doc.user_data` (DocBin keeps it; registered
extensions would not survive): `spans` lists every written span with its
attributes and entity link, `relations` index that list, `entities` are the
linked entities, all shaped as in native JSONL; a span's attributes and entity
id are also stored under spaCy's own span-extension keys, so
`Span.set_extension("attributes", default=None)` makes `span._.attributes` work.
"""

from __future__ import annotations

import importlib.util
from collections import Counter
from collections.abc import Sequence
from types import ModuleType
from typing import TYPE_CHECKING, Any, BinaryIO

from desktop.core.errors import BarchasbError
from desktop.core.quiet_import import THINC_EXTRAS, import_without
from desktop.formats.align import TokenSpan, partition_overlaps, unique
from desktop.formats.links import entity_json
from desktop.formats.records import DocumentRecord, Range, SpanRecord
from desktop.formats.writing import ExportItem, Writer, WriterOptions

if TYPE_CHECKING:  # spaCy is an optional extra, imported when a writer is made
    from spacy.tokens import DocBin

    from desktop.formats.spacy_bytes import DocBinBytes
    from desktop.formats.spacy_lexicon import Lexicon

SPAN_GROUP = "sc"
NEEDS_SPACY = "the spacy format needs spaCy: pip install 'barchasb[spacy]'"


def _spacy() -> tuple[ModuleType, type[DocBin]]:
    try:
        import_without("spacy", THINC_EXTRAS)
        import spacy
        from spacy.tokens import DocBin
    except ImportError as exc:
        raise BarchasbError(NEEDS_SPACY) from exc
    return spacy, DocBin


def new_lexicon() -> Lexicon:
    """The export's lexicon: spaCy's answers kept for the installed version (spacy_vocab.py: no
    import), else over `spacy.blank("fa")`'s vocab, once DocBin's columns are checked to be the
    ones spacy_message fills (imports spaCy: ~0.4-1 s of CPU and ~45 MB in a fresh process); its
    answers are then kept in the cache folder for the next export (`spacy_vocab.remember`)."""
    from desktop.formats.spacy_vocab import cached_lexicon, installed, remember

    cached = cached_lexicon()
    if cached is not None:
        return cached
    spacy, doc_bin = _spacy()
    from desktop.formats.spacy_lexicon import Lexicon, check_columns

    check_columns(doc_bin(store_user_data=True).attrs)
    made = Lexicon(spacy.blank("fa").vocab)
    version = installed()
    if version is not None:
        remember(version)
    return made


class DocBinWriter(Writer):
    token_based = True
    overlaps_grouped = True

    def __init__(self, out: BinaryIO, options: WriterOptions, vocab: bool = True) -> None:
        """Without `vocab`, the lexicon is made where the bytes are built (the shard process,
        spacy_process.py), and only the documents' columns are filled here. spaCy itself is
        imported only where its answers are not kept (`new_lexicon`)."""
        super().__init__(out, options)
        if importlib.util.find_spec("spacy") is None:  # said here, at once, wherever the lexicon is made
            raise BarchasbError(NEEDS_SPACY)
        from srsly.msgpack import Packer

        from desktop.formats.spacy_bytes import DocBinBytes  # numpy: only now

        self._bin_class = DocBinBytes
        self.lexicon: Lexicon | None = new_lexicon() if vocab else None
        # srsly.msgpack_dumps, with the packer made once: srsly finds its msgpack encoders through
        # package entry points whenever one is made, a scan of every installed distribution
        # (about a millisecond; two or three per document took 10,000 documents 20 s).
        self.dumps = Packer(use_bin_type=True).pack
        self.empty_group = self.dumps({self.dumps({"name": SPAN_GROUP, "attrs": {}, "spans": []}): [SPAN_GROUP]})
        self.bin = self._new_bin()

    def _new_bin(self) -> DocBinBytes:
        return self._bin_class(self.lexicon, self.empty_group, self.dumps)

    def write(self, item: ExportItem) -> None:
        document = item.document
        alone, overlapping = split_overlaps(item.token_spans or [])
        user_data: dict[Any, Any] = {"id": document.id, "name": document.name}
        user_data.update(layer_above_spans(document))
        self.add(
            document.text,
            item.tokens or [],
            [_span(t) for t in alone],
            [_span(t) for t in overlapping],
            [(t.token_start, t.token_end) for t in overlapping],  # their tokens: missing in the entities
            user_data,
        )

    def add(
        self,
        text: str,
        tokens: Sequence[Range],
        ents: Sequence[tuple[int, int, str]],
        group: Sequence[tuple[int, int, str]],
        missing: Sequence[Range],
        user_data: dict[Any, Any],
    ) -> None:
        """A document as `write` makes it of an item (`DocBinBytes.add`), or as the export made it
        from its chunk's arrays (desktop/workspace/export/spacy_raw.py)."""
        self.bin.add(text, tokens, ents, group, missing, user_data)
        self.records += 1

    def close(self) -> None:
        self.out.write(self.bin.to_bytes())


def split_overlaps(spans: list[TokenSpan]) -> tuple[list[TokenSpan], list[TokenSpan]]:
    """`partition_overlaps(unique(spans, False))`: in one pass, without their two sorts, when the
    spans come as `prepare_item` leaves them for spaCy (sorted by key, no two with the same
    offsets and label); any others the two functions' way."""
    alone: list[TokenSpan] = []
    overlapping: list[TokenSpan] = []
    cluster: list[TokenSpan] = []
    cluster_end = -1
    before: tuple[int, int, str] = (-1, -1, "")
    for item in spans:
        span = item.span
        start, end = span.start, span.end
        here = (start, end, span.label)
        if not before < here:  # not as prepare_item sorts and de-duplicates them
            return partition_overlaps(unique(spans, False))
        before = here
        if cluster and start >= cluster_end:
            (alone if len(cluster) == 1 else overlapping).extend(cluster)
            cluster = []
        cluster.append(item)
        cluster_end = max(cluster_end if len(cluster) > 1 else -1, end)
    (alone if len(cluster) == 1 else overlapping).extend(cluster)
    return alone, overlapping


def _span(item: TokenSpan) -> tuple[int, int, str]:
    return item.token_start, item.token_end, item.span.label


def layer_above_spans(document: DocumentRecord) -> dict[Any, Any]:
    """`user_data` entries for the spans' attributes, entity links and relations (none when
    the document has none). Span-extension keys are spaCy's: ("._.", name, start_char,
    end_char); two spans on the same characters would share one, so those are left to `spans`."""
    spans = document.spans
    if not document.relations and not any(s.attributes or s.entity is not None for s in spans):
        return {}
    data: dict[Any, Any] = {"spans": [_span_json(s) for s in spans]}
    if document.relations:
        data["relations"] = [
            {"head": r.head, "tail": r.tail, "type": r.type, "annotator": r.annotator or "", "note": r.note}
            for r in document.relations
        ]
    if document.entities:
        data["entities"] = [entity_json(e) for e in document.entities]
    shared = Counter((s.start, s.end) for s in spans)
    for span in spans:
        if shared[span.start, span.end] > 1:
            continue
        if span.attributes:
            data[("._.", "attributes", span.start, span.end)] = dict(span.attributes)
        if span.entity is not None:
            data[("._.", "entity", span.start, span.end)] = span.entity
    return data


def _span_json(span: SpanRecord) -> dict[str, Any]:
    out: dict[str, Any] = {"start": span.start, "end": span.end, "label": span.label}
    if span.attributes:
        out["attributes"] = dict(span.attributes)
    if span.entity is not None:
        out["entity"] = span.entity
    return out
