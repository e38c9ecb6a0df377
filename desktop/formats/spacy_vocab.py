"""spaCy's answers for the export's words, without importing spaCy (the shard process's lexicon).

What the DocBin message needs from `spacy.blank("fa").vocab` is small: a string's hash (its
symbol's number for spaCy's ~450 symbols, else MurmurHash64A of its UTF-8 with seed 1, as
`StringStore.add` makes it), a word's NORM (the language's norm getter: a table of exceptions,
else `str.lower`, as `Vocab._new_lexeme` asks it; the lexemes the language made keep their
own), and the attribute ids of DocBin's columns. Importing spaCy and making the vocab cost the
shard process ~0.4-0.6 s of CPU and ~45 MB before its first shard; here those answers are kept
for one spaCy version (spacy_vocab_data.py, written by `python -m desktop.formats.spacy_vocab`
from the real vocab) and the hashes made by numpy, a shard's words at once. Another spaCy
version imports spaCy as before (`cached_lexicon` returns None), and
tests/formats/test_spacy_vocab.py compares every answer with the real vocab's.
"""

from __future__ import annotations

import sys
from importlib import import_module, metadata
from pathlib import Path
from typing import Any

import numpy as np

from desktop.formats import spacy_vocab_data as data
from desktop.formats.spacy_bytes import COLUMNS, Lexicon

_M = np.uint64(0xC6A4A7935BD1E995)  # MurmurHash64A's multiplier and shift
_R = np.uint64(47)
_SEED = 1  # spaCy's (strings.pyx: hash_utf8)


def murmurhash64(strings: list[str], seed: int = _SEED) -> np.ndarray:
    """MurmurHash64A of each string's UTF-8 (spaCy's `hash_string`), all strings at once: their
    bytes laid out in 8-byte words, each string's padded with zeros, mixed a word index at a time."""
    encoded = [s.encode("utf-8") for s in strings]
    count = len(encoded)
    lengths = np.fromiter(map(len, encoded), dtype=np.int64, count=count)
    offsets = np.zeros(count + 1, dtype=np.int64)  # each string's first word
    np.cumsum((lengths + 7) // 8, out=offsets[1:])
    laid = bytearray(8 * int(offsets[-1]))
    for string, at in zip(encoded, (8 * offsets[:-1]).tolist(), strict=True):
        laid[at : at + len(string)] = string
    words = np.frombuffer(laid, dtype="<u8")
    whole = lengths // 8  # words of 8 bytes; the rest (zero-padded) is the tail
    with np.errstate(over="ignore"):  # uint64 arithmetic wraps, as the C does
        hashes = np.uint64(seed) ^ (lengths.astype(np.uint64) * _M)
        for i in range(int(whole.max()) if count else 0):
            at = np.flatnonzero(whole > i)
            k = words[offsets[at] + i] * _M
            k ^= k >> _R
            k *= _M
            hashes[at] = (hashes[at] ^ k) * _M
        tail = np.flatnonzero(lengths % 8)
        hashes[tail] = (hashes[tail] ^ words[offsets[tail] + whole[tail]]) * _M
        hashes ^= hashes >> _R
        hashes *= _M
        hashes ^= hashes >> _R
    return hashes


def string_ids(strings: list[str]) -> np.ndarray:
    """What `StringStore.add` returns for each string: its symbol's number, or its hash."""
    ids = murmurhash64(strings)
    for i, string in enumerate(strings):
        symbol = data.SYMBOLS.get(string)
        if symbol is not None:
            ids[i] = symbol
    return ids


def norm(word: str) -> str:
    """The NORM `spacy.blank("fa").vocab` gives the word (`Lexeme.norm_`)."""
    found = data.LEXEMES.get(word)
    if found is None:
        found = data.NORMS.get(word)
    return word.lower() if found is None else found


class CachedLexicon(Lexicon):
    """A `Lexicon` answered from the kept answers (spacy_vocab_data.py), with no vocab."""

    def __init__(self) -> None:
        super().__init__(None)

    def _answers(self, words: list[str]) -> tuple[list[str], np.ndarray]:
        norms = list(map(norm, words))
        hashes = np.empty((len(words), 2), dtype=np.uint64)
        hashes[:, 0], hashes[:, 1] = string_ids(words), string_ids(norms)
        return norms, hashes

    def _label(self, label: str) -> int:
        return int(string_ids([label])[0])

    def attrs(self) -> list[int]:
        return list(data.ATTRS)


def cached_lexicon() -> CachedLexicon | None:
    """The lexicon of the kept answers when they are the installed spaCy's, else None (import spaCy)."""
    try:
        installed = metadata.version("spacy")
    except metadata.PackageNotFoundError:
        return None
    return CachedLexicon() if installed == data.SPACY else None


def answers() -> dict[str, Any]:
    """The answers to keep, from the installed spaCy (imports it): its version, symbols, the norm
    getter's exceptions, the norms of the lexemes the language made that differ from the getter's,
    and DocBin's attribute ids. Refuses a norm getter it cannot keep (not a table, then lower)."""
    import spacy
    from spacy.lang.lex_attrs import lower
    from spacy.tokens import DocBin

    ids = import_module("spacy.attrs").IDS  # compiled, without type stubs
    vocab = spacy.blank("fa").vocab
    getters: dict[int, Any] = vocab.lex_attr_getters  # type: ignore[attr-defined]  # not in vocab.pyi
    getter = getters[ids["NORM"]]
    default, tables = getter.args  # util.add_lookups: partial(_get_attr_unless_lookup, default, lookups)
    if getter.func.__name__ != "_get_attr_unless_lookup" or default is not lower or getter.keywords:
        raise AssertionError(f"spaCy's NORM getter changed: {getter}")
    norms: dict[str, str] = {}
    for table in reversed(tables):  # the first table with the word answers
        norms.update(table)
    lexemes = {lex.orth_: lex.norm_ for lex in vocab if lex.norm_ != getter(lex.orth_)}
    attrs: list[Any] = DocBin(store_user_data=True).attrs
    if attrs != [int(ids[name]) for name in COLUMNS]:
        raise AssertionError(f"DocBin attributes changed: {attrs}")
    return {
        "SPACY": spacy.__version__,
        "SYMBOLS": {str(k): int(v) for k, v in import_module("spacy.symbols").IDS.items()},
        "NORMS": norms,
        "LEXEMES": lexemes,
        "ATTRS": [int(a) for a in attrs],
    }


def write_data(path: Path) -> None:
    """spacy_vocab_data.py from the installed spaCy (`answers`)."""
    found = answers()
    lines = [
        '"""spaCy\'s answers kept for spacy_vocab.py; written by `python -m desktop.formats.spacy_vocab`."""',
        "",
    ]
    for name, value in found.items():
        kind = {"SPACY": "str", "SYMBOLS": "dict[str, int]", "ATTRS": "tuple[int, ...]"}.get(name, "dict[str, str]")
        shown = tuple(value) if name == "ATTRS" else value
        lines.append(f"{name}: {kind} = {shown!r}")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


if __name__ == "__main__":
    write_data(Path(__file__).with_name("spacy_vocab_data.py"))
    sys.exit(0)
