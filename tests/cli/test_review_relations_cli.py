"""`barchasb review --accept-agreed` takes agreed relations and agreed details into gold too."""

from __future__ import annotations

import json
import sqlite3
from contextlib import closing

from desktop.cli import main
from desktop.workspace import Workspace
from desktop.workspace.relations import Relations, SpanAttributes

from helpers import TEXT, add_document


def at(phrase: str) -> tuple[int, int]:
    start = TEXT.index(phrase)
    return start, start + len(phrase)


def test_accept_agreed_carries_relations_and_agreed_attributes(tmp_path, capsys):
    path = tmp_path / "team.barchasb"
    ws = Workspace.create(path)
    add_document(ws)
    for name, role in (("sara", "deputy"), ("reza", "deputy")):
        ws.set_annotator(name)
        official = ws.add_span(1, *at("علی جهانگیری"), "official").id
        title = ws.add_span(1, *at("معاون استاندار آذربایجان شرقی"), "title").id
        Relations(ws).add(official, title, "holds")
        SpanAttributes(ws).set(title, "role_level", role)
    ws.close()
    assert main(["review", str(path), "--document", "1"]) == 0
    out = capsys.readouterr().out
    assert "1 relations, 1 undecided" in out and "«علی جهانگیری» —holds→ «معاون استاندار آذربایجان شرقی»" in out
    assert main(["review", str(path), "--accept-agreed", "--reviewer", "lead", "--json"]) == 0
    result = json.loads(capsys.readouterr().out)
    assert (result["accepted"], result["accepted_relations"]) == (2, 1)
    assert result["documents"][0]["relations"] == {"total": 1, "undecided": 0, "agreed": 1}
    with closing(sqlite3.connect(path)) as conn:
        gold = conn.execute(
            "SELECT r.type, p.method, p.decided_by FROM relations r JOIN annotators a ON a.id = r.annotator_id"
            " JOIN gold_relation_provenance p ON p.relation_id = r.id WHERE a.kind = 'gold'"
        ).fetchall()
        values = conn.execute(
            "SELECT v.name, v.value FROM span_attributes v JOIN spans s ON s.id = v.span_id"
            " JOIN annotators a ON a.id = s.annotator_id WHERE a.kind = 'gold'"
        ).fetchall()
    assert gold == [("holds", "accepted", "lead")]
    assert values == [("role_level", '"deputy"')]
