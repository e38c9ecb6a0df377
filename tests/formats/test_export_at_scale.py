"""Large exports (issue 17): documents written by worker processes, spaCy in shards.

Both are switched on here for the five sample documents by lowering their
thresholds; what is written must be what one process and one DocBin write.
"""

from __future__ import annotations

import pytest

from desktop.core.errors import BarchasbError
from desktop.formats import spacy_shards
from desktop.formats.align import Policy
from desktop.storage.export_source import Selection
from desktop.workspace.export import token_workers
from desktop.workspace.export.project import ExportOptions, export_project

pytestmark = pytest.mark.usefixtures("threads_of_this_test")


TOKEN_FORMATS = [
    ExportOptions("jsonl", tokens=True),
    ExportOptions("hf", Selection("sara")),
    ExportOptions("hf", unit="document", overlapping=Policy.SKIP, scheme="bioes"),
    ExportOptions("conll", overlapping=Policy.SKIP, misaligned=Policy.EXPAND, split=(1, 1), seed=3),
]


def counted(worker_class, started: list) -> type:
    class Counted(worker_class):
        def __init__(self, serve: str) -> None:
            started.append(serve)
            super().__init__(serve)

    return Counted


def written(folder) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.mark.parametrize("options", TOKEN_FORMATS, ids=lambda o: f"{o.format}-{o.unit}-{o.split}")
def test_tokens_from_workers_write_the_same_bytes(annotated, tmp_path, monkeypatch, options):
    alone = export_project(annotated, options, tmp_path / "alone" / "out")
    monkeypatch.setattr(token_workers, "MIN_CHARS", 0)
    monkeypatch.setattr(token_workers, "CHUNK_CHARS", 300)  # several jobs per worker, in flight together
    started: list[str] = []
    monkeypatch.setattr(token_workers, "_Worker", counted(token_workers._Worker, started))
    pooled = export_project(annotated, options, tmp_path / "pooled" / "out")
    assert started == [token_workers._SERVE_WRITTEN] * len(started) != [], "the workers did not write"
    assert written(tmp_path / "pooled") == written(tmp_path / "alone") != {}
    assert (pooled.records, pooled.spans, pooled.problems) == (alone.records, alone.spans, alone.problems)


def test_jobs_and_results_larger_than_a_pipe_do_not_block(workspace, tmp_path, monkeypatch):
    """Four 150 KB documents, one job each, two per worker sent before any result is read: each
    job and each result is larger than a pipe holds (this hung before jobs were written by a thread)."""
    from desktop.cli import main

    words = "وزیر امور خارجه در تهران گفت، ۲۵ درصد از قرارداد اجرا شد. "
    folder = tmp_path / "texts"
    folder.mkdir()
    for n in range(4):
        (folder / f"{n}.txt").write_text(words * 2600 + str(n), encoding="utf-8")
    path = str(workspace.path)
    workspace.close()
    assert main(["import", path, str(folder), "--no-normalize"]) == 0
    assert main(["export", path, "-f", "conll", "-o", str(tmp_path / "alone.conll")]) == 0
    monkeypatch.setattr(token_workers, "MIN_CHARS", 0)
    monkeypatch.setattr(token_workers, "CHUNK_CHARS", 100_000)
    assert main(["export", path, "-f", "conll", "-o", str(tmp_path / "pooled.conll")]) == 0
    assert (tmp_path / "pooled.conll").read_bytes() == (tmp_path / "alone.conll").read_bytes()


def test_a_failing_worker_stops_the_export_with_nothing_written(annotated, tmp_path, monkeypatch):
    monkeypatch.setattr(token_workers, "MIN_CHARS", 0)
    monkeypatch.setattr(token_workers, "_SERVE_WRITTEN", "import sys; sys.exit(5)")
    with pytest.raises(RuntimeError, match="exit code 5"):
        export_project(annotated, ExportOptions("hf", Selection("sara")), tmp_path / "out" / "hf.jsonl")
    assert list((tmp_path / "out").iterdir()) == []


def docs_of(path, nlp) -> list:
    from spacy.training import Corpus

    return [example.reference for example in Corpus(str(path))(nlp)]  # as `spacy train` reads it


def same_docs(left, right) -> bool:
    def shape(doc):
        ents = [(e.start_char, e.end_char, e.label_) for e in doc.ents]
        group = [(s.start_char, s.end_char, s.label_) for s in doc.spans["sc"]]
        return doc.text, [t.whitespace_ for t in doc], [t.ent_iob_ for t in doc], ents, group, doc.user_data

    return [shape(d) for d in left] == [shape(d) for d in right]


def test_a_large_spacy_export_is_a_folder_of_shards_spacy_reads_as_one(annotated, tmp_path, monkeypatch):
    spacy = pytest.importorskip("spacy")
    nlp = spacy.blank("fa")
    one = tmp_path / "one.spacy"
    export_project(annotated, ExportOptions("spacy"), one)
    monkeypatch.setattr(spacy_shards, "SHARD_DOCS", 2)
    out = tmp_path / "all.spacy"
    report = export_project(annotated, ExportOptions("spacy"), out)
    assert out.is_dir() and sorted(p.name for p in out.iterdir()) == ["0000.spacy", "0001.spacy", "0002.spacy"]
    assert report.files == [str(out / name) for name in ("0000.spacy", "0001.spacy", "0002.spacy")]
    from spacy.tokens import DocBin

    sizes = [len(DocBin().from_disk(p)) for p in sorted(out.iterdir())]
    assert sizes == [2, 2, 1] and report.records == 5
    assert same_docs(docs_of(out, nlp), docs_of(one, nlp))
    assert [d.user_data["id"] for d in docs_of(out, nlp)] == [1, 2, 3, 4, 5]


def test_a_failing_shard_process_stops_the_spacy_export_with_nothing_written(annotated, tmp_path, monkeypatch):
    """The shards' bytes come back from the forked process and go into the export's atomic files."""
    pytest.importorskip("spacy")
    import multiprocessing

    from desktop.formats import spacy_deflate, spacy_process

    def full(parts, level=spacy_deflate.LEVEL):
        raise OSError(28, "No space left on device")

    assert spacy_process.usable()
    monkeypatch.setattr(spacy_shards, "SHARD_DOCS", 2)
    monkeypatch.setattr(spacy_deflate, "compressed", full)  # in the process, forked after this
    with pytest.raises(BarchasbError, match="cannot write the export.*No space left"):
        export_project(annotated, ExportOptions("spacy"), tmp_path / "out" / "all.spacy")
    assert [p for p in (tmp_path / "out").rglob("*") if p.is_file()] == []  # no shard, no temporary
    assert not multiprocessing.active_children()


def test_a_split_spacy_export_shards_each_part(annotated, tmp_path, monkeypatch):
    spacy = pytest.importorskip("spacy")
    nlp = spacy.blank("fa")
    export_project(annotated, ExportOptions("spacy", split=(1, 1), seed=3), tmp_path / "whole")
    monkeypatch.setattr(spacy_shards, "SHARD_DOCS", 2)
    export_project(annotated, ExportOptions("spacy", split=(1, 1), seed=3), tmp_path / "sharded")
    for part in ("train", "test"):
        folder = tmp_path / "sharded" / f"{part}.spacy"
        assert folder.is_dir() and all(p.suffix == ".spacy" for p in folder.iterdir())
        assert same_docs(docs_of(folder, nlp), docs_of(tmp_path / "whole" / f"{part}.spacy", nlp))


def test_up_to_the_shard_size_a_spacy_export_stays_one_file(annotated, tmp_path, monkeypatch):
    pytest.importorskip("spacy")
    monkeypatch.setattr(spacy_shards, "SHARD_DOCS", 5)
    out = tmp_path / "all.spacy"
    export_project(annotated, ExportOptions("spacy"), out)
    assert out.is_file()


@pytest.mark.parametrize(
    "items", [[], ["a"], ["تهران", "O", "B-place"], ['"', "a\\b", "x\ny", "\x1f", "\x7f", "\u2028", "«»"]]
)
def test_hf_lists_joined_by_hand_are_what_dumps_writes(items):
    from desktop.formats.hf import _joined, _plain, _strings
    from desktop.formats.jsonio import dumps

    assert _strings(items) == dumps(items)
    assert _plain(items) is not any(c in '"\\' or c < " " for item in items for c in item)
    if _plain(items):  # each document's lists are checked once, then joined by hand
        assert _joined(items) == dumps(items)


def test_the_window_s_way_makes_the_shard_folder_it_was_not_asked_about(annotated, tmp_path, monkeypatch):
    """The export dialog asks about a missing folder and passes create_folders=False when
    the chosen file's folder exists: the shard folder is the export itself, made without asking."""
    pytest.importorskip("spacy")
    monkeypatch.setattr(spacy_shards, "SHARD_DOCS", 2)
    out = tmp_path / "all.spacy"
    export_project(annotated, ExportOptions("spacy"), out, create_folders=False)
    assert sorted(p.name for p in out.iterdir()) == ["0000.spacy", "0001.spacy", "0002.spacy"]


def test_a_span_sent_to_a_worker_keeps_every_field():
    import pickle

    from desktop.formats.records import SpanRecord

    span = SpanRecord(3, 9, "PER", "sara", "manual", {"by": "ali"}, {"role": ["x"]}, 7, "یادداشت")
    back = pickle.loads(pickle.dumps(span, protocol=pickle.HIGHEST_PROTOCOL))
    assert back == span and (back.provenance, back.attributes, back.entity, back.note) == (
        {"by": "ali"},
        {"role": ["x"]},
        7,
        "یادداشت",
    )
