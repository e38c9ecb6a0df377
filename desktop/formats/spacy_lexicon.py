"""The strings of a DocBin and what spaCy answers for them: hashes, NORMs, labels, attribute ids.

Its own module because it is the one part of the DocBin's bytes that asks spaCy (or, without
spaCy, spacy_vocab.py's kept answers: `CachedLexicon` subclasses `Lexicon`): every other part of
the message is made from the documents alone. `COLUMNS` are the attributes of DocBin's token
rows whose ids the lexicon answers (`Lexicon.attrs`); `check_columns` refuses a spaCy whose
DocBin lists others.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from importlib import import_module
from typing import TYPE_CHECKING, Any

import numpy as np

if TYPE_CHECKING:
    from spacy.vocab import Vocab

# Columns of DocBin's default attributes (DOCBIN_ALL_ATTRS sorted by id, ORTH first): checked against
# spaCy's own list when a writer is made (`check_columns`).
COLUMNS: tuple[str, ...] = ("ORTH", "NORM", "LEMMA", "POS", "TAG", "DEP", "ENT_IOB", "ENT_TYPE", "HEAD")
COLUMNS += ("SENT_START", "ENT_KB_ID", "MORPH", "ENT_ID")


def check_columns(attrs: list[Any]) -> None:
    """Refuse to write when spaCy's DocBin columns are not the ones `COLUMNS` names (the token rows filled)."""
    if attrs != _attrs():  # a spaCy this module does not know: a bug, not the user's
        raise AssertionError(f"DocBin attributes changed: {attrs}")


class Lexicon(dict[str, int]):
    """Each distinct string's number, with its ORTH and NORM hashes and NORM string, as the
    vocab answers them (`_answers`); the strings of a shard are asked about at once (`learn`).
    Without a vocab, a subclass answers (spacy_vocab.py: spaCy's answers kept, no spaCy import)."""

    def __init__(self, vocab: Vocab | None) -> None:
        super().__init__()
        self.vocab = vocab
        self.words: list[str] = []
        self.norms: list[str] = []
        self._hashes: list[np.ndarray] = []  # (ORTH, NORM) rows of each `learn`
        self._table = np.zeros((0, 2), dtype=np.uint64)
        self._labels: dict[str, int] = {}
        if vocab is not None:
            getters: dict[int, Callable[[str], Any]] = vocab.lex_attr_getters  # type: ignore[attr-defined]  # not in vocab.pyi
            self._norm: Callable[[str], str] | None = getters.get(_norm_id())
            self._add: Callable[[str], int] = vocab.strings.add

    def __missing__(self, word: str) -> int:
        self.learn([word])
        return self[word]

    def learn(self, words: Iterable[str]) -> None:
        """Number the strings not numbered yet, each once, asking about them all at once."""
        new = [word for word in dict.fromkeys(words) if word not in self]
        if not new:
            return
        norms, hashes = self._answers(new)
        self.update(zip(new, range(len(self.words), len(self.words) + len(new)), strict=True))
        self.words += new
        self.norms += norms
        self._hashes.append(hashes)

    def _answers(self, words: list[str]) -> tuple[list[str], np.ndarray]:
        """Each word's NORM string and its (ORTH, NORM) hashes, from the vocab."""
        assert self.vocab is not None  # a subclass answers without one
        norms: list[str] = []
        rows: list[tuple[int, int]] = []
        for word in words:
            if self._norm is None or word in self.vocab:  # a lexeme the language made: its own norm
                lexeme = self.vocab[word]
                norm, orth = lexeme.norm_, lexeme.orth
            else:  # what the vocab would make a new lexeme's (Vocab._new_lexeme), without its other attributes
                norm, orth = self._norm(word), self._add(word)
            norms.append(norm)
            rows.append((orth, self._add(norm)))
        return norms, np.array(rows, dtype=np.uint64).reshape(-1, 2)

    def label(self, label: str) -> int:
        """The label's value as spaCy stores it: its hash, or its symbol's number (`ORG`: 383)."""
        found = self._labels.get(label)
        if found is None:
            found = self._labels[label] = self._label(label)
        return found

    def _label(self, label: str) -> int:
        assert self.vocab is not None
        return int(self.vocab.strings.add(label))

    def attrs(self) -> list[int]:
        """The attribute ids of `COLUMNS`, as DocBin lists them."""
        return _attrs()

    def table(self) -> np.ndarray:
        """(ORTH, NORM) hash rows by number."""
        if len(self._table) < len(self.words):
            self._table = np.concatenate([self._table, *self._hashes])
            self._hashes = []
        return self._table


def _norm_id() -> int:
    return int(import_module("spacy.attrs").NORM)


def _attrs() -> list[int]:
    """The attribute ids of `COLUMNS` (spacy.attrs is compiled, without type stubs)."""
    ids = import_module("spacy.attrs").IDS
    return [int(ids[name]) for name in COLUMNS]
