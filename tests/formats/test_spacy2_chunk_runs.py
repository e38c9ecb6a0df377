"""A chunk's entities and span groups reach a DocBin as runs of its arrays (spacy_chunks.ChunkSpans,
SpanView): `DocBinBytes.add` makes no tuple of them in the exporting process, and the bytes are
those of the same spans handed as lists, whether the DocBin is built where it was filled (the
thread path), from its columns (the shard process), with documents of the chunk given to other
DocBins between (a split), or with documents of the per-document path between."""

from __future__ import annotations

import io
import pickle
from typing import Any

import pytest

from desktop.formats.writing import WriterOptions
from desktop.storage.export_source import Selection
from desktop.workspace.export import spacy_raw
from desktop.workspace.export.records import OutputLabels
from tests.workspace.test_export_gathered import ANNOTATORS
from tests.workspace.test_export_spacy_raw import stored

pytest.importorskip("spacy")

TEXTS = [
    (
        "دانشگاه تهران در می\u200cروم 😀 است",
        [(0, 13, "ORG", 1), (8, 13, "LOC", 2), (17, 23, "PER", 2), (24, 25, "PER", 2)],
    ),
    ("علی به تهران رفت", [(0, 3, "PER", 1), (7, 12, "LOC", 1)]),
    ("بانک ملی ایران", [(0, 8, "ORG", 1), (5, 14, "LOC", 2), (0, 14, "ORG", 2)]),
    ("هیچ", []),
    ("سازمان ملل متحد و ایران", [(0, 15, "ORG", 1), (18, 23, "LOC", 1), (18, 23, "PER", 2)]),
]


def chunk() -> list[spacy_raw.RawDocument]:
    docs = []
    for i, (text, spans) in enumerate(TEXTS, start=1):
        rows = [(i, a, b, label, who, "manual", 10 * i + n) for n, (a, b, label, who) in enumerate(spans)]
        docs.append(stored(text, rows, i))
    made = spacy_raw.raw_documents(docs, ANNOTATORS, OutputLabels(Selection()))
    assert all(raw is not None for raw in made)
    return [raw for raw in made if raw is not None]


def new_bin() -> Any:
    from desktop.formats.spacy_docbin import DocBinWriter

    return DocBinWriter(io.BytesIO(), WriterOptions())._new_bin()


def add(docbin: Any, raw: spacy_raw.RawDocument, as_lists: bool) -> None:
    ents, group, missing = raw.ents, raw.group, raw.missing
    if as_lists:
        ents, group, missing = list(ents), list(group), list(missing)
    docbin.add(raw.text, raw.edges, ents, group, missing, {"id": raw.id, "name": raw.name})


def message(docbin: Any, shipped: bool) -> bytes:
    if shipped:  # as the shard process builds it, from a copy
        docbin = docbin.with_columns(pickle.loads(pickle.dumps(docbin.columns(), pickle.HIGHEST_PROTOCOL)))
    return bytes(docbin.message())


def test_the_views_read_as_the_lists_they_stand_for():
    raw = chunk()[0]
    assert raw.ents == [(3, 4, "PER"), (4, 5, "PER")]
    assert raw.group == [(0, 2, "ORG"), (1, 2, "LOC")] and raw.missing == [(0, 2), (1, 2)]
    assert list(raw.group) == [(0, 2, "ORG"), (1, 2, "LOC")] and len(raw.missing) == 2


@pytest.mark.parametrize("shipped", [False, True], ids=["thread", "shard-process"])
def test_a_chunk_added_in_order_is_one_run_and_writes_the_lists_bytes(shipped):
    raws = chunk()
    fast, slow = new_bin(), new_bin()
    for raw in raws:
        add(fast, raw, False)
        add(slow, raw, True)
    assert fast.ents == [] and fast.missing == [] and fast.groups == {}  # no tuple made here
    assert len(fast.ent_runs) == 1 and len(fast.group_runs) == 1
    assert message(fast, shipped) == message(slow, shipped)


@pytest.mark.parametrize("shipped", [False, True], ids=["thread", "shard-process"])
def test_a_chunk_shared_by_two_docbins_and_the_per_document_path(shipped):
    """Documents 0, 2, 4 to one DocBin, 1 and 3 to another (a split); the first DocBin also gets a
    document as lists between two of the chunk's (the per-document path)."""
    raws = chunk()
    fast, slow, other_fast, other_slow = new_bin(), new_bin(), new_bin(), new_bin()
    for i, raw in enumerate(raws):
        if i % 2:
            add(other_fast, raw, False)
            add(other_slow, raw, True)
            continue
        add(fast, raw, False)
        add(slow, raw, True)
        if i == 2:
            add(fast, raws[1], True)
            add(slow, raws[1], True)
    assert len(fast.ent_runs) == 2  # documents 0 and 4 (2 has none): not one run, 1 and 3 went elsewhere
    assert len(fast.group_runs) == 3  # 0, 2 and 4
    assert message(fast, shipped) == message(slow, shipped)
    assert message(other_fast, shipped) == message(other_slow, shipped)


def test_a_docbin_of_the_chunks_documents_is_spacys():
    """The bytes spaCy reads back: the entities and the `sc` group of each document."""
    from spacy.tokens import DocBin
    from spacy.vocab import Vocab

    raws = chunk()
    docbin = new_bin()
    for raw in raws:
        add(docbin, raw, False)
    docs = list(DocBin().from_bytes(docbin.to_bytes()).get_docs(Vocab()))
    assert [d.text for d in docs] == [raw.text for raw in raws]
    assert [(e.start_char, e.end_char, e.label_) for e in docs[1].ents] == [(0, 3, "PER"), (7, 12, "LOC")]
    assert [(s.start_char, s.end_char, s.label_) for s in docs[0].spans["sc"]] == [(0, 13, "ORG"), (8, 13, "LOC")]


@pytest.mark.parametrize("emoji", [False, True], ids=["bmp", "astral"])
def test_the_columns_go_to_the_shard_process_in_half_the_bytes_where_they_fit(emoji):
    """Texts of the BMP go as UTF-16 and token edges as int32 (half of UTF-32's and int64's
    bytes); a text with a character outside the BMP sends UTF-32. The message is the same."""
    raws = chunk()
    docbin = new_bin()
    for raw in raws[1:] if not emoji else raws:
        add(docbin, raw, False)
    columns = docbin.columns()
    [codes], [starts], [ends] = columns["codes"], columns["starts"], columns["ends"]
    assert codes.dtype.str == ("<u4" if emoji else "<u2")
    assert starts.dtype.str == ends.dtype.str == "<i4"
    assert codes.tobytes().decode("utf-32-le" if emoji else "utf-16-le") == "".join(docbin.texts)
    shipped = docbin.with_columns(pickle.loads(pickle.dumps(columns, pickle.HIGHEST_PROTOCOL)))
    assert shipped._codes().dtype.str == "<u4" and shipped._edges_joined()[0].dtype == "int64"
    assert bytes(shipped.message()) == bytes(docbin.message())


def test_the_overlaps_problems_are_made_once_a_chunk(monkeypatch):
    """Each document's problems are a slice of its chunk's (one call, not one a document with
    overlapping spans), each naming the span reaching furthest before it in its own document, or
    the next: what the per-document path reports (test_export_spacy_raw compares them all)."""
    calls: list[int] = []
    real = spacy_raw._Spans.problems

    def counted(self: Any, *args: Any) -> Any:
        calls.append(1)
        return real(self, *args)

    monkeypatch.setattr(spacy_raw._Spans, "problems", counted)
    raws = chunk()
    assert len(calls) == 1
    [(_, _, _, _, span, other)] = [p for p in raws[4].problems if p[4][0] == 18 and p[4][2] == "PER"]
    assert (span[:3], other[:3]) == ((18, 23, "PER"), (18, 23, "LOC"))  # in its own document, not the one before
    assert [p[4][:3] for p in raws[2].problems] == [(0, 8, "ORG"), (0, 14, "ORG"), (5, 14, "LOC")]
    assert [p[5][:3] for p in raws[2].problems] == [(0, 14, "ORG"), (0, 8, "ORG"), (0, 14, "ORG")]
