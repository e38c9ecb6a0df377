"""A shard's columns are filled with no numpy work per document: spacy_raw's token edges are kept
as the chunk's own arrays with the document's start there (`Edges.shift`), shifted once a shard,
and the texts are encoded once a shard. The columns and the bytes are those of the same tokens
handed as pairs."""

from __future__ import annotations

import numpy as np
import pytest

from desktop.formats.spacy_bytes import DocBinBytes
from desktop.formats.spacy_pieces import code_points
from desktop.workspace.export.spacy_raw import Edges

pytest.importorskip("spacy")

TEXTS = ["کتاب‌ها را خواند.", "a b", "تهران 𝄞 ری", "x"]


def tokens_of(text: str) -> list[tuple[int, int]]:
    out, at = [], 0
    for word in text.split(" "):
        out.append((at, at + len(word)))
        at += len(word) + 1
    return out


def filled(as_edges: bool) -> DocBinBytes:
    made = DocBinBytes(None, b"", repr)  # type: ignore[arg-type]  # only the columns are looked at
    chunk = [(s + base, e + base) for base, text in _bases() for s, e in tokens_of(text)]
    starts = np.array([s for s, _ in chunk], dtype=np.int64)
    ends = np.array([e for _, e in chunk], dtype=np.int64)
    first = 0
    for base, text in _bases():
        tokens = tokens_of(text)
        given = Edges(starts[first : first + len(tokens)], ends[first : first + len(tokens)], base)
        made.add(text, given if as_edges else tokens, [(0, 1, "PER")], [], [], {"id": base})
        if as_edges:  # kept as they are: no copy per document
            assert np.shares_memory(made.starts[-1], starts) and np.shares_memory(made.ends[-1], ends)
        first += len(tokens)
    return made


def _bases() -> list[tuple[int, str]]:
    out, at = [], 7  # the chunk's first document need not start at 0
    for text in TEXTS:
        out.append((at, text))
        at += len(text) + 3
    return out


def test_edges_are_kept_as_the_chunks_arrays_and_shifted_once():
    raw, pairs = filled(True).columns(), filled(False).columns()
    assert raw.keys() == pairs.keys()
    for name in ("codes", "starts", "ends"):
        assert len(raw[name]) == 1 and np.array_equal(raw[name][0], pairs[name][0])
    assert raw["shifts"] == pairs["shifts"] == [0]
    joined = "".join(TEXTS)
    assert np.array_equal(raw["codes"][0], code_points(joined))
    every = [
        (s + len("".join(TEXTS[:i])), e + len("".join(TEXTS[:i]))) for i, t in enumerate(TEXTS) for s, e in tokens_of(t)
    ]
    assert list(zip(raw["starts"][0].tolist(), raw["ends"][0].tolist(), strict=True)) == every


def test_the_texts_are_encoded_once_a_shard(monkeypatch):
    import desktop.formats.spacy_bytes as spacy_bytes

    encoded: list[str] = []
    real = spacy_bytes.code_points
    monkeypatch.setattr(spacy_bytes, "code_points", lambda text: encoded.append(text) or real(text))
    columns = filled(True).columns()
    assert encoded == ["".join(TEXTS)]
    assert columns["texts"] == []


def test_the_columns_handed_over_are_not_shifted_again(monkeypatch):
    made = filled(True)
    starts, ends = made._edges_joined()
    handed = made.with_columns(made.columns())

    def shifted(*args, **kwargs):
        raise AssertionError("a shift of zeros repeated")

    monkeypatch.setattr(np, "repeat", shifted)
    again = handed._edges_joined()
    assert np.array_equal(again[0], starts) and np.array_equal(again[1], ends)
