"""A doccano import writes its span rows while the file is read (issue 17): chunk after chunk,
before the labels and the layer they name are stored; the rows, history and sequences are the
ones writing them all after the last record gives, whatever breaks the order on the way (a
document met before that gains spans, a new label, a project with documents but no layer)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from desktop.storage.spans import SpansMixin
from desktop.workspace import Workspace
from desktop.workspace.imports import store
from desktop.workspace.imports.annotated import ImportOptions, import_annotated
from desktop.workspace.imports.plain import import_files
from tests.workspace.imports.test_doccano_rows import LINES, TEXT_1, TEXT_3, project_digest

CHUNK = 2  # records a chunk here (256 in use): a few records make several chunks


def _write(path: Path, lines: list) -> Path:
    path.write_text("".join(json.dumps(line, ensure_ascii=False) + "\n" for line in lines), encoding="utf-8")
    return path


def _numbered(count: int, label: str = "figure") -> list[dict]:
    return [
        {"text": f"{n} {TEXT_1}", "label": [[0, len(str(n)), label], [len(str(n)) + 1, 5, "official"]]}
        for n in range(count)
    ]


def _calls(monkeypatch, name: str) -> list[tuple[int, int]]:
    """(first id, rows) of each call of the SpansMixin method `name` from now on."""
    seen: list[tuple[int, int]] = []
    original = getattr(SpansMixin, name)

    def spy(self, *args, **kwargs):
        seen.append((args[1], len(args[0])) if name == "stream_span_rows" else (args[0], args[1] - args[0] + 1))
        return original(self, *args, **kwargs)

    monkeypatch.setattr(SpansMixin, name, spy)
    return seen


def _project(folder: Path, before: list, lines: list, options: ImportOptions, stream: bool, monkeypatch):
    """Import `before` (doccano lines, or a Path of plain text), then `lines`: (result, digest)."""
    folder.mkdir()
    with monkeypatch.context() as patch:
        patch.setattr(store, "STAGED_CHUNK", CHUNK)
        if not stream:
            patch.setattr(store.PendingRows, "stream", lambda self, actor, annotator: None)
        workspace = Workspace.create(folder / "project.barchasb")
        try:
            for earlier in before:
                if isinstance(earlier, Path):
                    import_files(workspace, "tester", [earlier], normalize_text=False)
                else:
                    import_annotated(
                        workspace, "tester", _write(folder.parent / "before.jsonl", earlier), ImportOptions("doccano")
                    )
            source = _write(folder.parent / "corpus.jsonl", lines)
            result = import_annotated(workspace, "tester", source, options)
        finally:
            workspace.close()
    return result, project_digest(folder / "project.barchasb", source)


DOCCANO = ImportOptions("doccano")


def _same_rows(tmp_path, monkeypatch, lines, before=(), options=DOCCANO):
    streamed, with_stream = _project(tmp_path / "streamed", list(before), lines, options, True, monkeypatch)
    written, at_the_end = _project(tmp_path / "at_the_end", list(before), lines, options, False, monkeypatch)
    assert streamed == written
    assert with_stream == at_the_end
    return streamed


def test_span_rows_go_in_chunk_after_chunk_while_the_file_is_read(tmp_path, monkeypatch):
    streamed = _calls(monkeypatch, "stream_span_rows")
    taken_back = _calls(monkeypatch, "unstream_span_rows")
    result = _same_rows(tmp_path, monkeypatch, [*_numbered(5), LINES[0], LINES[3]])
    assert result.outcome == "imported" and result.spans_added == 5 * 2 + 10
    assert streamed == [(1, 4), (5, 4), (9, 2 + 5), (16, 5)]  # ids in order, the rows of each chunk
    assert taken_back == []
    assert result.links.attributes > 0  # values read from the words of streamed spans


def test_a_document_met_again_that_gains_a_span_has_every_row_written_again_in_order(tmp_path, monkeypatch):
    taken_back = _calls(monkeypatch, "unstream_span_rows")
    again = {"text": LINES[0]["text"], "label": [[0, 4, "place"]]}  # the first document, a span it lacks
    result = _same_rows(tmp_path, monkeypatch, [LINES[0], LINES[3], *_numbered(2), again, *_numbered(4)[2:]])
    assert (len(result.documents_added), result.documents_present, result.spans_added) == (6, 1, 10 + 8 + 1)
    assert taken_back == [(1, 14)]  # its span comes among the first document's: all 14 streamed rows again


def test_a_document_met_again_with_nothing_new_leaves_the_streamed_rows(tmp_path, monkeypatch):
    taken_back = _calls(monkeypatch, "unstream_span_rows")
    result = _same_rows(tmp_path, monkeypatch, [*_numbered(3), LINES[2], LINES[2], *_numbered(6)[3:]])
    assert (result.documents_present, result.spans_duplicate, result.spans_added) == (1, 2, 14)
    assert taken_back == []  # the rest (new documents) comes after the rows streamed


def test_documents_the_project_holds_gain_spans_after_new_ones_went_in(tmp_path, monkeypatch):
    taken_back = _calls(monkeypatch, "unstream_span_rows")
    before = [{"text": f"{n} {TEXT_1}", "label": [[0, len(str(n)), "figure"]]} for n in (3, 4)]
    result = _same_rows(tmp_path, monkeypatch, _numbered(6), before=[before])
    assert (len(result.documents_added), result.documents_present, result.spans_duplicate) == (4, 2, 2)
    assert taken_back and taken_back[-1][0] > 2  # the project's own two spans stay


def test_labels_the_scheme_lacks_are_stored_after_the_rows_that_name_them(tmp_path, monkeypatch):
    result = _same_rows(tmp_path, monkeypatch, [*_numbered(3, "rate"), {"text": TEXT_3, "label": [[0, 7, "deal"]]}])
    assert result.labels_added == ["deal", "rate"]


def test_a_project_with_documents_and_no_layer_keeps_its_sequence_rows_order(tmp_path, monkeypatch):
    texts = tmp_path / "texts"
    texts.mkdir()
    (texts / "a.txt").write_text(TEXT_3, encoding="utf-8")
    result = _same_rows(tmp_path, monkeypatch, _numbered(5), before=[texts])
    assert result.spans_added == 10


def test_another_named_layer_and_skipped_bad_lines(tmp_path, monkeypatch):
    bad = {"text": TEXT_3, "label": [[0, 999, "place"]]}
    options = ImportOptions("doccano", annotator="sara", skip_invalid=True)
    result = _same_rows(tmp_path, monkeypatch, [*_numbered(3), bad, *_numbered(6)[3:]], options=options)
    assert result.outcome == "imported" and [b.line for b in result.bad_records] == [4]
    assert result.spans_added == 12


@pytest.mark.parametrize("layer", ["tester", "sara"])
def test_a_layer_the_project_has_takes_the_streamed_rows(tmp_path, monkeypatch, layer):
    before = [[{"text": TEXT_3, "label": [[0, 7, "event"]]}]]
    options = ImportOptions("doccano", annotator=layer)
    result = _same_rows(tmp_path, monkeypatch, _numbered(5), before=before, options=options)
    assert result.spans_added == 10


def test_a_bad_line_after_streamed_rows_leaves_the_project_as_it_was(tmp_path, monkeypatch):
    streamed = _calls(monkeypatch, "stream_span_rows")
    monkeypatch.setattr(store, "STAGED_CHUNK", CHUNK)
    source = _write(tmp_path / "late.jsonl", [*_numbered(5, "rate"), {"text": TEXT_3, "label": [[0, 999, "place"]]}])
    workspace = Workspace.create(tmp_path / "project.barchasb")
    try:
        result = import_annotated(workspace, "tester", source, ImportOptions("doccano"))
        assert result.outcome == "skipped" and [b.line for b in result.bad_records] == [6] and streamed
        repo = workspace.repo
        assert repo.document_count() == 0 and repo.span_count() == 0 and repo.find_annotator("tester") is None
        assert "rate" not in {label.key for label in repo.labels()}
        with repo.action("tester"):  # foreign keys are checked per row again after the import's transaction
            assert repo.scalar("PRAGMA defer_foreign_keys") == 0
    finally:
        workspace.close()
    Workspace.create(tmp_path / "fresh.barchasb").close()
    assert project_digest(tmp_path / "project.barchasb", source) == project_digest(tmp_path / "fresh.barchasb", source)


def test_the_last_records_go_in_smaller_chunks(tmp_path, monkeypatch):
    """What the last chunk writes is waited for once the file is read: near the end, chunks are smaller."""
    streamed = _calls(monkeypatch, "stream_span_rows")
    monkeypatch.setattr(store, "STAGED_CHUNK", 8)
    monkeypatch.setattr(store, "LAST_CHUNK", 2)
    lines = [{"text": f"{n} {TEXT_3}", "label": [[0, len(str(n)), "figure"]]} for n in range(20)]
    workspace = Workspace.create(tmp_path / "project.barchasb")
    try:
        result = import_annotated(workspace, "tester", _write(tmp_path / "c.jsonl", lines), DOCCANO)
    finally:
        workspace.close()
    assert result.spans_added == 20
    assert [rows for _, rows in streamed] == [8, 5, 2, 2, 2, 1]  # from 8 lines left (the last one empty), by 2


def test_into_a_new_project_the_read_does_not_wait_for_the_rows_or_look_documents_up(tmp_path, monkeypatch):
    """A project with no documents has none a record could be: each chunk is placed without waiting
    for the rows handed over before it (and without a query); its own repeated documents still
    become one, and a project holding documents still has them looked up and found."""
    from desktop.storage.read_models import ReadModelsMixin

    asked: list[str] = []
    monkeypatch.setattr(ReadModelsMixin, "documents_by_hash", _noting(ReadModelsMixin.documents_by_hash, "ask", asked))
    drains: list[str] = []  # the method each wait for the rows was asked in
    monkeypatch.setattr(store.PendingRows, "look_up", _noting(store.PendingRows.look_up, "look_up", drains))
    monkeypatch.setattr(store.PendingRows, "quiet", _noting(store.PendingRows.quiet, "quiet", drains))
    monkeypatch.setattr(store, "STAGED_CHUNK", CHUNK)
    lines = [*_numbered(6), _numbered(1)[0]]  # the first record again, last
    workspace = Workspace.create(tmp_path / "project.barchasb")
    try:
        result = import_annotated(workspace, "tester", _write(tmp_path / "a.jsonl", lines), DOCCANO)
        assert (asked, result.documents_present, len(result.documents_added)) == ([], 1, 6)
        # a wait in the first chunk (the count, the layer), none in the chunks after it (4 here)
        second, last = drains.index("look_up", 1), max(n for n, name in enumerate(drains) if name == "look_up")
        assert drains.count("look_up") == 4 and "quiet" not in drains[second:last]
        again = import_annotated(workspace, "tester", _write(tmp_path / "b.jsonl", lines[:3]), DOCCANO)
        assert asked and again.documents_present == 3 and not again.documents_added
    finally:
        workspace.close()


def _noting(method, name: str, calls: list[str]):
    def noted(self, *args):
        calls.append(name)
        return method(self, *args)

    return noted
