"""spaCy's columns made a chunk at a time from arrays (desktop/workspace/export/spacy_raw.py)
against the per-document path (`document_record` + `prepare_item` + `DocBinWriter.write`): the
same arguments to `DocBinBytes.add`, the same counts and problems for every document the chunk
makes (hypothesis), and the same files and report for a whole export (relations, links,
attributes, gold, two layers, merged labels, ZWNJ, emoji, split, shards)."""

from __future__ import annotations

import dataclasses
import io
import sqlite3
from contextlib import closing
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from desktop.formats.align import Policy
from desktop.formats.writing import WriterOptions
from desktop.storage.export_document import StoredDocument
from desktop.storage.export_selection import Selection
from desktop.text.token_batch import pack
from desktop.text.tokens import TOKENIZER_VERSION, sentences, tokenize
from desktop.workspace.export import spacy_raw
from desktop.workspace.export.prepare import Shape, prepare_item
from desktop.workspace.export.project import ExportOptions
from desktop.workspace.export.records import OutputLabels, document_record
from desktop.workspace.export.report import ExportProblem, Problems
from tests.formats.test_jsonl_plain import SELECTIONS, mixed  # noqa: F401  (a fixture)
from tests.formats.test_token_export_apart import exported, with_gold  # noqa: F401  (a fixture)
from tests.workspace.test_export_gathered import ANNOTATORS, documents

pytest.importorskip("spacy")


def shape(misaligned: Policy) -> Shape:
    return Shape(True, True, False, None, misaligned, Policy.SKIP, True, True)  # as project._shape makes spaCy's


def per_document(doc: StoredDocument, selection: Selection, misaligned: Policy) -> tuple[Any, ...]:
    """What the per-document path hands the writer (`add`'s arguments) and the report."""
    from desktop.formats.spacy_docbin import DocBinWriter

    added: list[tuple[Any, ...]] = []

    class Recording(DocBinWriter):
        def add(self, *args: Any) -> None:
            added.append(args)

    record = document_record(doc, OutputLabels(selection), ANNOTATORS)
    item, problems, _ = prepare_item(record, shape(misaligned))
    Recording(io.BytesIO(), WriterOptions(), vocab=False).write(item)
    [(text, tokens, ents, group, missing, user_data)] = added
    made = [ExportProblem(doc.id, doc.name, doc.text[p.span.start : p.span.end], p) for p in problems]
    return text, list(tokens), ents, group, missing, user_data, [s.label for s in item.document.spans], made


def raw_fields(raw: spacy_raw.RawDocument) -> tuple[Any, ...]:
    assert raw.edges is not None
    shift = raw.edges.shift
    tokens = list(zip((raw.edges.starts - shift).tolist(), (raw.edges.ends - shift).tolist()))
    user_data = {"id": raw.id, "name": raw.name}
    return raw.text, tokens, raw.ents, raw.group, raw.missing, user_data, raw.labels, list(Problems(raw.problems))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.integers(1, 6).flatmap(lambda n: st.tuples(*(documents(i) for i in range(n)))),
    st.sampled_from([Policy.EXPAND, Policy.SKIP, Policy.CONTRACT]),
    st.sampled_from([Selection(), Selection(mapping={"LOC": "PER"}), Selection(labels=("PER", "ORG"))]),
)
def test_each_document_a_chunk_makes_is_what_the_per_document_path_writes(docs, misaligned, selection):
    """Texts of Persian words, ZWNJ, emoji, CRLF, NBSP; spans on tokens (overlapping, repeated,
    two annotators), between any edges (misaligned) and out of the text; stored or missing bounds."""
    docs = list(docs)
    plain = [d for d in docs if spacy_raw._plain(d)]
    made = spacy_raw.raw_documents(plain, ANNOTATORS, OutputLabels(selection)) if plain else []
    for doc, raw in zip(plain, made, strict=True):
        if raw is not None:
            assert raw_fields(raw) == per_document(doc, selection, misaligned)


def stored(text: str, rows: list[tuple[Any, ...]], doc_id: int = 1) -> StoredDocument:
    bounds = (pack(tokenize(text)), pack(sentences(text)))
    return StoredDocument(doc_id, f"d{doc_id}", f"h{doc_id}", text, {"name": "x"}, rows, [], token_bounds=bounds)


def test_overlapping_and_repeated_spans_are_grouped_with_their_problems():
    text = "دانشگاه تهران در می\u200cروم 😀 است"
    rows = [
        (1, 0, 13, "ORG", 1, "manual", 1),
        (1, 8, 13, "LOC", 2, "manual", 2),  # inside the first: both to the span group
        (1, 8, 13, "LOC", 1, "manual", 3),  # the same span by another annotator: once (ali's)
        (1, 0, 13, "ORG", 1, "manual", 4),  # a repeat
        (1, 17, 23, "PER", 2, "manual", 5),  # alone: an entity
        (1, 24, 25, "PER", 2, "manual", 6),  # the emoji
    ]
    doc = stored(text, rows)
    [raw] = spacy_raw.raw_documents([doc], ANNOTATORS, OutputLabels(Selection()))
    assert raw is not None
    assert raw.ents == [(3, 4, "PER"), (4, 5, "PER")]
    assert raw.group == [(0, 2, "ORG"), (1, 2, "LOC")] and raw.missing == [(0, 2), (1, 2)]
    assert [p.problem.action for p in Problems(raw.problems)] == ["ents_missing", "ents_missing"]
    assert raw_fields(raw) == per_document(doc, Selection(), Policy.EXPAND)


def test_a_misaligned_span_or_a_document_without_stored_tokens_goes_the_per_document_way():
    text = "دانشگاه تهران"
    docs = [stored(text, [(1, 0, 5, "ORG", 1, "manual", 1)]), stored(text, [], 2), stored(text, [], 3)]
    docs[2] = dataclasses.replace(docs[2], token_bounds=(pack([]), pack([])))  # none stored: tokenised again
    made = spacy_raw.raw_documents(docs, ANNOTATORS, OutputLabels(Selection()))
    assert made[0] is None and made[1] is not None and made[2] is None


def keep_bounds(workspace) -> None:
    """The project keeps every document's boundaries, as after a large token export."""
    with closing(sqlite3.connect(workspace.repo.path)) as conn:
        texts = conn.execute("SELECT id, text FROM documents").fetchall()
    rows = [(i, TOKENIZER_VERSION, pack(tokenize(t)), pack(sentences(t))) for i, t in texts]
    with workspace.repo.export_source() as source:
        assert source.keep_token_bounds(rows)


@pytest.mark.parametrize("split", [(), (1, 1)], ids=["one-file", "split"])
@pytest.mark.parametrize("selection", [*SELECTIONS, "gold"])
@pytest.mark.parametrize("shards", [False, True], ids=["one-docbin", "shards"])
def test_an_export_writes_the_same_files_and_report_either_way(
    with_gold,  # noqa: F811  (the fixture imported above)
    tmp_path,
    monkeypatch,
    split,
    selection,
    shards,
):
    from desktop.formats import spacy_shards

    keep_bounds(with_gold)
    if shards:
        monkeypatch.setattr(spacy_shards, "SHARD_DOCS", 2)
    chosen = SELECTIONS.get(selection, Selection("gold"))
    options = ExportOptions("spacy", chosen, split=split, misaligned=Policy.EXPAND, overlapping=Policy.SKIP)
    made: list[int] = []
    real = spacy_raw.raw_documents

    def counted(*args: Any) -> list[spacy_raw.RawDocument | None]:
        found = real(*args)
        made.extend(1 for raw in found if raw is not None)
        return found

    monkeypatch.setattr(spacy_raw, "raw_documents", counted)
    fast = exported(with_gold, tmp_path / "fast", options)
    assert made  # documents of plain spans went the chunk's way
    monkeypatch.setattr(spacy_raw, "_plain", lambda doc: False)
    assert fast == exported(with_gold, tmp_path / "slow", options)


def test_from_the_first_document_without_stored_bounds_the_rest_is_tokenised_and_kept(with_gold, tmp_path, monkeypatch):  # noqa: F811
    """Documents go straight to the writer while their boundaries are stored; from the first
    without, the rest goes through token_workers (tokenised on every core, the boundaries kept)."""
    from desktop.workspace.export import token_workers

    keep_bounds(with_gold)
    with closing(sqlite3.connect(with_gold.repo.path)) as conn, conn:
        ids = [row[0] for row in conn.execute("SELECT id FROM documents ORDER BY id")]
        conn.execute("DELETE FROM _document_token_bounds WHERE document_id = ?", [ids[1]])
    monkeypatch.setattr(token_workers, "MIN_CHARS", 0)
    monkeypatch.setattr(token_workers, "CHUNK_CHARS", 40)
    passed: list[int] = []
    real = token_workers.tokenised

    def counted(documents, *args):
        for doc in real(documents, *args):
            passed.append(doc.id)
            yield doc

    monkeypatch.setattr(token_workers, "tokenised", counted)
    from desktop.workspace.export import project

    monkeypatch.setattr(project, "tokenised", counted)
    options = ExportOptions("spacy", misaligned=Policy.EXPAND, overlapping=Policy.SKIP)
    fast = exported(with_gold, tmp_path / "fast", options)
    assert passed == ids[1:]  # the first went straight to the writer
    with closing(sqlite3.connect(with_gold.repo.path)) as conn:
        kept = {row[0] for row in conn.execute("SELECT document_id FROM _document_token_bounds")}
    assert kept == set(ids)  # the boundaries made are kept
    monkeypatch.setattr(spacy_raw, "_plain", lambda doc: False)
    assert fast == exported(with_gold, tmp_path / "slow", options)
