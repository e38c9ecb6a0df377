"""The spaCy writer's DocBin bytes, written without Docs, are what spaCy's own DocBin writes.

`reference` is the writer as it was before desktop/formats/spacy_bytes.py: a `Doc` per
document (`Doc.set_ents` with the overlapping spans' tokens missing, those spans in
`doc.spans["sc"]`, the layer above spans in `user_data`) added to a `DocBin`. The writer
compresses at level `LEVEL` (2) of isal (zlib without it), not at zlib's level 6 as DocBin
does: `reference` is therefore DocBin's message, byte for byte, compressed that way. The files
read back as the same docs (`test_the_docs_read_back_as_spacy_reads_the_reference`), and
digests pin the bytes.
"""

from __future__ import annotations

import dataclasses
import hashlib
import importlib.util
import io
import zlib

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from desktop.formats.align import Policy, partition_overlaps, unique
from desktop.formats.records import DocumentRecord, EntityRecord, RelationRecord, SpanRecord
from desktop.formats.spacing import pieces
from desktop.formats.spacy_deflate import LEVEL, compressed, deflate
from desktop.formats.spacy_docbin import DocBinWriter, layer_above_spans
from desktop.formats.writing import ExportItem, WriterOptions
from desktop.workspace.export.prepare import Shape, prepare_item

spacy = pytest.importorskip("spacy")
pytestmark = pytest.mark.usefixtures("threads_of_this_test")

PINNED = "d2c9b522c2925fddd65363e6c808ed4990e90bd9bf531cc66783ebb419e101e2"  # sha256 of `written(items())`, zlib 1.2.13
PINNED_ISAL = {"1.9.1": "ed94a428110129214598e0c525c15c9c6fc2c1725bbff036e46be74370c35921"}  # by isal version
SHAPE = Shape(True, True, False, None, Policy.EXPAND, Policy.SKIP, True)  # as export shapes spaCy
ZWNJ = "\u200c"


def at(text: str, phrase: str, label: str, nth: int = 0, **extra) -> SpanRecord:
    start = -1
    for _ in range(nth + 1):
        start = text.index(phrase, start + 1)
    return SpanRecord(start, start + len(phrase), label, "sara", **extra)


def documents() -> list[DocumentRecord]:
    one = f"  وزیر امور خارجه در تهران گفت: ۲۵ درصد از قرارداد 12 مه{ZWNJ}روم 😀 اجرا شد.\n\n\tدانشگاه تهران  "
    two = "The UN met in Geneva 2024; ABC News said ۳۴5 times!\n"
    three = "فقط یک جمله بدون برچسب"
    spans_one = [
        at(one, "وزیر امور خارجه", "title", attributes={"level": "high"}),
        at(one, "تهران", "place", entity=3),
        at(one, "۲۵ درصد", "percent"),
        at(one, "مه" + ZWNJ + "روم", "verb"),
        at(one, "😀", "emoji"),
        at(one, "دانشگاه تهران", "org"),  # overlaps the next: both go to the span group
        at(one, "تهران", "place", nth=1),
        at(one, "خارجه در ته", "bad"),  # misaligned: expanded to its tokens
    ]
    spans_two = [
        at(two, "UN", "org"),
        at(two, "Geneva", "place"),
        at(two, "Geneva", "city"),  # the same characters, another label: overlaps
        at(two, "ABC News", "ORG"),  # a spaCy symbol: stored as its number, not a hash
        at(two, "News said", "phrase"),  # overlaps ABC News
        at(two, "۳۴5", "number"),
    ]
    return [
        DocumentRecord(
            one,
            spans_one,
            name="یک",
            id=1,
            relations=[RelationRecord(0, 1, "in", "sara")],
            entities=[EntityRecord(3, "تهران", "place", ("Tehran",), "Q3616")],
        ),
        DocumentRecord("", [], name="empty", id=2),
        DocumentRecord(two, spans_two, name="two", id=3),
        DocumentRecord(" \n\n ", [], name="blank", id=4),
        DocumentRecord(
            three, [at(three, "فقط", "a"), at(three, "یک", "b"), at(three, "جمله", "a")], name="three", id=5
        ),
        DocumentRecord("😀", [SpanRecord(0, 1, "emoji", "sara")], name="one emoji", id=6),
    ]


def reference(items: list[ExportItem]) -> bytes:
    from spacy.tokens import Doc, DocBin, Span

    vocab = spacy.blank("fa").vocab
    doc_bin = DocBin(store_user_data=True)
    for item in items:
        text = item.document.text
        parts, index = pieces(text, list(item.tokens or []))
        doc = Doc(vocab, words=[text[p[0] : p[1]] for p in parts], spaces=[p[2] for p in parts])
        assert doc.text == text
        alone, overlapping = partition_overlaps(unique(item.token_spans or [], False))

        def span(t, doc=doc, index=index):
            return Span(doc, index[t.token_start], index[t.token_end - 1] + 1, t.span.label)

        ranges: list[list[int]] = []
        for first, end in sorted((s.start, s.end) for s in map(span, overlapping)):
            if ranges and first <= ranges[-1][1]:
                ranges[-1][1] = max(ranges[-1][1], end)
            else:
                ranges.append([first, end])
        doc.set_ents([span(t) for t in alone], missing=[Span(doc, a, b) for a, b in ranges])
        doc.spans["sc"] = [span(t) for t in overlapping]
        doc.user_data["id"] = item.document.id
        doc.user_data["name"] = item.document.name
        doc.user_data.update(layer_above_spans(item.document))
        doc_bin.add(doc)
    return compressed([zlib.decompress(doc_bin.to_bytes())])  # DocBin's message, as the writer compresses it


def written(items: list[ExportItem]) -> bytes:
    out = io.BytesIO()
    writer = DocBinWriter(out, WriterOptions())
    for item in items:
        writer.write(item)
    writer.close()
    return out.getvalue()


def items() -> list[ExportItem]:
    return [prepare_item(doc, SHAPE)[0] for doc in documents()]


def test_the_bytes_are_the_ones_spacy_writes_for_the_same_docs():
    made = items()
    assert any(partition_overlaps(unique(i.token_spans or [], False))[1] for i in made)
    assert sum(len(i.token_spans or []) for i in made) >= 14
    assert zlib.decompress(written(made)) == zlib.decompress(reference(made))
    assert written(made) == reference(made)


@pytest.mark.skipif(
    zlib.ZLIB_RUNTIME_VERSION != "1.2.13", reason="the digest is zlib 1.2.13's; another build compresses differently"
)
def test_the_bytes_are_pinned_without_isal(monkeypatch):
    """The writer's bytes, not only its message: a change of compression shows here (zlib 1.2.13's
    level 2: 1,697 bytes of these documents, where DocBin's own level 6 makes 1,659)."""
    without_isal(monkeypatch)
    data = written(items())
    assert LEVEL == 2 and zlib.decompress(data) == zlib.decompress(reference(items()))
    assert hashlib.sha256(data).hexdigest() == PINNED


def test_the_bytes_are_pinned_with_isal():
    """isal's level 2 (ISA-L's deflate): the same bytes wherever this isal version is installed."""
    isal = pytest.importorskip("isal")
    if isal.__version__ not in PINNED_ISAL:
        pytest.skip(f"no digest for isal {isal.__version__}")
    data = written(items())
    assert deflate() is isal.isal_zlib
    assert hashlib.sha256(data).hexdigest() == PINNED_ISAL[isal.__version__]


def without_isal(monkeypatch) -> None:
    """As where isal is not installed (forked shard processes inherit it)."""
    import sys

    monkeypatch.setitem(sys.modules, "isal", None)  # its import raises ImportError
    monkeypatch.setitem(sys.modules, "isal.isal_zlib", None)


def test_the_writer_compresses_with_isal():
    """isal (the spacy extra) compresses: ~3x less CPU than zlib at the same level."""
    isal_zlib = pytest.importorskip("isal.isal_zlib")
    made = items()
    data = written(made)
    message = zlib.decompress(data)
    assert data == isal_zlib.compress(message, LEVEL) != zlib.compress(message, LEVEL)


@pytest.mark.parametrize("path", ["one", "process", "thread"])
def test_without_isal_zlib_compresses_at_the_same_level_into_the_same_docs(monkeypatch, path):
    """The extra is optional: without isal, zlib's level 2, in one file or in shards (built in
    the forked process or in a thread); spaCy reads the same docs from either's bytes."""
    made = items()

    def files() -> list[bytes]:
        return [written(made)] if path == "one" else sharded(monkeypatch, path == "process", made)

    with_isal, installed = files(), importlib.util.find_spec("isal") is not None
    without_isal(monkeypatch)
    assert deflate() is zlib
    without = files()
    groups = [made] if path == "one" else [made[:2], made[2:4], made[4:]]
    for data, other, group in zip(without, with_isal, groups, strict=True):
        message = zlib.decompress(data)
        assert data == zlib.compress(message, LEVEL) == reference(group)
        assert message == zlib.decompress(other)
    assert (with_isal != without) == installed
    assert read_back(without) == read_back(with_isal) and len(read_back(without)) == len(made)


def read_back(files: list[bytes]) -> list[tuple]:
    """What spaCy reads from the files: each doc's text, tokens, entities, span group and user data."""
    from spacy.tokens import DocBin

    vocab = spacy.blank("fa").vocab
    docs = [doc for data in files for doc in DocBin().from_bytes(data).get_docs(vocab)]
    return [
        (
            doc.text,
            [(t.text, t.whitespace_, t.ent_iob_, t.ent_type_, t.norm_, t.is_sent_start) for t in doc],
            [(s.start_char, s.end_char, s.label_) for s in doc.spans["sc"]],
            doc.user_data,
        )
        for doc in docs
    ]


@pytest.mark.parametrize("picked", [[], [1], [1, 3], [0, 2, 4, 5]])
def test_any_subset_of_documents_too(picked):
    made = [items()[i] for i in picked]
    assert written(made) == reference(made)


def test_the_docs_read_back_as_spacy_reads_the_reference():
    from spacy.tokens import DocBin

    vocab = spacy.blank("fa").vocab
    made = items()
    new = list(DocBin().from_bytes(written(made)).get_docs(vocab))
    old = list(DocBin().from_bytes(reference(made)).get_docs(vocab))

    def shape(doc):
        ents = [(e.start_char, e.end_char, e.label_) for e in doc.ents]
        group = [(s.start_char, s.end_char, s.label_) for s in doc.spans["sc"]]
        tokens = [(t.text, t.whitespace_, t.ent_iob_, t.norm_, t.is_sent_start) for t in doc]
        return doc.text, tokens, ents, group, doc.user_data

    assert [shape(d) for d in new] == [shape(d) for d in old]
    assert [d.text for d in new] == [d.text for d in documents()]
    assert any(d.spans["sc"] for d in new) and any(d.ents for d in new)


PATHS = pytest.mark.parametrize("forked", [True, False], ids=["process", "thread"])


def shard_path(monkeypatch, forked: bool) -> None:
    """Shards built in a forked process (where forking is safe), or compressed in a thread."""
    from desktop.formats import spacy_process

    assert spacy_process.usable() or not forked  # the test process has no other thread
    monkeypatch.setattr(spacy_process, "usable", lambda: forked)


@PATHS
def test_a_shard_that_cannot_be_written_fails_the_export_in_the_exporting_thread(monkeypatch, forked):
    """Shards are built in a process (or compressed in a thread) of their own; the shard's
    file is written, and its error raised, by the writer."""
    from desktop.formats import spacy_shards

    shard_path(monkeypatch, forked)

    class Full(io.BytesIO):
        def write(self, data) -> int:
            raise OSError(28, "No space left on device")

    monkeypatch.setattr(spacy_shards, "SHARD_DOCS", 2)
    opened: list[str] = []

    def opener(name: str) -> Full:
        opened.append(name)
        return Full()

    writer = spacy_shards.ShardedDocBinWriter(opener, WriterOptions())
    with pytest.raises(OSError, match="No space left"):
        for item in items():
            writer.write(item)
        writer.close()
    assert opened[:2] == ["0000.spacy", "0001.spacy"]


@PATHS
def test_shards_hold_the_bytes_one_docbin_of_their_documents_holds(monkeypatch, forked):
    from desktop.formats import spacy_shards

    shard_path(monkeypatch, forked)
    monkeypatch.setattr(spacy_shards, "SHARD_DOCS", 4)
    files: dict[str, io.BytesIO] = {}

    def opener(name: str) -> io.BytesIO:
        files[name] = io.BytesIO()
        return files[name]

    writer = spacy_shards.ShardedDocBinWriter(opener, WriterOptions())
    made = items()
    for item in made:
        writer.write(item)
    writer.close()
    assert {name: f.getvalue() for name, f in files.items()} == {
        "0000.spacy": reference(made[:4]),
        "0001.spacy": reference(made[4:]),
    }


def shards_of(opener_files: dict[str, io.BytesIO], made: list[ExportItem]):
    from desktop.formats import spacy_shards

    def opener(name: str) -> io.BytesIO:
        opener_files[name] = io.BytesIO()
        return opener_files[name]

    writer = spacy_shards.ShardedDocBinWriter(opener, WriterOptions())
    for item in made:
        writer.write(item)
    return writer


def sharded(monkeypatch, forked: bool, made: list[ExportItem]) -> list[bytes]:
    """The shards of `made`, two documents each, built in the forked process or in a thread."""
    from desktop.formats import spacy_shards

    shard_path(monkeypatch, forked)
    monkeypatch.setattr(spacy_shards, "SHARD_DOCS", 2)
    files: dict[str, io.BytesIO] = {}
    shards_of(files, made).close()
    return [files[name].getvalue() for name in sorted(files)]


def test_more_shards_than_the_process_holds_at_once_come_back_in_order(monkeypatch):
    """One document a shard: the writer waits for the oldest shard once `AHEAD` are in the process."""
    import multiprocessing

    from desktop.formats import spacy_shards

    shard_path(monkeypatch, True)
    monkeypatch.setattr(spacy_shards, "SHARD_DOCS", 1)
    files: dict[str, io.BytesIO] = {}
    made = items()
    writer = shards_of(files, made)
    assert writer._process is not None and len(writer._waiting) == spacy_shards.AHEAD
    folder = writer._process.folder
    writer.close()
    assert [files[spacy_shards.shard_name(i)].getvalue() for i in range(len(made))] == [reference([i]) for i in made]
    assert not folder.exists() and not multiprocessing.active_children()


def test_an_error_in_the_shard_process_is_raised_by_the_writer_and_the_process_ends(monkeypatch):
    import multiprocessing

    from desktop.formats import spacy_deflate, spacy_shards

    def full(parts, level=LEVEL):
        raise OSError(28, "No space left on device")

    shard_path(monkeypatch, True)
    monkeypatch.setattr(spacy_shards, "SHARD_DOCS", 2)
    monkeypatch.setattr(spacy_deflate, "compressed", full)  # the process is forked after this: it fails there
    files: dict[str, io.BytesIO] = {}
    with pytest.raises(OSError, match="No space left"):
        writer = shards_of(files, items())
        writer.close()
    assert all(not f.getvalue() for f in files.values())
    writer._process.stop()  # what the writer's finalizer does when the failed export lets go of it
    assert not writer._process.folder.exists() and not multiprocessing.active_children()


def test_a_shard_process_that_dies_stops_the_writer_with_its_exit_code(monkeypatch):
    import os

    from desktop.formats import spacy_bytes, spacy_shards

    shard_path(monkeypatch, True)
    monkeypatch.setattr(spacy_shards, "SHARD_DOCS", 2)
    monkeypatch.setattr(spacy_bytes.DocBinBytes, "prepared", lambda self: os._exit(7))
    with pytest.raises(RuntimeError, match="shard process stopped \\(exit code 7\\)"):
        shards_of({}, items()).close()


def test_ctrl_c_is_left_to_the_exporting_process(monkeypatch, capfd):
    """Ctrl-C reaches the whole process group: the shard process ignores it (no traceback of
    its own); the exporting process stops the export and, with it, the process."""
    import os
    import signal
    import time

    from desktop.formats import spacy_shards

    shard_path(monkeypatch, True)
    monkeypatch.setattr(spacy_shards, "SHARD_DOCS", 2)
    files: dict[str, io.BytesIO] = {}
    made = items()
    writer = shards_of(files, made[:2])
    assert writer._process is not None
    os.kill(writer._process.process.pid, signal.SIGINT)  # at once: ignored from the fork on
    time.sleep(0.2)
    assert signal.getsignal(signal.SIGINT) is signal.default_int_handler  # the exporting process's own is back
    for item in made[2:]:
        writer.write(item)
    writer.close()
    assert [f.getvalue() for f in files.values()] == [reference(made[i : i + 2]) for i in (0, 2, 4)]
    assert "KeyboardInterrupt" not in capfd.readouterr().err


def test_no_shard_process_is_forked_while_another_thread_runs():
    """A thread could hold a lock at the fork, and the child would wait for it for ever."""
    import threading

    from desktop.formats import spacy_process

    assert spacy_process.usable()
    stop = threading.Event()
    other = threading.Thread(target=stop.wait)
    other.start()
    try:
        assert not spacy_process.usable()
    finally:
        stop.set()
        other.join()


class Apart(list):
    """Tokens that also keep their starts and ends as two lists (as stored tokens are read)."""

    def __init__(self, tokens) -> None:
        super().__init__(tokens)
        self.starts = [start for start, _ in tokens]
        self.ends = [end for _, end in tokens]


class InArrays(list):
    """Tokens whose starts and ends are numpy arrays (stored boundaries unpacked with no Python
    int each); the writer reads the arrays, never a (start, end) pair."""

    def __init__(self, tokens) -> None:
        super().__init__(tokens)
        self.starts = np.array([start for start, _ in tokens], dtype="<u4")
        self.ends = np.array([end for _, end in tokens], dtype="<u4")

    def __iter__(self):
        raise AssertionError("a pair per token was made")


def test_tokens_kept_as_two_lists_write_the_same_bytes():
    made = items()
    apart = [dataclasses.replace(i, tokens=Apart(i.tokens or [])) for i in made]
    assert isinstance(apart[0].tokens, Apart) and apart[0].tokens.starts
    assert written(apart) == written(made) == reference(made)


def test_tokens_kept_as_two_arrays_write_the_same_bytes():
    made = items()
    arrays = [dataclasses.replace(i, tokens=InArrays(list(i.tokens or []))) for i in made]
    assert written(arrays) == reference(made)


@pytest.mark.parametrize(
    "tokens",
    [[(4, 8), (0, 3)], [(0, 3), (2, 8)], [(0, 3), (4, 4), (4, 8)], [(0, 3), (4, 9)], [(0, 3), (4, 10)]],
    ids=str,
)
@pytest.mark.parametrize("between", [0, 1, 2], ids=["alone", "first", "between"])
def test_tokens_that_do_not_rebuild_the_text_are_refused(tokens, between):
    """Out of order, overlapping, empty or past the end: a bug upstream, never a wrong file; also
    when the text of the next document of the DocBin starts where a token runs on to (the
    pieces of all its documents are made at once)."""
    others = [ExportItem(DocumentRecord(text, [], id=2), [(0, 2)], []) for text in ("ab", "cd")]
    item = ExportItem(DocumentRecord("یکی دوتا", [], id=1), tokens, [])
    with pytest.raises(AssertionError, match="rebuild the text"):
        written(others[:between] + [item] + others[between:])


WORDS = st.text(st.sampled_from("ab\u200c😀۱"), min_size=1, max_size=3)
GAPS = st.sampled_from(["", " ", "  ", "\n", " \n ", "\t"])


@given(st.lists(st.tuples(GAPS, st.lists(st.tuples(WORDS, GAPS), max_size=5)), max_size=6))
def test_the_pieces_of_many_documents_are_each_documents_pieces(made):
    """`spacy_pieces.pieces` of documents joined against `spacing.pieces` of each: leading,
    trailing and repeated whitespace, empty and whitespace-only documents, no tokens."""
    from desktop.formats.spacing import pieces as one_by_one
    from desktop.formats.spacy_pieces import code_points, pieces

    texts, tokens = [], []
    for lead, words in made:
        text, ranges = lead, []
        for word, gap in words:
            ranges.append((len(text), len(text) + len(word)))
            text += word + gap
        texts.append(text)
        tokens.append(ranges)
    offsets = np.cumsum([0] + [len(t) for t in texts]).tolist()
    starts = np.array([s + at for ranges, at in zip(tokens, offsets) for s, _ in ranges], dtype=np.int64)
    ends = np.array([e + at for ranges, at in zip(tokens, offsets) for _, e in ranges], dtype=np.int64)
    counts, sizes = (np.array([len(x) for x in xs], dtype=np.int64) for xs in (tokens, texts))
    first, last, space, index, lengths = pieces(code_points("".join(texts)), starts, ends, counts, sizes)
    expected: list[tuple[int, int, bool]] = []
    indices: list[int] = []
    for text, ranges, at in zip(texts, tokens, offsets):
        parts, where = one_by_one(text, ranges)
        indices += [len(expected) + i for i in where]
        expected += [(a + at, b + at, ws) for a, b, ws in parts]
    assert list(zip(first.tolist(), last.tolist(), space.tolist())) == expected
    assert index.tolist() == indices
    assert lengths.tolist() == [len(one_by_one(t, r)[0]) for t, r in zip(texts, tokens)]


def test_a_text_with_the_separator_the_pieces_are_cut_by_writes_the_same_bytes():
    """Pieces are cut by one split of the DocBin's text at a NUL put between them; a text
    that has NUL itself is cut piece by piece."""
    text = "یک\x00دو سه\x00 چهار"
    doc = DocumentRecord(text, [SpanRecord(0, 2, "a", "sara")], name="nul", id=7)
    made = [prepare_item(d, SHAPE)[0] for d in [documents()[0], doc, documents()[2]]]
    assert written(made) == reference(made)


def test_words_spacy_gives_a_norm_of_their_own_write_the_same_bytes():
    """NORM of a new word is made as the vocab makes a new lexeme's; a word the language
    already has a lexeme for (its tokenizer exceptions) keeps that lexeme's norm."""
    vocab = spacy.blank("fa").vocab
    known = sorted(lexeme.orth_ for lexeme in vocab)[:5]  # the lexemes `blank("fa")` starts with
    assert known
    text = "US$ ’s — «Hello» WORLD İstanbul ORG PERSON " + " ".join(known) + " ۱۲۳ 1,000 ..."
    doc = DocumentRecord(text, [SpanRecord(0, 3, "ORG", "sara")], name="norms", id=8)
    made = [prepare_item(doc, SHAPE)[0]]
    assert written(made) == reference(made)


@given(st.lists(st.tuples(st.text(min_size=1, max_size=4), st.booleans()), max_size=12))
def test_cut_gives_each_pieces_string(parts):
    """`cut` against slicing, on pieces of any characters (spaces, NUL, astral) with or without a space after."""
    from desktop.formats.spacy_pieces import code_points, cut

    text, first, last = "", [], []
    for word, space in parts:
        first.append(len(text))
        text += word
        last.append(len(text))
        text += " " * space
    starts, ends = np.array(first, dtype=np.int64), np.array(last, dtype=np.int64)
    spaces = np.array([space for _, space in parts], dtype=bool)
    assert cut(code_points(text), starts, ends, spaces) == [word for word, _ in parts]


def test_token_rows_of_every_msgpack_bin_size_write_the_same_bytes():
    """The token rows are packed by hand (a bin header, then the array's own bytes): bin 8 up to
    255 bytes (two tokens), bin 16 up to 64 KiB, bin 32 beyond (700 tokens of 104 bytes)."""
    many = " ".join(f"واژه{i % 50}" for i in range(700))
    docs = [DocumentRecord("یک دو", [], id=9), DocumentRecord(many, [SpanRecord(0, 5, "a", "sara")], id=10)]
    made = [prepare_item(d, SHAPE)[0] for d in docs]
    for picked in (made[:1], made[1:], made):
        assert written(picked) == reference(picked)


@given(st.lists(st.binary(max_size=3000), max_size=6), st.integers(0, 70_000), st.integers(100, 9000))
def test_compressing_the_parts_is_compressing_them_joined(parts, zeros, block):
    """The compressor gets the same blocks of the message however it is cut into parts: isal's
    bytes depend on how its input is cut (zlib's do not)."""
    from unittest import mock

    from desktop.formats import spacy_deflate

    parts.insert(len(parts) // 2, bytes(zeros))  # long runs: matches across the parts
    parts.insert(1, np.arange(block % 700, dtype=np.uint64).view(np.uint8))  # a view of an array, as the rows
    joined = b"".join(parts)
    with mock.patch.object(spacy_deflate, "_BLOCK", block):
        blocks = list(map(bytes, spacy_deflate._blocks(parts)))
        assert blocks == [joined[i : i + block] for i in range(0, len(joined), block)]
        assert compressed(parts) == compressed([joined])
    assert compressed(parts) == compressed([joined])  # blocks of 1 MiB: the parts are smaller
    with mock.patch.dict("sys.modules", {"isal": None, "isal.isal_zlib": None}):
        assert compressed(parts) == zlib.compress(joined, LEVEL)
        assert compressed(parts, 6) == zlib.compress(joined)


def test_no_shard_process_is_forked_from_a_thread_threading_does_not_know():
    """The window exports on a QThread: a thread `threading` does not count. Forking from it while
    the window's main thread runs would copy a process whose other threads may hold locks."""
    import _thread
    import threading

    from desktop.formats import spacy_process

    seen: list[bool] = []
    done = threading.Event()

    def foreign() -> None:  # as a QThread runs Python: started outside `threading`, not counted
        seen.append(spacy_process.usable())
        done.set()

    _thread.start_new_thread(foreign, ())
    assert done.wait(10)
    assert seen == [False]
