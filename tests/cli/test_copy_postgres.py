"""`barchasb copy FILE postgresql://…` and back (issue 16): nothing lost either way, nothing overwritten."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from desktop.cli import main

pytestmark = pytest.mark.postgres

TESTS = Path(__file__).resolve().parents[1]
SEEDS = TESTS.parent / "seeds"
DOCCANO = TESTS / "fixtures" / "doccano-1.8.4-export.jsonl"


def _export(project: str, out: Path) -> bytes:
    assert main(["export", project, "-f", "jsonl", "-o", str(out)]) == 0
    return out.read_bytes()


def test_a_file_copied_to_the_server_and_back_exports_the_same_bytes(postgres_url, tmp_path, capsys):
    file, back = str(tmp_path / "work.barchasb"), str(tmp_path / "back.barchasb")
    assert main(["init", file]) == 0
    assert main(["import", file, str(SEEDS)]) == 0
    assert main(["import", file, str(DOCCANO), "--format", "doccano", "--annotator", "ali"]) == 0
    assert main(["assign", file, "--per-document", "1", "--annotators", "ali,sara", "--seed", "3"]) == 0
    assert main(["copy", file, postgres_url]) == 0
    assert main(["copy", postgres_url, back]) == 0
    capsys.readouterr()
    exported = [_export(project, tmp_path / f"{n}.jsonl") for n, project in enumerate((file, postgres_url, back))]
    assert exported[0] == exported[1] == exported[2] and exported[0].count(b"\n") > 5
    capsys.readouterr()
    stats = []
    for project in (file, postgres_url, back):
        assert main(["stats", project, "--json"]) == 0
        stats.append({**json.loads(capsys.readouterr().out), "project": "PROJECT"})
    assert stats[0] == stats[1] == stats[2] and sum(c["assigned"] for c in stats[0]["assignments"].values()) > 5
    assert main(["copy", file, postgres_url]) == 1
    assert f"{postgres_url}: already holds a " in capsys.readouterr().err


def test_merge_goes_from_a_file_to_the_server_and_from_the_server_to_a_file(postgres_url, tmp_path, capsys):
    offline, lead = str(tmp_path / "offline.barchasb"), str(tmp_path / "lead.barchasb")
    for project in (offline, postgres_url, lead):
        assert main(["init", project]) == 0
    assert main(["import", offline, str(DOCCANO), "--format", "doccano", "--annotator", "ali"]) == 0
    capsys.readouterr()
    assert main(["merge", postgres_url, offline]) == 0  # work done offline goes back to the team's project
    assert capsys.readouterr().out.startswith(f"{offline}: 3 documents added, 0 matched, 5 spans added")
    assert main(["merge", lead, postgres_url]) == 0  # and the team's project comes to a file
    assert "3 documents added, 0 matched, 5 spans added" in capsys.readouterr().out
    exported = [_export(project, tmp_path / f"{n}.jsonl") for n, project in enumerate((offline, postgres_url, lead))]
    assert exported[0] == exported[1] == exported[2]
