"""The document search index (migration 0009) answers exactly what the scan answers.

The scan (`find_all` over every name and text, folded) is the reference: the index's
answer, whole or partly built, must be the same set of documents for every query, with
Persian letter variants, ZWNJ, diacritics, digits of three scripts, runs of spaces and
the affix seams a query lets go apart.
"""

from __future__ import annotations

import contextlib
import hashlib
import re
import subprocess
import sys
import time
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlite_utils import Database

from desktop.storage.migrations import MIGRATIONS
from desktop.storage.repository import NewDocument, Repository
from desktop.storage.search_index import SearchIndex, open_search_index, search_index
from desktop.text.folding import find_all
from desktop.text.search_form import query_phrases
from desktop.workspace.project.search import matching_documents
from desktop.workspace.project.search_index import build_search_index

ROOT = Path(__file__).resolve().parents[2]
LETTERS = "ابتخدرسشکگلمنوهیيكىةۀآؤئ"
MARKS = "\u200c\u200d\u064e\u0651\u0640"  # ZWNJ, ZWJ, fatha, shadda, tatweel: folded away
DIGITS = "۰۱۲۵٠١٥0125"
OTHER = "aAbB%٪.«» \n\t\u00a0"
PIECES = ("می", "نمی", "شود", "ها", "های", "ترین", "خانه", "ای", "  ", "   ", "\u200c", " ", "ي", "ی", "۱۲", "12")
CHUNKS = st.one_of(st.sampled_from(PIECES), st.text(LETTERS + MARKS + DIGITS + OTHER, max_size=3))
TEXTS = st.lists(CHUNKS, min_size=1, max_size=14).map("".join).filter(str.strip)


def scan(texts: list[tuple[str, str]], query: str) -> set[int]:
    """What the list's search found before the index: every name and text, folded."""
    query = query.strip()
    return {
        i
        for i, (name, text) in enumerate(texts, start=1)
        if find_all(name, query, whole_word=False) or find_all(text, query, whole_word=False)
    }


def _new(name: str, text: str, salt: object = "") -> NewDocument:
    digest = hashlib.sha256(f"{text}\0{salt}".encode()).hexdigest()  # equal texts may come twice
    return NewDocument(name, text, text, digest, digest, None, {})


def project(texts: list[tuple[str, str]], path: Path | None = None) -> Repository:
    """A project holding these (name, text) documents as ids 1, 2, ... (in memory unless `path`)."""
    if path is None:
        db = Database(memory=True)
        MIGRATIONS.apply(db)
        repo = Repository(db, Path("memory"))
    else:
        repo = Repository.open(path, create=True)
    with repo.action("tester"):
        repo.insert_documents([_new(name, text, i) for i, (name, text) in enumerate(texts)])
    return repo


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    texts=st.lists(st.tuples(TEXTS, TEXTS), min_size=1, max_size=6),
    queries=st.lists(TEXTS, min_size=1, max_size=4),
    cut=st.integers(0, 3),
    data=st.data(),
)
def test_the_index_finds_what_the_scan_finds(texts, queries, cut, data):
    # Queries also cut from the texts themselves, so most of them match something, and
    # the same with the spaces taken out (a seam lets one go, never two).
    for _ in range(2):
        name, text = data.draw(st.sampled_from(texts))
        source = name + text
        start = data.draw(st.integers(0, len(source) - 1))
        cut_out = source[start : start + data.draw(st.integers(1, 12))]
        queries += [cut_out, "".join(cut_out.split())]
    repo = project(texts)
    try:
        index = search_index(repo)
        assert index is not None
        index.index_next(max(0, len(texts) - cut))  # partly built: the rest is scanned
        for query in queries:
            assert matching_documents(repo, query) == scan(texts, query), query
        while index.index_next(2):
            pass
        assert index.pending() == 0
        for query in queries:
            assert matching_documents(repo, query) == scan(texts, query), query
    finally:
        repo.close()


def test_persian_variants_digits_and_zwnj_meet_in_the_index():
    texts = [
        ("a.txt", "رئيس‌جمهور در خانه‌ای در تهران گفت ۱۲۳ نفر"),
        ("b.txt", "مي شود   كتاب ها 123"),
        ("c.txt", "nothing here"),
        ("d.txt", "کتاب  ها و خانه  ای"),  # two spaces at a seam: no match, but a word gap
    ]
    repo = project(texts)
    index = search_index(repo)
    assert index is not None and index.index_next(10) == 4 and index.pending() == 0
    for query, expected in [
        ("رییس جمهور", {1}),  # ي/ی, ZWNJ and a space are one
        ("خانه ای", {1, 4}),  # words: any number of spaces
        ("١٢٣", {1, 2}),  # Arabic-Indic, Persian and Latin digits
        ("می‌شود", {2}),  # a run of spaces where the query has ZWNJ: word gap
        ("کتابها", {2}),  # a seam: one space or none
        ("خانهای", {1}),
        ("کتاب ها", {2, 4}),
        ("NOTHING", {3}),
        ("کتاب  ها", {2, 4}),
        ("b.t", {2}),  # names too
    ]:
        assert query_phrases(query) is not None
        assert matching_documents(repo, query) == expected == scan(texts, query), query
    repo.close()


def test_short_queries_are_scanned_and_agree():
    texts = [("a.txt", "ي ک"), ("b.txt", "یک"), ("c.txt", "x")]
    repo = project(texts)
    index = search_index(repo)
    assert index is not None
    index.index_next(10)
    for query in ("ی", "یک", "ی ک", "X", "  "):
        assert query_phrases(query) is None
        assert matching_documents(repo, query) == scan(texts, query), query
    repo.close()


def test_documents_imported_later_are_found_before_and_after_they_are_indexed(tmp_path):
    path = tmp_path / "p.barchasb"
    repo = project([("old.txt", "سفر به تهران")], path)
    assert build_search_index(path).indexed == 1
    with repo.action("tester"):
        repo.insert_documents([_new("new.txt", "دیدار در تهران")])
    index = search_index(repo)
    assert index is not None and index.indexed_upto() == 1 and index.pending() == 1
    assert matching_documents(repo, "تهران") == {1, 2}  # the new one by the scan
    report = build_search_index(path)
    assert (report.indexed, report.pending, index.indexed_upto()) == (1, 0, 2)
    assert index.match(query_phrases("تهران") or [], 2) == {1, 2}
    repo.close()


_CHANGES_A_DOCUMENT = re.compile(
    r"(DELETE\s+FROM|UPDATE|REPLACE\s+INTO|INSERT\s+OR\s+REPLACE\s+INTO)\s+[\"']?documents\b"
    r"|table\(\s*[\"']documents[\"']\s*\)\s*\.\s*(delete|update|upsert)"
    r"|\[\s*[\"']documents[\"']\s*\]\s*\.\s*(delete|update|upsert)",
    re.IGNORECASE,
)


def test_no_code_deletes_or_changes_a_stored_document():
    """The index is never told of a deletion (it has no way to be): ids only grow and no
    action deletes or rewrites a document, so an indexed id always names its text."""
    found = [
        f"{path.relative_to(ROOT)}: {match.group(0)}"
        for path in sorted((ROOT / "desktop").rglob("*.py"))
        for match in _CHANGES_A_DOCUMENT.finditer(path.read_text(encoding="utf-8"))
    ]
    assert found == []
    assert _CHANGES_A_DOCUMENT.search('db.execute("DELETE FROM documents WHERE id = ?")')  # the check can fail
    assert _CHANGES_A_DOCUMENT.search('db["documents"].delete(1)')


_KILLED_BUILD = """
import sys, time
from pathlib import Path
from desktop.workspace.project.search_index import build_search_index
build_search_index(Path(sys.argv[1]), batch=20, progress=lambda n: time.sleep(0.02))
"""


def test_a_build_killed_midway_goes_on_where_it_stopped(tmp_path):
    path = tmp_path / "p.barchasb"
    texts = [(f"d{i}.txt", f"خبر {i} از تهران و کرج") for i in range(1, 1201)]
    project(texts, path).close()
    child = subprocess.Popen([sys.executable, "-c", _KILLED_BUILD, str(path)], cwd=ROOT)
    index = open_search_index(path)
    try:
        deadline = time.monotonic() + 60
        while index.indexed_upto() < 200 and time.monotonic() < deadline and child.poll() is None:
            time.sleep(0.01)
        child.kill()
        child.wait()
        midway = index.indexed_upto()
        assert 200 <= midway < 1200 and midway % 20 == 0  # whole batches only
        report = build_search_index(path, batch=100)
        assert (report.indexed, report.pending) == (1200 - midway, 0)
        # Each document once: a phrase every text holds counts every row exactly once.
        rows = index.db.execute("SELECT count(*) FROM _document_search WHERE _document_search MATCH '\"تهران\"'")
        assert rows.fetchone()[0] == 1200
        index.db.execute("INSERT INTO _document_search (_document_search) VALUES ('integrity-check')")
    finally:
        index.close()
    repo = Repository.open(path)
    try:
        for query in ("خبر 1199", "خبر ۱۲", "كرج", "d7.t"):
            assert matching_documents(repo, query) == scan(texts, query), query
    finally:
        repo.close()


def test_an_index_on_another_connection_is_not_built_twice(tmp_path):
    path = tmp_path / "p.barchasb"
    project([("a.txt", "تهران"), ("b.txt", "باکو")], path).close()
    first, second = open_search_index(path), open_search_index(path)
    try:
        assert first.index_next(1) == 1
        assert isinstance(second, SearchIndex) and second.index_next(5) == 1  # from the mark the first left
        assert first.index_next(5) == 0 and first.pending() == 0
    finally:
        first.close()
        second.close()


def test_a_common_words_first_page_is_the_top_of_the_whole_answer(monkeypatch):
    from desktop.workspace.project import search

    monkeypatch.setattr(search, "PAGE", 3)
    texts = [(f"{i}.txt", "خبر از تهران" if i % 3 else "خبر") for i in range(1, 21)]
    repo = project(texts)
    try:
        index = search_index(repo)
        assert index is not None
        index.index_next(12)  # 13..20 are scanned, after the page is told
        pages: list[set[int]] = []
        found = matching_documents(repo, "تهران", first_page=pages.append)
        assert found == scan(texts, "تهران") and pages == [set(sorted(found)[:3])] == [{1, 2, 4}]
        assert matching_documents(repo, "ایران", first_page=pages.append) == set() and len(pages) == 1
    finally:
        repo.close()


def test_a_run_of_own_marks_breaks_at_another_connections_commit(tmp_path):
    """The marks an action found and left are read inside its write lock: a commit made
    elsewhere just before it is never folded into what this connection did itself."""
    path = tmp_path / "p.barchasb"
    repo, other = project([("a.txt", "تهران")], path), None
    try:
        other = Repository.open(path)
        with repo.action("tester"):
            repo.insert_documents([_new("untracked.txt", "باکو")])
        assert repo.take_own_run() is None  # not followed: actions read no mark
        repo.follow_own_marks(True)
        start = repo.journal_mark()
        for name in ("b.txt", "c.txt"):
            with repo.action("tester"):
                repo.insert_documents([_new(name, name)])
        mine = repo.journal_mark()
        assert repo.take_own_run() == (start, mine) != (start, start) and repo.take_own_run() is None
        with other.action("reza"):  # elsewhere first ...
            other.insert_documents([_new("d.txt", "شیراز")])
        elsewhere = repo.journal_mark()
        with repo.action("tester"):  # ... then here
            repo.insert_documents([_new("e.txt", "کرج")])
        run = repo.take_own_run()
        assert run is not None and run[0] == elsewhere != mine  # starts past the other's change: news
        with contextlib.suppress(RuntimeError), repo.action("tester"):  # a rolled back action notes nothing
            repo.insert_documents([_new("lost.txt", "اهواز")])
            raise RuntimeError
        assert repo.take_own_run() is None
        repo.follow_own_marks(False)
        with repo.action("tester"):
            repo.insert_documents([_new("f.txt", "قم")])
        assert repo.take_own_run() is None
    finally:
        repo.close()
        if other is not None:
            other.close()
