"""The shared Persian NER corpora import, and CoNLL in -> CoNLL out keeps tokens and tags.

They are read from ../shared/data (never copied here); without it these tests skip.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import SHARED_DATA

from desktop.workspace.export.project import ExportOptions, export_project
from desktop.workspace.imports.annotated import ImportOptions, import_paths

pytestmark = pytest.mark.skipif(not SHARED_DATA.is_dir(), reason="../shared/data is absent")


def sentences(path: Path) -> list[list[tuple[str, str]]]:
    """(token, tag) per sentence, read the simplest way: tab if any, else last space."""
    text = path.read_text(encoding="utf-8")
    out, current = [], []
    for line in text.split("\n"):
        line = line.rstrip("\r")
        if not line.strip():
            if current:
                out.append(current)
            current = []
            continue
        token, tag = (line.split("\t")[0], line.split("\t")[-1]) if "\t" in text else line.rsplit(" ", 1)
        current.append((token, tag))
    return out + ([current] if current else [])


def round_trip(workspace, tmp_path, files: list[Path], **options):
    results = import_paths(workspace, "tester", [(f, f.name) for f in files], ImportOptions("conll", **options))
    assert [r.outcome for r in results] == ["imported"] * len(files), results[0].reason
    out = tmp_path / "out.conll"  # keep: the file's own tokens, spaces and all
    report = export_project(workspace, ExportOptions("conll", inner_space="keep"), out)
    assert report.problems == []
    return results, sentences(out)


def test_peyma_crlf_and_spaced_tokens_round_trip(workspace, tmp_path):
    folder = SHARED_DATA / "peyma-nsurl2019" / "300K"
    files = sorted(folder.iterdir())
    results, exported = round_trip(workspace, tmp_path, files)
    source = [s for f in files for s in sentences(f)]
    assert exported == source
    assert any(" " in token for s in source for token, _ in s)
    begins = sum(tag.startswith("B-") for s in source for _, tag in s)
    assert sum(r.spans_added for r in results) == begins
    assert {"PER", "ORG", "LOC", "DAT", "TIM", "MON", "PCT"} <= {label.key for label in workspace.repo.labels()}


def test_arman_space_separated_lower_case_round_trip(workspace, tmp_path):
    fold = SHARED_DATA / "arman-personer" / "test_fold1.txt"
    _, exported = round_trip(workspace, tmp_path, [fold])
    assert exported == sentences(fold)
    assert {"pers", "org", "loc", "fac", "pro", "event"} <= {label.key for label in workspace.repo.labels()}


def test_parstwiner_round_trips_and_its_one_broken_tag_is_reported(workspace, tmp_path):
    test, dev = SHARED_DATA / "parstwiner" / "test.txt", SHARED_DATA / "parstwiner" / "dev.txt"
    [refused] = import_paths(workspace, "tester", [(dev, "dev.txt")], ImportOptions("conll"))
    assert refused.outcome == "skipped"
    assert refused.reason.startswith("line 1062: I-ORG after B-PER")
    assert workspace.repo.document_count() == 0
    _, exported = round_trip(workspace, tmp_path, [test, dev], tags="iob1")
    source = sentences(test) + sentences(dev)
    differences = [(a, b) for s, t in zip(source, exported) for a, b in zip(s, t) if a != b]
    assert len(exported) == len(source)
    # Read as IOB1, the stray I-ORG starts an entity, which BIO writes as B-ORG.
    assert differences == [(("(", "I-ORG"), ("(", "B-ORG"))]


def test_peyma_exported_with_joined_tokens_converts_in_spacy(workspace, tmp_path):
    """Written as it is, a spaced token's second word reads as its tag in `spacy convert -c ner`
    (E177 in 651 of PEYMA's 709 files); the default export joins it with ZWNJ."""
    pytest.importorskip("spacy")
    from spacy.training.converters import conll_ner_to_docs

    files = sorted((SHARED_DATA / "peyma-nsurl2019" / "300K").iterdir())[:20]
    import_paths(workspace, "tester", [(f, f.name) for f in files], ImportOptions("conll"))
    source = [pair for f in files for s in sentences(f) for pair in s]
    joined, kept = tmp_path / "joined.conll", tmp_path / "kept.conll"
    assert export_project(workspace, ExportOptions("conll"), joined).problems == []
    assert export_project(workspace, ExportOptions("conll", inner_space="keep"), kept).problems == []
    docs = list(conll_ner_to_docs(joined.read_text(encoding="utf-8"), n_sents=10, no_print=True))
    assert [t.text for d in docs for t in d] == [token.replace(" ", "\u200c") for token, _ in source]
    assert [e.label_ for d in docs for e in d.ents] == [tag[2:] for _, tag in source if tag.startswith("B-")]
    with pytest.raises(ValueError, match="E177"):
        list(conll_ner_to_docs(kept.read_text(encoding="utf-8"), n_sents=10, no_print=True))
