"""spaCy's answers kept as data by version (spacy_vocab.py): the pinned version's in the resources,
any other installed version's made from the real vocab the first time spaCy is imported for it and
kept in the cache folder the export names, read by the exports after it; a damaged or unwritable
cache costs an import of spaCy, never the export."""

from __future__ import annotations

import json

import pytest

spacy = pytest.importorskip("spacy")

from formats.test_spacy_bytes import items, reference  # noqa: E402

from desktop.formats import spacy_vocab  # noqa: E402
from desktop.formats.spacy_lexicon import Lexicon  # noqa: E402
from desktop.formats.spacy_vocab import CachedLexicon  # noqa: E402
from desktop.formats.writing import WriterOptions  # noqa: E402
from desktop.resources import resource_path  # noqa: E402


def written(writer_lexicon_kind: type) -> bytes:
    """A writer's bytes for the test items, its lexicon of the kind expected."""
    import io

    from desktop.formats.spacy_docbin import DocBinWriter

    writer = DocBinWriter(io.BytesIO(), WriterOptions())
    assert type(writer.lexicon) is writer_lexicon_kind
    for item in items():
        writer.write(item)
    writer.close()
    return writer.out.getvalue()  # type: ignore[attr-defined, no-any-return]


@pytest.fixture
def another_version(monkeypatch, tmp_path):
    """spaCy "0.0.0" installed (no answers in the resources), the cache folder in tmp_path."""
    monkeypatch.setattr(spacy_vocab, "installed", lambda: "0.0.0")
    monkeypatch.setattr(spacy_vocab, "_cache", tmp_path)
    return tmp_path / "spacy" / "vocab-0.0.0.json"


def test_the_pinned_versions_answers_are_data_in_the_resources():
    path = resource_path("spacy", f"vocab-{spacy.__version__}.json")
    if not path.exists():  # a spaCy released after the resources were written: kept in the cache instead
        pytest.skip(f"no answers in the resources for spaCy {spacy.__version__}")
    found = json.loads(path.read_text(encoding="utf-8"))
    assert found == spacy_vocab.kept_answers(spacy.__version__) == spacy_vocab.answers()


def test_another_version_is_kept_in_the_cache_folder_the_first_time_and_read_after(another_version):
    assert spacy_vocab.cached_lexicon() is None
    first = written(Lexicon)  # spaCy imported, its answers kept
    kept = json.loads(another_version.read_text(encoding="utf-8"))
    assert kept == {**spacy_vocab.answers(), "SPACY": "0.0.0"}
    assert [p.name for p in another_version.parent.iterdir()] == [another_version.name]  # no temporary left
    assert first == written(CachedLexicon) == reference(items())


@pytest.mark.parametrize("damage", ["{", '{"SPACY": "0.0.0"}', "[]", '{"SPACY": "9.9.9", "SYMBOLS": {}}'])
def test_a_damaged_cache_file_is_made_again(another_version, damage):
    another_version.parent.mkdir(parents=True)
    another_version.write_text(damage, encoding="utf-8")
    assert spacy_vocab.cached_lexicon() is None
    assert written(Lexicon) == reference(items())
    assert type(spacy_vocab.cached_lexicon()) is CachedLexicon


def test_a_cache_folder_that_cannot_be_written_costs_an_import_not_the_export(another_version, monkeypatch, tmp_path):
    (tmp_path / "a-file").write_text("")
    monkeypatch.setattr(spacy_vocab, "_cache", tmp_path / "a-file")  # its "spacy" folder cannot be made
    assert written(Lexicon) == reference(items())
    assert spacy_vocab.cached_lexicon() is None


def test_without_a_cache_folder_nothing_is_kept(another_version, monkeypatch):
    monkeypatch.setattr(spacy_vocab, "_cache", None)
    assert written(Lexicon) == reference(items())
    assert not another_version.parent.exists() and spacy_vocab.cached_lexicon() is None
