"""The bytes of the token-based exports, pinned (issue 17, session 6).

The writers of `jsonl --tokens`, hf and CoNLL were rewritten to format whole
documents at once, and their tokens may now come from the project file
(`_document_token_bounds`) instead of the tokenizer: neither may change one byte.
The digests were taken from the writers before that work, on texts with ZWNJ, emoji
(a flag, a ZWJ family, a keycap), CRLF line ends (stored as LF), tabs, no-break
spaces, a control character, Persian and Latin digits, quotes and a backslash, and
with misaligned, overlapping and sentence-crossing spans.
"""

from __future__ import annotations

import hashlib
import sqlite3
from contextlib import closing

import pytest

from desktop.formats.align import Policy
from desktop.text.token_batch import pack, unpack
from desktop.text.tokens import TOKENIZER_VERSION, sentences, tokenize
from desktop.workspace.export import prepare, token_workers
from desktop.workspace.export.project import ExportOptions, export_project
from desktop.workspace.imports.plain import import_files

TEXTS = (
    "وزیر امور خارجه در تهران گفت: «۲۵ درصد» از قرارداد ۱۴۰۳ اجرا شد.\r\n"
    "می‌خواهیم کتاب‌ها را به 2025-11-12 برسانیم 🇮🇷 و 👨\u200d👩\u200d👧 دیدند!!\r\n\r\n"
    'سازمان "ملل" گفت  a\\b  1️⃣ COVID19 در ۵۰٪ موارد.',
    "علی به تبریز رفت. رئیس‌جمهور در باکو\tسخن گفت؟ آری\u00a0\u00a0نه\nپایان\x07 \\",
)
SPANS = (  # (document, words, label): whole tokens, a piece of a token, overlapping, across a sentence
    (1, "تهران", "place"),
    (1, "امور خارجه", "organisation"),
    (1, "خارجه در تهران", "organisation"),
    (1, "کتاب", "figure"),
    (1, "🇮🇷", "place"),
    (1, 'سازمان "ملل"', "organisation"),
    (1, "COVID19", "figure"),
    (2, "تبریز رفت. رئیس‌جمهور", "event"),
    (2, "رئیس‌جمهور", "official"),
    (2, "باکو", "place"),
)
OPTIONS = {
    "jsonl-tokens": ExportOptions("jsonl", tokens=True, misaligned=Policy.EXPAND),
    "hf": ExportOptions("hf", overlapping=Policy.SKIP, misaligned=Policy.EXPAND),
    "hf-document-bioes": ExportOptions(
        "hf", unit="document", scheme="bioes", overlapping=Policy.SKIP, misaligned=Policy.CONTRACT
    ),
    "conll": ExportOptions("conll", overlapping=Policy.SKIP, misaligned=Policy.EXPAND, docstart=True),
}
DIGESTS = {
    "jsonl-tokens": "47236221ddf7e1cf7e4ce3faf5003106068998abb0d0e1b106003e041d2d7cf6",
    "hf": "3e6dbdda8a3c03c3499b598f93f0e5854ce05d3f26b8ed5934d1719f21fb2ba0",
    "hf-document-bioes": "9b7e32d5d936f020fb3244ea6a4070558321015d70f95b241966f1845b35dad7",
    "conll": "5be0eedfb774abf25bff1db73094f9db54a4e62ae2e99bddd7ce9f94573d92da",
}


@pytest.fixture
def tricky(workspace, tmp_path):
    folder = tmp_path / "texts"
    folder.mkdir()
    for n, text in enumerate(TEXTS, start=1):
        with open(folder / f"{n}.txt", "w", encoding="utf-8", newline="") as handle:
            handle.write(text)
    assert import_files(workspace, "tester", [folder], normalize_text=False).count("imported") == 2
    for doc_id, words, label in SPANS:
        start = stored_text(doc_id).index(words)
        workspace.add_span(doc_id, start, start + len(words), label)
    return workspace


def stored_text(doc_id: int) -> str:
    return TEXTS[doc_id - 1].replace("\r\n", "\n")  # as the import stores it


def digest(folder) -> str:
    found = hashlib.sha256()
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        found.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    return found.hexdigest()


@pytest.mark.parametrize("apart", [False, True], ids=["in-process", "workers"])
@pytest.mark.parametrize("name", OPTIONS)
def test_token_exports_write_the_pinned_bytes(tricky, tmp_path, monkeypatch, name, apart):
    if apart:  # each document written by a worker process
        pooled(monkeypatch)
    export_project(tricky, OPTIONS[name], tmp_path / "out" / "data")
    if name == "jsonl-tokens":  # whitespace tokens: CRLF (stored as LF by the import), tab, no-break spaces
        assert '"\\n\\n"' in (tmp_path / "out" / "data").read_text(encoding="utf-8")
    assert digest(tmp_path / "out") == DIGESTS[name]


def stored_rows(workspace) -> dict[int, tuple[int, bytes, bytes]]:
    with closing(sqlite3.connect(workspace.repo.path)) as conn:
        rows = conn.execute("SELECT document_id, tokenizer, tokens, sentences FROM _document_token_bounds")
        return {doc_id: (version, tokens, sentences) for doc_id, version, tokens, sentences in rows}


def pooled(monkeypatch) -> None:
    monkeypatch.setattr(token_workers, "MIN_CHARS", 0)
    monkeypatch.setattr(token_workers, "CHUNK_CHARS", 10)


def test_a_large_export_keeps_the_boundaries_it_made(tricky, tmp_path, monkeypatch):
    assert stored_rows(tricky) == {}
    export_project(tricky, OPTIONS["jsonl-tokens"], tmp_path / "small.jsonl")
    assert stored_rows(tricky) == {}, "an export in one process keeps nothing"
    pooled(monkeypatch)
    export_project(tricky, OPTIONS["hf"], tmp_path / "hf" / "data")
    rows = stored_rows(tricky)
    assert sorted(rows) == [1, 2]
    for doc_id, (version, tokens, bounds) in rows.items():
        text = stored_text(doc_id)
        assert (version, unpack(tokens), unpack(bounds)) == (TOKENIZER_VERSION, tokenize(text), sentences(text))


@pytest.mark.parametrize("name", OPTIONS)
def test_exports_from_stored_boundaries_write_the_pinned_bytes(tricky, tmp_path, monkeypatch, name):
    with monkeypatch.context() as patch:
        pooled(patch)
        export_project(tricky, OPTIONS["conll"], tmp_path / "first" / "data")
    assert sorted(stored_rows(tricky)) == [1, 2]

    def no_tokenizing(*args):
        raise AssertionError("tokenised again")

    monkeypatch.setattr(prepare, "tokenize", no_tokenizing)
    monkeypatch.setattr(prepare, "split_sentences", no_tokenizing)
    export_project(tricky, OPTIONS[name], tmp_path / "alone" / "data")
    assert digest(tmp_path / "alone") == DIGESTS[name]
    pooled(monkeypatch)
    export_project(tricky, OPTIONS[name], tmp_path / "pooled" / "data")
    assert digest(tmp_path / "pooled") == DIGESTS[name]


def test_boundaries_of_another_tokenizer_version_are_made_again(tricky, tmp_path, monkeypatch):
    pooled(monkeypatch)
    export_project(tricky, OPTIONS["conll"], tmp_path / "first" / "data")
    wrong = pack([(0, 1)])
    with closing(sqlite3.connect(tricky.repo.path)) as conn, conn:
        conn.execute(
            "UPDATE _document_token_bounds SET tokenizer = tokenizer - 1, tokens = ?, sentences = ?", [wrong] * 2
        )
    export_project(tricky, OPTIONS["conll"], tmp_path / "again" / "data")
    assert digest(tmp_path / "again") == DIGESTS["conll"]
    assert {version for version, _, _ in stored_rows(tricky).values()} == {TOKENIZER_VERSION}


class FakeWorker:
    started = 0

    def __init__(self, serve: str) -> None:
        FakeWorker.started += 1
        self.jobs: list[object] = []

    def send(self, job: object) -> None:
        self.jobs.append(job)

    def receive(self) -> object:
        return ("done", self.jobs.pop(0))

    def stop(self) -> None:
        pass


def test_chunks_that_need_no_job_start_no_worker_and_keep_their_place(monkeypatch):
    monkeypatch.setattr(token_workers, "_Worker", FakeWorker)
    FakeWorker.started = 0
    stored = iter([["a"], ["b"]])
    results = list(token_workers._in_workers(stored, lambda chunk: None, "serve"))
    assert results == [(["a"], None), (["b"], None)] and FakeWorker.started == 0
    mixed = iter([["a"], ["b"], ["c"], ["d"]])
    results = list(token_workers._in_workers(mixed, lambda chunk: None if chunk == ["b"] else chunk[0], "serve"))
    assert [chunk for chunk, _ in results] == [["a"], ["b"], ["c"], ["d"]]
    assert [result for _, result in results] == [("done", "a"), None, ("done", "c"), ("done", "d")]
    assert FakeWorker.started > 0


# Plain jsonl (no tokens) is written straight from the stored rows for most documents
# (desktop/workspace/export/plain.py, session 8): the digest is the general writer's, before that.
PLAIN_DIGEST = "961b0a4d60a464f46e2e5309d8ab813851cb09abcb93a214fe3b0313704c1cd4"


def test_plain_jsonl_writes_the_pinned_bytes(tricky, tmp_path):
    export_project(tricky, ExportOptions("jsonl"), tmp_path / "out" / "data")
    assert digest(tmp_path / "out") == PLAIN_DIGEST
