"""spaCy's answers for the export's words, without importing spaCy (the shard process's lexicon).

What the DocBin message needs from `spacy.blank("fa").vocab` is small: a string's hash (its
symbol's number for spaCy's ~450 symbols, else MurmurHash64A of its UTF-8 with seed 1, as
`StringStore.add` makes it), a word's NORM (the language's norm getter: a table of exceptions,
else `str.lower`, as `Vocab._new_lexeme` asks it; the lexemes the language made keep their
own), and the attribute ids of DocBin's columns. Importing spaCy and making the vocab cost the
shard process ~0.4-0.6 s of CPU and ~45 MB before its first shard; here those answers are kept
as data, by spaCy version, and the hashes made by numpy, a shard's words at once:

- resources/spacy/vocab-<version>.json, for the version the project pins (written from the real
  vocab by `python -m desktop.formats.spacy_vocab`);
- for any other installed version, the same file in the cache folder the export names
  (`keep_in`): made from the real vocab the first time an export imports spaCy for it
  (`remember`, written atomically), read by the exports after it.

Where neither has the installed version's answers, spaCy is imported as before (`cached_lexicon`
returns None). tests/formats/test_spacy_vocab.py compares every answer with the real vocab's.
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
from importlib import import_module, metadata
from pathlib import Path
from typing import Any

import numpy as np

from desktop.formats.spacy_lexicon import COLUMNS, Lexicon
from desktop.resources import resource_path

type Answers = dict[str, Any]  # SPACY (its version), SYMBOLS, NORMS, LEXEMES, ATTRS: `answers`
_KEYS = ("SPACY", "SYMBOLS", "NORMS", "LEXEMES", "ATTRS")
_cache: Path | None = None  # where the answers made for other spaCy versions are kept (`keep_in`)

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


def string_ids(strings: list[str], symbols: dict[str, int]) -> np.ndarray:
    """What `StringStore.add` returns for each string: its symbol's number, or its hash."""
    ids = murmurhash64(strings)
    for i, string in enumerate(strings):
        symbol = symbols.get(string)
        if symbol is not None:
            ids[i] = symbol
    return ids


class CachedLexicon(Lexicon):
    """A `Lexicon` answered from kept answers (`kept_answers`), with no vocab."""

    def __init__(self, answers: Answers) -> None:
        super().__init__(None)
        self.symbols: dict[str, int] = answers["SYMBOLS"]
        self.norms_kept: dict[str, str] = answers["NORMS"]
        self.lexemes: dict[str, str] = answers["LEXEMES"]
        self.attr_ids: list[int] = list(answers["ATTRS"])

    def norm(self, word: str) -> str:
        """The NORM `spacy.blank("fa").vocab` gives the word (`Lexeme.norm_`)."""
        found = self.lexemes.get(word)
        if found is None:
            found = self.norms_kept.get(word)
        return word.lower() if found is None else found

    def _answers(self, words: list[str]) -> tuple[list[str], np.ndarray]:
        norms = list(map(self.norm, words))
        hashes = np.empty((len(words), 2), dtype=np.uint64)
        hashes[:, 0], hashes[:, 1] = string_ids(words, self.symbols), string_ids(norms, self.symbols)
        return norms, hashes

    def _label(self, label: str) -> int:
        return int(string_ids([label], self.symbols)[0])

    def attrs(self) -> list[int]:
        return list(self.attr_ids)


def installed() -> str | None:
    """The installed spaCy's version, None without spaCy."""
    try:
        return metadata.version("spacy")
    except metadata.PackageNotFoundError:
        return None


def cached_lexicon() -> CachedLexicon | None:
    """The lexicon of the answers kept for the installed spaCy, else None (import spaCy)."""
    version = installed()
    found = kept_answers(version) if version is not None else None
    return None if found is None else CachedLexicon(found)


def keep_in(folder: Path | None) -> None:
    """Where the answers made for a spaCy version the resources do not hold are kept (the user's
    cache folder, desktop.paths.cache_dir(), named by the export); None: nowhere."""
    global _cache
    _cache = folder


def kept_answers(version: str) -> Answers | None:
    """The answers kept for `version`: the resources', else the cache folder's; None if neither
    holds them whole (a damaged cache file is made again)."""
    for path in _paths(version):
        try:
            found = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue
        if isinstance(found, dict) and tuple(found) == _KEYS and found["SPACY"] == version:
            return found
    return None


def remember(version: str) -> None:
    """The installed spaCy's answers (spaCy imported: `new_lexicon` made its vocab) kept in the
    cache folder for `version`, for the exports after this one; written whole or not at all
    (a temporary file renamed). Nothing when no cache folder is named, a norm getter of another
    shape (`answers` refuses it), or a folder that cannot be written: spaCy is then imported again."""
    if _cache is None:
        return
    try:
        found = answers()
    except AssertionError:
        return
    found["SPACY"] = version
    try:
        _write(_cache / "spacy" / f"vocab-{version}.json", found)
    except OSError:
        pass  # an optimisation only: the next export imports spaCy


def _paths(version: str) -> list[Path]:
    name = f"vocab-{version}.json"
    return [resource_path("spacy", name)] + ([_cache / "spacy" / name] if _cache is not None else [])


def _write(path: Path, found: Answers) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=path.name, suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            out.write(json.dumps(found, ensure_ascii=False, indent=1) + "\n")
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


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


def write_data(folder: Path) -> Path:
    """The installed spaCy's answers (`answers`) as resources/spacy/vocab-<version>.json."""
    found = answers()
    path = folder / f"vocab-{found['SPACY']}.json"
    _write(path, found)
    return path


if __name__ == "__main__":
    print(write_data(resource_path("spacy")))
    sys.exit(0)
