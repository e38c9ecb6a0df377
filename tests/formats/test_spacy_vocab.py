"""spaCy's answers kept for the shard process (spacy_vocab.py) are the real vocab's, answer for answer."""

from __future__ import annotations

import io
import pickle
import subprocess
import sys

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

spacy = pytest.importorskip("spacy")

from formats.test_spacy_bytes import items, reference, shard_path  # noqa: E402

from desktop.formats import spacy_vocab  # noqa: E402
from desktop.formats.spacy_lexicon import Lexicon  # noqa: E402
from desktop.formats.spacy_vocab import CachedLexicon, murmurhash64  # noqa: E402
from desktop.formats.writing import WriterOptions  # noqa: E402

pytestmark = pytest.mark.usefixtures("threads_of_this_test")
ANSWERS = spacy_vocab.kept_answers(spacy.__version__)  # the resources' (no cache folder named here)
KEPT = pytest.mark.skipif(ANSWERS is None, reason="the answers kept are another spaCy version's")
# Persian and Arabic letters, ZWNJ, kashida, digits of three scripts, Latin cases (İ and ß change
# length when lowered), quotes and dashes spaCy's norms map, symbols' names, astral characters, NUL
LETTERS = "ابپتسلامیيكک\u200c\u0640۱۲٣4aAzZİßΣ’‘”“«»…—–€$'`?？ORG 😀𝄞\x00\t\n"
WORDS = st.text(alphabet=LETTERS, max_size=30) | st.text(max_size=12)


def lexicons(words: list[str]) -> tuple[Lexicon, CachedLexicon]:
    real, kept = Lexicon(spacy.blank("fa").vocab), CachedLexicon(ANSWERS or {})
    real.learn(words)
    kept.learn(words)
    return real, kept


def test_murmurhash64_is_spacys_string_hash():
    from spacy.strings import hash_string

    words = ["", "a", "abcdefg", "abcdefgh", "abcdefghi", "سلام", "می\u200cروم", "😀" * 9, "x" * 1000]
    assert murmurhash64(words).tolist() == [hash_string(w) for w in words]
    assert murmurhash64([]).tolist() == []


@given(st.lists(WORDS, max_size=40))
@settings(max_examples=300)
def test_murmurhash64_of_any_words(words):
    from spacy.strings import hash_string

    assert murmurhash64(words).tolist() == [hash_string(w) for w in words]


@KEPT
def test_the_answers_kept_are_the_installed_spacys():
    kept = dict(ANSWERS or {})
    kept["ATTRS"] = list(kept["ATTRS"])
    assert spacy_vocab.answers() == kept
    assert len(kept["SYMBOLS"]) > 400 and kept["NORMS"]


@KEPT
def test_every_word_the_language_knows_is_answered_as_the_vocab_answers():
    """Its lexemes, the norm exceptions, the symbols' names (and their lower case), some words."""
    vocab = spacy.blank("fa").vocab
    words = [lex.orth_ for lex in vocab] + list(ANSWERS["NORMS"]) + list(ANSWERS["SYMBOLS"])
    words += [w.lower() for w in ANSWERS["SYMBOLS"]] + ["ORG", "org", "İstanbul", "STRASSE", "ß", "", " "]
    real, kept = lexicons(words)
    assert len(words) > 1000
    assert kept.norms == real.norms and kept.words == real.words
    assert np.array_equal(kept.table(), real.table())
    for label in ["ORG", "LOC", "place", "شخص", "", "PERSON"]:
        assert kept.label(label) == real.label(label)
    assert kept.attrs() == real.attrs()


@KEPT
@given(st.lists(WORDS, max_size=40), st.lists(WORDS, max_size=5))
@settings(max_examples=150, deadline=None)
def test_any_words_are_answered_as_the_vocab_answers(words, labels):
    real, kept = lexicons(words)
    assert kept.norms == real.norms
    assert np.array_equal(kept.table(), real.table())
    assert [kept.label(x) for x in labels] == [real.label(x) for x in labels]


def test_another_spacy_version_is_asked_to_spacy_itself(monkeypatch):
    from desktop.formats import spacy_process

    monkeypatch.setattr(spacy_vocab, "installed", lambda: "0.0.0")
    assert spacy_vocab.cached_lexicon() is None
    made = spacy_process._lexicon()
    assert type(made) is Lexicon and made.vocab is not None


@KEPT
def test_with_the_answers_kept_the_shard_process_never_imports_spacy(monkeypatch, tmp_path):
    """Its shards are the same bytes as spaCy's DocBin's; it loads no spaCy module."""
    code = f"""
import io, pickle, sys
from desktop.formats import spacy_process, spacy_shards
from desktop.formats.writing import WriterOptions

spacy_shards.SHARD_DOCS = 2
made = pickle.loads(sys.stdin.buffer.read())
real = spacy_process._lexicon

def lexicon():  # in the shard process: the modules it has loaded, once its lexicon is made
    made = real()
    with open({str(tmp_path / "modules")!r}, "w") as out:
        out.write(" ".join(sorted(m for m in sys.modules if m.split(".")[0] in ("spacy", "thinc"))))
    return made

spacy_process._lexicon = lexicon
files = {{}}

def opener(name):
    files[name] = io.BytesIO()
    return files[name]

writer = spacy_shards.ShardedDocBinWriter(opener, WriterOptions())
for item in made:
    writer.write(item)
writer.close()
sys.stdout.buffer.write(pickle.dumps((writer._process is not None, {{n: f.getvalue() for n, f in files.items()}})))
"""
    made = items()
    out = subprocess.run([sys.executable, "-c", code], input=pickle.dumps(made), capture_output=True, check=True)
    forked, files = pickle.loads(out.stdout)
    assert forked and (tmp_path / "modules").read_text() == ""
    assert files == {
        "0000.spacy": reference(made[:2]),
        "0001.spacy": reference(made[2:4]),
        "0002.spacy": reference(made[4:]),
    }


@KEPT
def test_a_shard_process_with_the_answers_kept_writes_spacys_bytes(monkeypatch):
    """Forked from this process too (where spaCy is loaded already): the kept answers, the same bytes."""
    from desktop.formats import spacy_process, spacy_shards

    shard_path(monkeypatch, True)
    monkeypatch.setattr(spacy_shards, "SHARD_DOCS", 4)
    assert type(spacy_process._lexicon()) is CachedLexicon  # what the shard process makes
    files: dict[str, io.BytesIO] = {}

    def opener(name: str) -> io.BytesIO:
        files[name] = io.BytesIO()
        return files[name]

    writer = spacy_shards.ShardedDocBinWriter(opener, WriterOptions())
    assert writer.lexicon is None and spacy_process.usable() is True
    made = items()
    for item in made:
        writer.write(item)
    writer.close()
    assert {name: f.getvalue() for name, f in files.items()} == {
        "0000.spacy": reference(made[:4]),
        "0001.spacy": reference(made[4:]),
    }


@KEPT
def test_a_writer_in_this_process_needs_no_spacy_import_either(tmp_path):
    """The window's export (no fork: the lexicon made in process) and the writers of a split:
    spaCy's bytes, and no spaCy or thinc module loaded (~0.4-1 s of CPU and ~45 MB before)."""
    code = """
import io, pickle, sys
from desktop.formats.spacy_docbin import DocBinWriter
from desktop.formats.writing import WriterOptions

made = pickle.loads(sys.stdin.buffer.read())
out = io.BytesIO()
writer = DocBinWriter(out, WriterOptions())
for item in made:
    writer.write(item)
writer.close()
loaded = sorted(m for m in sys.modules if m.split(".")[0] in ("spacy", "thinc"))
sys.stdout.buffer.write(pickle.dumps((type(writer.lexicon).__name__, loaded, out.getvalue())))
"""
    made = items()
    out = subprocess.run([sys.executable, "-c", code], input=pickle.dumps(made), capture_output=True, check=True)
    kind, loaded, data = pickle.loads(out.stdout)
    assert (kind, loaded) == ("CachedLexicon", [])
    assert data == reference(made)


def test_another_spacy_version_is_imported_where_the_writer_makes_its_lexicon(monkeypatch):
    from desktop.formats.spacy_docbin import DocBinWriter

    monkeypatch.setattr(spacy_vocab, "installed", lambda: "0.0.0")
    writer = DocBinWriter(io.BytesIO(), WriterOptions())
    assert type(writer.lexicon) is Lexicon and writer.lexicon.vocab is not None
    made = items()
    for item in made:
        writer.write(item)
    writer.close()
    assert writer.out.getvalue() == reference(made)
