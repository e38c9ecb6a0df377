"""The relation exports where emoji (astral), ZWNJ and CRLF come before and inside the spans:
brat's `.ann` offsets and text, doccano's offsets in their stated unit, Label Studio's, the
rel-table's text column; and reading each back gives the same spans, relations and offsets."""

from __future__ import annotations

import json
import sqlite3
from contextlib import closing

import pytest

from desktop.cli import main
from desktop.workspace.relations import Relations

from helpers import add_document

TEXT = (
    "🇮🇷😀 خبر\r\nعلی جهانگیری می‌گوید:\r\nمعاون اول\r\nرئیس‌جمهور با سازمان‌ها 🇮🇷 قراردادی به ارزش"
    " یک میلیارد و\r\n۸۰۰ میلیون دلار امضا کرد.\r\n😀"
)
SPANS = {  # words: label; the title and the figure run over a CRLF, the organisation holds a flag
    "علی جهانگیری": "official",
    "معاون اول\r\nرئیس‌جمهور": "title",
    "سازمان‌ها 🇮🇷": "organisation",
    "قراردادی": "agreement",
    "یک میلیارد و\r\n۸۰۰ میلیون دلار": "figure",
}
RELATIONS = [
    ("علی جهانگیری", "معاون اول\r\nرئیس‌جمهور", "holds"),
    ("معاون اول\r\nرئیس‌جمهور", "سازمان‌ها 🇮🇷", "of"),
    ("سازمان‌ها 🇮🇷", "قراردادی", "party_to"),
    ("یک میلیارد و\r\n۸۰۰ میلیون دلار", "قراردادی", "amount_of"),
]


def at(words: str) -> tuple[int, int]:
    start = TEXT.index(words)
    return start, start + len(words)


@pytest.fixture
def project(workspace, project_path) -> str:
    doc = add_document(workspace, TEXT, "news.txt")
    ids = {words: workspace.add_span(doc, *at(words), label).id for words, label in SPANS.items()}
    for head, tail, rtype in RELATIONS:
        Relations(workspace).add(ids[head], ids[tail], rtype)
    return str(project_path)


def stored(path: str) -> tuple[str, list[tuple], list[tuple]]:
    """The document's text, its spans (start, end, label) and relations (head, tail, type) by offsets."""
    with closing(sqlite3.connect(path)) as conn:
        [(text,)] = conn.execute("SELECT text FROM documents").fetchall()
        spans = conn.execute('SELECT start, "end", label FROM spans ORDER BY start').fetchall()
        relations = conn.execute(
            'SELECT h.start, h."end", t.start, t."end", r.type FROM relations r JOIN spans h ON h.id = r.head'
            " JOIN spans t ON t.id = r.tail ORDER BY h.start, t.start"
        ).fetchall()
    return text, spans, relations


def expected() -> tuple[str, list[tuple], list[tuple]]:
    spans = sorted((*at(words), label) for words, label in SPANS.items())
    relations = sorted((*at(h), *at(t), rtype) for h, t, rtype in RELATIONS)
    return TEXT, spans, relations


OUTPUTS = {"jsonl": "out.jsonl", "brat": "out", "doccano": "out.jsonl", "label-studio": "out.json"}


@pytest.mark.parametrize("fmt", list(OUTPUTS))
def test_every_relation_format_round_trips_spans_and_relations_at_their_code_points(fmt, project, tmp_path, capsys):
    assert stored(project) == expected()
    out = tmp_path / OUTPUTS[fmt]
    assert main(["export", project, "--format", fmt, "-o", str(out)]) == 0, capsys.readouterr().err
    other = tmp_path / "other.barchasb"
    assert main(["init", str(other)]) == 0
    assert main(["import", str(other), str(out), "--format", fmt]) == 0, capsys.readouterr().err
    assert stored(str(other)) == expected()


def test_brat_writes_offsets_and_text_brat_itself_checks_a_span_over_a_line_break_in_pieces(project, tmp_path):
    out = tmp_path / "brat"
    assert main(["export", project, "--format", "brat", "-o", str(out)]) == 0
    text = (out / "news.txt").read_bytes().decode("utf-8")
    assert text == TEXT  # CRLF kept: brat counts each of its two characters
    lines = (out / "news.ann").read_bytes().decode("utf-8").split("\n")
    bound = [line.split("\t") for line in lines if line.startswith("T")]
    assert len(bound) == len(SPANS)
    for _, kind, words in bound:
        # brat's check (annotation.py): the text is the pieces' text joined by one space
        pieces = [tuple(map(int, piece.split(" "))) for piece in kind.split(" ", 1)[1].split(";")]
        assert words == " ".join(text[start:end] for start, end in pieces)
        assert not any(ch in words for ch in "\r\n")
    assert sorted(kind for _, kind, _ in bound if ";" in kind) == ["figure 87 99;101 116", "title 32 41;43 53"]


def test_doccano_and_the_rel_table_say_the_same_words(project, tmp_path):
    out = tmp_path / "doccano.jsonl"
    assert main(["export", project, "--format", "doccano", "--offsets", "utf16", "-o", str(out)]) == 0
    [record] = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    units = record["text"].encode("utf-16-le")
    words = {units[2 * e["start_offset"] : 2 * e["end_offset"]].decode("utf-16-le") for e in record["entities"]}
    assert words == set(SPANS)
    table = tmp_path / "rel.jsonl"
    assert main(["export", project, "--format", "rel-table", "--window", "2", "-o", str(table)]) == 0
    rows = [json.loads(line) for line in table.read_text(encoding="utf-8").splitlines()]
    assert len(rows) == len(RELATIONS)
    for row in rows:
        for role in ("head", "tail"):
            start, end = row[f"{role}_start"], row[f"{role}_end"]
            assert row["text"][start:end] == row[f"{role}_text"] == TEXT[row["offset"] + start : row["offset"] + end]
    assert {(r["head_text"], r["tail_text"], r["label"]) for r in rows} == set(RELATIONS)
