"""A forked spaCy shard process imports spaCy itself, off the exporting process's path.

Importing spaCy and making `blank("fa")`'s vocab cost the exporting process ~1 s of CPU in a
fresh interpreter before its first document. The shard process is forked when the writer is
made, so it imports spaCy while the exporting process reads and fills the first shards; the
exporting process only fills columns (labels by name, hashed where the bytes are built).
"""

from __future__ import annotations

import io
import pickle
import subprocess
import sys

import pytest

pytest.importorskip("spacy")

from formats.test_spacy_bytes import items, reference, shard_path  # noqa: E402

from desktop.core.errors import BarchasbError  # noqa: E402
from desktop.formats.writing import WriterOptions  # noqa: E402

# Only this test's threads count for whether a shard process may be forked: a thread another test
# left behind (an import's short-lived freeing thread, datasets' monitor) is not this test's.
pytestmark = pytest.mark.usefixtures("threads_of_this_test")

PROBE = """
import io, pickle, sys
from desktop.formats import spacy_shards
from desktop.formats.writing import WriterOptions

spacy_shards.SHARD_DOCS = 2
made = pickle.loads(sys.stdin.buffer.read())
from desktop.formats import spacy_docbin, spacy_vocab
spacy_vocab.installed = lambda: "0.0.0"  # no answers kept for it (test_spacy_vocab: the real one): spaCy imported
real = spacy_docbin.new_lexicon

def new_lexicon():  # called in the shard process: which of spaCy's command modules it loaded
    made = real()
    with open(sys.argv[1], "w") as out:
        out.write(" ".join(sorted(m for m in sys.modules if m.startswith("spacy.cli"))))
    return made

spacy_docbin.new_lexicon = new_lexicon
files = {}

def opener(name):
    files[name] = io.BytesIO()
    return files[name]

writer = spacy_shards.ShardedDocBinWriter(opener, WriterOptions())
for item in made:
    writer.write(item)
writer.close()
found = {"spacy": "spacy" in sys.modules, "forked": writer._process is not None}
sys.stdout.buffer.write(pickle.dumps((found, {name: f.getvalue() for name, f in files.items()})))
"""


def test_the_exporting_process_never_imports_spacy_and_the_shards_are_the_same(tmp_path):
    made = items()
    modules = tmp_path / "modules"
    out = subprocess.run(
        [sys.executable, "-c", PROBE, str(modules)], input=pickle.dumps(made), capture_output=True, check=True
    ).stdout
    found, files = pickle.loads(out)
    assert found == {"spacy": False, "forked": True}
    assert modules.read_text().split() == ["spacy.cli", "spacy.cli.info"]  # stand-ins: no command loaded
    assert files == {
        "0000.spacy": reference(made[:2]),
        "0001.spacy": reference(made[2:4]),
        "0002.spacy": reference(made[4:]),
    }


def test_a_shard_process_that_cannot_import_spacy_fails_the_export_with_the_message(monkeypatch):
    from desktop.formats import spacy_docbin, spacy_shards, spacy_vocab

    shard_path(monkeypatch, True)
    monkeypatch.setattr(spacy_shards, "SHARD_DOCS", 1)

    def broken() -> None:
        raise BarchasbError(spacy_docbin.NEEDS_SPACY)

    monkeypatch.setattr(spacy_docbin, "new_lexicon", broken)
    monkeypatch.setattr(spacy_vocab, "installed", lambda: "0.0.0")  # no answers kept for it: spaCy is imported
    writer = spacy_shards.ShardedDocBinWriter(lambda name: io.BytesIO(), WriterOptions())
    assert writer.lexicon is None  # not made here
    with pytest.raises(BarchasbError, match="needs spaCy"):
        for item in items():
            writer.write(item)
        writer.close()
    assert writer._process is not None and not writer._process.process.is_alive()


def test_without_spacy_installed_the_writer_says_so_before_any_shard(monkeypatch):
    import importlib.util

    from desktop.formats import spacy_shards

    shard_path(monkeypatch, True)
    real = importlib.util.find_spec
    monkeypatch.setattr(importlib.util, "find_spec", lambda name, *a: None if name == "spacy" else real(name, *a))
    with pytest.raises(BarchasbError, match="needs spaCy"):
        spacy_shards.ShardedDocBinWriter(lambda name: io.BytesIO(), WriterOptions())


def test_the_shard_process_compresses_a_shard_while_it_builds_the_next(monkeypatch, tmp_path):
    """zlib lets go of the GIL: the process's thread compresses shard 0 while the next message is
    built, on the core the exporting process leaves free (before: one after the other)."""
    import time

    from desktop.formats import spacy_bytes, spacy_deflate, spacy_shards

    shard_path(monkeypatch, True)
    monkeypatch.setattr(spacy_shards, "SHARD_DOCS", 2)
    real_prepared, real_compressed = spacy_bytes.DocBinBytes.prepared, spacy_deflate.compressed

    def prepared(self):  # in the process: mark each message built (but its token rows)
        (tmp_path / f"built-{len(list(tmp_path.glob('built-*')))}").touch()
        return real_prepared(self)

    def compressed(message, level=spacy_deflate.LEVEL):  # the first shard waits for the second's message
        if not (tmp_path / "first").exists():
            (tmp_path / "first").touch()
            deadline = time.monotonic() + 10
            while not (tmp_path / "built-1").exists() and time.monotonic() < deadline:
                time.sleep(0.01)
            (tmp_path / ("overlapped" if (tmp_path / "built-1").exists() else "in-turn")).touch()
        return real_compressed(message, level)

    monkeypatch.setattr(spacy_bytes.DocBinBytes, "prepared", prepared)
    monkeypatch.setattr(spacy_deflate, "compressed", compressed)
    made, files = _sharded(items())
    assert (tmp_path / "overlapped").exists()
    assert {name: f.getvalue() for name, f in files.items()} == {
        "0000.spacy": reference(made[:2]),
        "0001.spacy": reference(made[2:4]),
        "0002.spacy": reference(made[4:]),
    }


def test_the_writers_of_a_split_import_spacy_once_in_the_exporting_process(monkeypatch, tmp_path):
    """Three shard processes importing spaCy each cost more than the exporting process importing
    it once: a writer that is not the export's only one makes the lexicon itself."""
    from desktop.formats import spacy_shards
    from desktop.workspace.export import project
    from desktop.workspace.export.output import AtomicFiles

    shard_path(monkeypatch, True)
    monkeypatch.setattr(spacy_shards, "SHARD_DOCS", 2)
    with AtomicFiles(True) as files:
        one = project._writer("spacy", files, tmp_path / "one", WriterOptions(), 3, 1)
        of_three = project._writer("spacy", files, tmp_path / "train", WriterOptions(), 3, 3)
        assert isinstance(one, spacy_shards.ShardedDocBinWriter)
        assert isinstance(of_three, spacy_shards.ShardedDocBinWriter)
        assert one.lexicon is None and of_three.lexicon is not None
        assert one._process is not None and of_three._process is not None  # both forked
        made = items()
        for writer in (one, of_three):
            for item in made:
                writer.write(item)
            writer.close()
    for folder in ("one", "train"):
        assert (tmp_path / folder / "0000.spacy").read_bytes() == reference(made[:2])
        assert (tmp_path / folder / "0002.spacy").read_bytes() == reference(made[4:])


def test_a_shards_token_rows_are_made_once_the_shard_before_is_compressed(monkeypatch, tmp_path):
    """The token rows are most of a shard's memory: the process never holds two shards' at once
    (the rest of the next message is built while the shard before is compressed)."""
    from desktop.formats import spacy_bytes, spacy_deflate, spacy_shards

    shard_path(monkeypatch, True)
    monkeypatch.setattr(spacy_shards, "SHARD_DOCS", 2)
    real_prepared, real_compressed = spacy_bytes.DocBinBytes.prepared, spacy_deflate.compressed
    log = tmp_path / "log"

    def note(event: str) -> None:
        with open(log, "a") as out:
            out.write(event + "\n")

    def prepared(self):
        rows = real_prepared(self)

        def noted():
            note("rows")
            return rows()

        return noted

    def compressed(message, level=spacy_deflate.LEVEL):
        made = real_compressed(message, level)
        note("compressed")
        return made

    monkeypatch.setattr(spacy_bytes.DocBinBytes, "prepared", prepared)
    monkeypatch.setattr(spacy_deflate, "compressed", compressed)
    made, files = _sharded(items())
    assert log.read_text().split() == ["rows", "compressed"] * 3
    assert [files[spacy_shards.shard_name(i)].getvalue() for i in range(3)] == [
        reference(made[:2]),
        reference(made[2:4]),
        reference(made[4:]),
    ]


def _sharded(made: list) -> tuple[list, dict[str, io.BytesIO]]:
    """`made` written through a sharded writer into files in memory: (made, {shard name: its file})."""
    from desktop.formats import spacy_shards

    files: dict[str, io.BytesIO] = {}

    def opener(name: str) -> io.BytesIO:
        files[name] = io.BytesIO()
        return files[name]

    writer = spacy_shards.ShardedDocBinWriter(opener, WriterOptions())
    for item in made:
        writer.write(item)
    writer.close()
    return made, files
