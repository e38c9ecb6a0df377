"""The shard process looks each distinct piece up once (spacy_pieces.distinct, pyarrow's
dictionary_encode over the pieces' UTF-32 bytes), not each piece: the same strings, the same bytes."""

from __future__ import annotations

import io
import sys
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from desktop.formats.writing import WriterOptions
from tests.formats.test_spacy_bytes import items, reference, shard_path, written

spacy = pytest.importorskip("spacy")
pytest.importorskip("pyarrow._compute")
pytestmark = pytest.mark.usefixtures("threads_of_this_test")

PIECE = st.text(st.sampled_from(["a", "ب", " ", "\x00", "\u200c", "😀", "\n", "\U0010ffff", "\ufeff"]), min_size=1)


@given(st.lists(st.tuples(PIECE, st.booleans()), max_size=30))
def test_each_piece_is_one_of_the_distinct_strings(parts):
    """Pieces of any characters (NUL, ZWNJ, astral, spaces inside and after), repeated or not."""
    from desktop.formats.spacy_pieces import code_points, cut, distinct

    text, first, last = "", [], []
    for word, space in parts:
        first.append(len(text))
        text += word
        last.append(len(text))
        text += " " * space
    starts, ends = np.array(first, dtype=np.int64), np.array(last, dtype=np.int64)
    spaces = np.array([space for _, space in parts], dtype=bool)
    found = distinct(code_points(text), starts, ends)
    if not parts:
        assert found is None
        return
    assert found is not None
    strings, index = found
    words = cut(code_points(text), starts, ends, spaces)
    assert [strings[i] for i in index.tolist()] == words
    assert sorted(strings) == sorted(set(words))  # each once


def test_without_pyarrow_loaded_every_piece_is_cut(monkeypatch):
    from desktop.formats.spacy_pieces import code_points, distinct

    monkeypatch.delitem(sys.modules, "pyarrow._compute")
    assert distinct(code_points("یک دو"), np.array([0, 3]), np.array([2, 5])) is None


def test_the_bytes_are_spacys_whether_pieces_are_looked_up_once_or_each(monkeypatch):
    import pyarrow._compute  # noqa: F401  # loaded: distinct answers

    from desktop.formats import spacy_bytes

    made = items()
    calls: list[bool] = []
    real = spacy_bytes.distinct
    monkeypatch.setattr(spacy_bytes, "distinct", lambda *a: calls.append(True) or real(*a))
    assert written(made) == reference(made)
    assert calls
    monkeypatch.setattr(spacy_bytes, "distinct", lambda *a: None)
    assert written(made) == reference(made)


def test_the_shard_process_loads_pyarrow_and_looks_each_distinct_piece_up_once(monkeypatch, tmp_path: Path):
    """The forked shard process preloads pyarrow, its arrays on malloc's pool (this process's
    stay on mimalloc's), and its shards are the reference bytes."""
    from desktop.formats import spacy_bytes, spacy_shards

    shard_path(monkeypatch, True)
    monkeypatch.setattr(spacy_shards, "SHARD_DOCS", 4)
    marker = tmp_path / "distinct"
    real = spacy_bytes.distinct

    def noted(*args):
        import pyarrow

        found = real(*args)
        if found is not None:  # in the shard process: with malloc's pool, not mimalloc's
            marker.write_text(pyarrow.default_memory_pool().backend_name)
        return found

    monkeypatch.setattr(spacy_bytes, "distinct", noted)
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
    assert marker.read_text() == "system"
    import pyarrow

    assert pyarrow.default_memory_pool().backend_name != "system"  # set in the shard process only
