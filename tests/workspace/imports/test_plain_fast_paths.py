"""The plain-text import's fast paths store exactly what the plain paths did.

Verbatim files skip `normalize()`, a batch goes in with one statement, and a
large Persian import normalises in worker processes: each must leave the
same documents, report and history as doing it file by file in this process.
"""

from __future__ import annotations

import json
import sqlite3
from contextlib import closing

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from desktop.text.normalize import normalize
from desktop.text.tokens import TOKENIZER_VERSION, tokenize
from desktop.workspace.imports.plain import import_files, prepare

SEEDS = sorted(p for p in __import__("pathlib").Path(__file__).resolve().parents[3].joinpath("seeds").glob("*.txt"))


TEXTS = st.text(
    alphabet=st.one_of(
        st.sampled_from(list("ابپتیكي ۱۲3.،!؟\u200c\u200f\u00a0\t\n\n \x0c\u2028\u2029")),
        st.characters(codec="utf-8", exclude_characters="\r"),
    ),
    max_size=80,
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(TEXTS)
def test_verbatim_text_without_cr_is_what_normalize_returns(raw):
    result = normalize(raw, persian=False, reflow=False)
    assert (result.text, result.changes) == (raw, {})


def test_prepare_verbatim_matches_normalize(tmp_path):
    for i, text in enumerate(["سلام\nدنیا  ", "خط یک\r\nخط دو", " \n\nمتن\n"]):
        path = tmp_path / f"{i}.txt"
        path.write_bytes(text.encode("utf-8"))
        item = prepare(path, path.name, persian=False, reflow=False)
        expected = normalize(text, persian=False, reflow=False)
        assert item.document.text == expected.text
        assert item.changes == expected.changes
        assert item.document.raw == text
        assert (item.document.offsets is None) == (expected.text == text)


def _contents(path):
    conn = sqlite3.connect(path)
    docs = conn.execute(
        "SELECT id, name, content_hash, raw_hash, text, raw, offsets, length,"
        " json_remove(meta, '$.imported_at', '$.source') FROM documents ORDER BY id"
    ).fetchall()
    history = [
        (action, entity, entity_id, doc, json.loads(after))
        for action, entity, entity_id, doc, after in conn.execute(
            "SELECT action, entity, entity_id, document_id, after FROM history WHERE entity = 'document' ORDER BY id"
        )
    ]
    for item in history:
        item[4]["meta"].pop("imported_at")
        item[4]["meta"].pop("source")
    conn.close()
    return docs, history


def _files(folder, texts):
    folder.mkdir()
    for i, text in enumerate(texts):
        (folder / f"{i:02d}.txt").write_text(text, encoding="utf-8")
    return folder


def _outcomes(report):
    return [(r.path.rsplit("/", 1)[-1], r.outcome, r.document_id, r.changes) for r in report.results]


def test_a_batch_reports_duplicates_and_present_documents(workspace, tmp_path):
    seeds = [p.read_text(encoding="utf-8") for p in SEEDS]
    folder = _files(tmp_path / "in", [seeds[0], seeds[1], seeds[0], "", seeds[2]])
    first = import_files(workspace, "tester", [tmp_path / "in" / "01.txt"], normalize_text=False)
    assert _outcomes(first) == [("01.txt", "imported", 1, {})]
    report = import_files(workspace, "tester", [folder], normalize_text=False)
    assert sorted((name, outcome, doc) for name, outcome, doc, _ in _outcomes(report)) == [
        ("00.txt", "imported", 2),
        ("01.txt", "present", 1),
        ("02.txt", "present", 2),
        ("03.txt", "skipped", None),
        ("04.txt", "imported", 3),
    ]
    docs, history = _contents(workspace.path)
    assert [d[0] for d in docs] == [1, 2, 3] and [h[2] for h in history] == ["1", "2", "3"]
    assert history[1][4]["content_hash"] == docs[1][2] and history[1][4]["name"] == "00.txt"


def test_ids_are_never_reused_after_a_deletion(workspace, tmp_path):
    seeds = [p.read_text(encoding="utf-8") for p in SEEDS]
    import_files(workspace, "tester", [_files(tmp_path / "a", seeds[:2])], normalize_text=False)
    workspace.repo.db.execute("DELETE FROM documents WHERE id = 2")
    report = import_files(workspace, "tester", [_files(tmp_path / "b", seeds[2:3])], normalize_text=False)
    assert report.imported_ids == [3]


@pytest.mark.slow
def test_workers_store_what_this_process_stores(tmp_path):
    """Two worker processes, against one process: same rows, history, report and order."""
    from desktop.workspace import Workspace

    seeds = [p.read_text(encoding="utf-8") for p in SEEDS]
    texts = [f"خبر {i}\n\n{seeds[i % 5]}" for i in range(12)] + [seeds[0], seeds[0], "\x00\x01"]
    folder = _files(tmp_path / "in", texts)
    results = {}
    for workers in (1, 2):
        path = tmp_path / f"p{workers}.barchasb"
        workspace = Workspace.create(path)
        calls = []
        report = import_files(
            workspace,
            "tester",
            [folder],
            workers=workers,
            progress=lambda done, total, name: calls.append((done, total)),  # noqa: B023
        )
        workspace.close()
        results[workers] = (_outcomes(report), _contents(path))
        assert calls[-1] == (len(texts), len(texts)) and len(calls) >= len(texts)
        with closing(sqlite3.connect(path)) as conn:  # the token counts agreement reads, stored with the text
            stored = conn.execute("SELECT d.id, d.text, t.tokens, t.tokenizer FROM documents d"
                                  " LEFT JOIN document_tokens t ON t.document_id = d.id").fetchall()  # fmt: skip
        assert len(stored) == 13
        assert all((tokens, version) == (len(tokenize(text)), TOKENIZER_VERSION) for _, text, tokens, version in stored)
    assert results[1] == results[2]
    outcomes = results[2][0]
    assert [o[1] for o in outcomes].count("skipped") == 1
    assert [o[1] for o in outcomes].count("present") == 1


@settings(max_examples=300)
@given(st.text(st.sampled_from(list("/.ab")), max_size=8))
def test_a_file_path_is_named_as_path_names_it(path):
    from pathlib import Path

    from desktop.workspace.imports.plain import _walk

    missing = f"/nonexistent-barchasb-test/{path}" if path.startswith("a") else path  # never a folder
    if Path(missing).is_dir():
        return
    assert list(_walk([missing])) == [(str(Path(missing)), Path(missing).name)]
