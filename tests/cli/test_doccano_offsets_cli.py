"""`barchasb import/export --offsets utf16|codepoints` for doccano: spans drawn in
doccano's web UI (UTF-16 units) land on the right words, exports show on the right
words there, round trips are byte-identical, and an unstated unit is reported
where it matters (file, line, how many characters) instead of guessed silently."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from desktop.cli import main

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "doccano-1.8.4-export.jsonl"
TEXTS = [
    "😀 ولی امروز رئیس‌جمهور فرانسه در پاریس گفت که نشست ۳ بهمن برگزار می‌شود.",
    "🇮🇷 تیم ملی ایران در تهران به مصاف ژاپن رفت 👍",
    "وزیر امور خارجه در مسکو با همتای روس خود دیدار کرد.",
]
PHRASES = [[("پاریس", "place"), ("۳ بهمن", "date")], [("تهران", "place"), ("ژاپن", "place")], [("مسکو", "place")]]


def span(text: str, phrase: str, label: str) -> dict:
    start = text.index(phrase)
    return {"start": start, "end": start + len(phrase), "label": label}


@pytest.fixture
def project(tmp_path) -> Path:
    """Three documents (an emoji, a flag, none) with spans, imported from native JSONL."""
    path = tmp_path / "news.barchasb"
    source = tmp_path / "source.jsonl"
    source.write_text(
        "".join(
            json.dumps(
                {"text": text, "meta": {"name": f"n{i}.txt"}, "spans": [span(text, p, lab) for p, lab in phrases]},
                ensure_ascii=False,
            )
            + "\n"
            for i, (text, phrases) in enumerate(zip(TEXTS, PHRASES))
        ),
        encoding="utf-8",
    )
    assert main(["init", str(path)]) == 0
    assert main(["import", str(path), str(source), "--annotator", "sara"]) == 0
    return path


def utf16(text: str, offset: int) -> int:
    return len(text[:offset].encode("utf-16-le")) // 2


def labels(path: Path) -> list[list]:
    return [json.loads(line)["label"] for line in path.read_text(encoding="utf-8").splitlines()]


def stored(project: Path) -> list[tuple]:
    conn = sqlite3.connect(project)
    try:
        return sorted(
            conn.execute(
                'SELECT d.text, s.start, s."end", s.label FROM spans s JOIN documents d ON d.id = s.document_id'
            ).fetchall()
        )
    finally:
        conn.close()


def test_doccano_export_counts_utf16_units_and_says_where_that_matters(project, tmp_path, capsys):
    out = tmp_path / "d.jsonl"
    assert main(["export", str(project), "-f", "doccano", "-o", str(out)]) == 0
    err = capsys.readouterr().err
    expected = [
        [
            [utf16(t, s["start"]), utf16(t, s["end"]), s["label"]]
            for s in sorted((span(t, p, lab) for p, lab in phrases), key=lambda s: s["start"])
        ]
        for t, phrases in zip(TEXTS, PHRASES)
    ]
    assert labels(out) == expected
    assert labels(out)[0][0][:2] == [TEXTS[0].index("پاریس") + 1, TEXTS[0].index("پاریس") + 6]
    assert (
        f"{out}:1: warning: 1 characters outside the BMP (emoji) before spans; offsets written as UTF-16 units" in err
    )
    assert f"{out}:2: warning: 2 characters outside the BMP" in err  # the flag is two
    assert f"{out}:3:" not in err  # no emoji: the units agree, nothing to say
    assert "no offset unit stated: 2 doccano records" in err

    stated = tmp_path / "stated.jsonl"
    assert main(["export", str(project), "-f", "doccano", "-o", str(stated), "--offsets", "utf16"]) == 0
    assert "warning" not in capsys.readouterr().err
    assert stated.read_bytes() == out.read_bytes()

    points = tmp_path / "points.jsonl"
    assert main(["export", str(project), "-f", "doccano", "-o", str(points), "--offsets", "codepoints"]) == 0
    assert labels(points)[0][0] == [TEXTS[0].index("پاریس"), TEXTS[0].index("پاریس") + 5, "place"]


def test_native_jsonl_stays_code_points(project, tmp_path):
    out = tmp_path / "n.jsonl"
    assert main(["export", str(project), "-f", "jsonl", "-o", str(out)]) == 0
    first = json.loads(out.read_text(encoding="utf-8").splitlines()[0])
    assert [(first["text"][s["start"] : s["end"]], s["text"]) for s in first["spans"]] == [
        ("پاریس", "پاریس"),
        ("۳ بهمن", "۳ بهمن"),
    ]


@pytest.mark.parametrize("unit", [None, "utf16", "codepoints"])
def test_round_trips_are_byte_identical_in_either_unit(project, tmp_path, unit, capsys):
    stated = [] if unit is None else ["--offsets", unit]
    first, second = tmp_path / "1.jsonl", tmp_path / "2.jsonl"
    assert main(["export", str(project), "-f", "doccano", "-o", str(first), *stated]) == 0
    fresh = tmp_path / "fresh.barchasb"
    assert main(["init", str(fresh)]) == 0
    assert main(["import", str(fresh), str(first), *stated]) == 0
    assert stored(fresh) == stored(project)  # the same spans on the same texts
    assert main(["export", str(fresh), "-f", "doccano", "-o", str(second), *stated]) == 0
    assert second.read_bytes() == first.read_bytes()
    assert ("warning" in capsys.readouterr().err) == (unit is None)


def test_a_doccano_1_8_export_imports_onto_the_words_drawn_and_adds_no_metadata(tmp_path, capsys):
    project = tmp_path / "p.barchasb"
    assert main(["init", str(project)]) == 0
    assert main(["import", str(project), str(FIXTURE)]) == 0  # a warning is not a partial import
    captured = capsys.readouterr()
    assert (
        f"{FIXTURE}:1: warning: 1 characters outside the BMP (emoji) before spans; offsets "
        "read as UTF-16 units" in captured.err
    )
    assert f"{FIXTURE}:2: warning: 2 characters outside the BMP" in captured.err
    assert f"{FIXTURE}:3:" not in captured.err
    assert sorted((text[s:e], label) for text, s, e, label in stored(project)) == sorted(
        [("پاریس", "place"), ("۳ بهمن", "date"), ("تهران", "place"), ("ژاپن", "place"), ("مسکو", "place")]
    )
    out = tmp_path / "n.jsonl"
    assert main(["export", str(project), "-f", "jsonl", "-o", str(out)]) == 0
    metas = [json.loads(line)["meta"] for line in out.read_text(encoding="utf-8").splitlines()]
    assert metas == [
        {"name": "news-1.txt", "source": "https://example.ir/a"},
        {"name": "news-2.txt", "Comments": ["مرز بازهٔ ژاپن بررسی شود"]},
        {"name": "news-3.txt"},
    ]


def test_a_stated_unit_is_used_without_a_warning(tmp_path, capsys):
    project = tmp_path / "p.barchasb"
    assert main(["init", str(project)]) == 0
    assert main(["import", str(project), str(FIXTURE), "--offsets", "utf16", "--format", "doccano"]) == 0
    assert "warning" not in capsys.readouterr().err
    assert "پاریس" in [t[s:e] for t, s, e, _ in stored(project)]


def test_a_code_point_reading_of_ui_offsets_that_split_an_emoji_is_refused(tmp_path, capsys):
    project = tmp_path / "p.barchasb"
    bad = tmp_path / "bad.jsonl"
    bad.write_text(
        json.dumps({"text": "سلام", "label": []})
        + "\n"
        + json.dumps({"text": "😀 پاریس", "label": [[1, 7, "place"]]}, ensure_ascii=False)
        + "\n",
        encoding="utf-8",
    )
    assert main(["init", str(project)]) == 0
    assert main(["import", str(project), str(bad), "--format", "doccano"]) == 3
    err = capsys.readouterr().err
    assert f"skipped {bad}: line 2: span [1, 7) place: UTF-16 offset 1 falls inside the surrogate pair of '😀'" in err
    assert stored(project) == []


@pytest.mark.parametrize(
    "argv",
    [
        ["export", "{p}", "-f", "jsonl", "-o", "{o}", "--offsets", "utf16"],
        ["export", "{p}", "-f", "label-studio", "-o", "{o}", "--offsets", "codepoints"],
        ["import", "{p}", "{f}", "--format", "label-studio", "--offsets", "utf16"],
    ],
)
def test_offsets_is_refused_for_formats_that_always_count_code_points(project, tmp_path, argv, capsys):
    args = [a.format(p=project, o=tmp_path / "o.json", f=FIXTURE) for a in argv]
    assert main(args) == 1
    assert "--offsets is for doccano files" in capsys.readouterr().err
    assert not (tmp_path / "o.json").exists()


def test_the_json_report_lists_the_records_where_the_unit_matters(project, tmp_path):
    report = tmp_path / "r.json"
    out = tmp_path / "d.jsonl"
    assert main(["export", str(project), "-f", "doccano", "-o", str(out), "--report", str(report)]) == 0
    notes = json.loads(report.read_text(encoding="utf-8"))["offset_notes"]
    assert notes == [{"path": str(out), "line": 1, "characters": 1}, {"path": str(out), "line": 2, "characters": 2}]
