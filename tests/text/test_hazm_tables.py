"""hazm's Normalizer: pickled once in a cache folder, translating through dense tables, same output."""

from __future__ import annotations

import pickle
from functools import cache

from hypothesis import given, settings
from hypothesis import strategies as st

from desktop.text import hazm_tables
from desktop.text.hazm_bridge import import_hazm

TEXTS = [
    "اين كتاب‌ها ١٢٣ صفحه دارد… «سلاممممم»  دوستان!!! مي‌روم",
    "خوبیییی ۴۵٫۶ درصد 😀 و 𝔸 hello world\u00a0ولی",
    "",
]


def _hazm_original():
    import_hazm()
    import hazm.normalizer
    from hazm.utils import maketrans

    hazm.normalizer.maketrans = maketrans  # what hazm itself does, undone again by build_normalizer
    return hazm.normalizer.Normalizer()


@given(st.text(alphabet=st.characters(max_codepoint=0x1F700), max_size=60))
def test_a_dense_table_translates_as_the_dict(text):
    table = {ord("ي"): "ی", ord("ك"): "ک", ord("1"): "۱", ord("\u064b"): None, ord("a"): "aa", 0x1F600: "x"}
    bmp_only = {key: value for key, value in table.items() if key < 0x10000}
    assert isinstance(hazm_tables.dense(bmp_only), list)
    assert text.translate(hazm_tables.dense(bmp_only)) == text.translate(bmp_only)
    assert text.translate(hazm_tables.dense(table)) == text.translate(table)  # (kept as the dict)


def test_the_normalizer_is_pickled_once_then_loaded_and_normalises_the_same(tmp_path, monkeypatch):
    original = _hazm_original()
    expected = [original.normalize(text) for text in TEXTS]
    monkeypatch.setattr(hazm_tables, "_folder", [])
    hazm_tables.use_cache_folder(tmp_path / "cache")

    built = hazm_tables.build_normalizer()
    (written,) = (tmp_path / "cache").iterdir()
    assert written.name.startswith("hazm-") and written.name.endswith("-normalizer.pickle")
    loaded = hazm_tables.build_normalizer()
    assert loaded is not built  # unpickled, not the same object
    assert [built.normalize(t) for t in TEXTS] == [loaded.normalize(t) for t in TEXTS] == expected
    assert list((tmp_path / "cache").iterdir()) == [written]  # no temporary file left


def test_a_damaged_pickle_is_built_again(tmp_path, monkeypatch):
    monkeypatch.setattr(hazm_tables, "_folder", [])
    hazm_tables.use_cache_folder(tmp_path)
    hazm_tables.build_normalizer()
    (path,) = tmp_path.iterdir()
    path.write_bytes(b"not a pickle")
    normalizer = hazm_tables.build_normalizer()
    assert normalizer.normalize(TEXTS[0]) == _hazm_original().normalize(TEXTS[0])
    assert pickle.loads(path.read_bytes()).normalize("سلام") == "سلام"  # written again, whole


def test_writing_the_pickle_deletes_the_ones_of_older_keys_and_nothing_else(tmp_path, monkeypatch):
    monkeypatch.setattr(hazm_tables, "_folder", [])
    hazm_tables.use_cache_folder(tmp_path)
    stale = ["hazm-0.10.0-py312-normalizer.pickle", "hazm-0.12.0-py313-trimmed-normalizer.pickle"]
    kept = ["hazm-notes.txt", "other-normalizer.pickle", "spacy-1-py313-normalizer.pickle.bak", "folding.cache"]
    for name in stale + kept:
        (tmp_path / name).write_bytes(b"x")
    hazm_tables.build_normalizer()
    current = hazm_tables._pickle_path()
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([*kept, current.name])


def test_a_stale_pickle_that_cannot_be_deleted_does_not_stop_the_build(tmp_path, monkeypatch):
    monkeypatch.setattr(hazm_tables, "_folder", [])
    hazm_tables.use_cache_folder(tmp_path)
    (tmp_path / "hazm-0.10.0-py312-normalizer.pickle").write_bytes(b"x")
    refused = []

    def unlink(self, missing_ok=False):
        refused.append(self.name)
        raise PermissionError(13, "Permission denied", str(self))

    monkeypatch.setattr(hazm_tables.Path, "unlink", unlink)
    normalizer = hazm_tables.build_normalizer()
    assert normalizer.normalize(TEXTS[0]) == _hazm_original().normalize(TEXTS[0])
    assert refused == ["hazm-0.10.0-py312-normalizer.pickle"]
    assert hazm_tables._pickle_path().is_file()


def test_without_a_folder_nothing_is_written(tmp_path, monkeypatch):
    monkeypatch.setattr(hazm_tables, "_folder", [])
    monkeypatch.chdir(tmp_path)
    hazm_tables.build_normalizer()
    assert list(tmp_path.iterdir()) == []


@cache
def _built():
    return hazm_tables.build_normalizer()


@settings(deadline=None)  # the first example builds the Normalizer
@given(st.text(alphabet="سلامخوبیه ۱a\u200c", max_size=40))
def test_repeated_letters_are_decreased_as_hazm_does(text):
    normalizer = _built()
    assert normalizer.decrease_repeated_chars.__name__ == "quick"  # the check below compares something
    assert normalizer.decrease_repeated_chars(text) == type(normalizer).decrease_repeated_chars(normalizer, text)
