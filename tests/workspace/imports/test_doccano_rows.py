"""A doccano import writes the same rows, byte for byte, as before its fast paths (issue 17).

The digest below is of every table after importing `LINES` into a new project,
timestamps, the batch id and the file's path masked; it was taken with the
import as it was before the fast paths (a reader that checked each span in
full, a statement per span row). Hard text throughout: ZWNJ, emoji (UTF-16
offsets after them), Persian, Arabic-Indic and ASCII digits, overlapping
spans, both entry shapes, a repeated document, metadata, values filled from
words (`figure`, `date`). A file with bad lines is refused whole: every bad
line named, nothing written.
"""

from __future__ import annotations

import hashlib
import json
import re
import sqlite3
from contextlib import closing
from pathlib import Path

from desktop.workspace import Workspace
from desktop.workspace.imports.annotated import ImportOptions, import_annotated

ZWNJ = "\u200c"
TEXT_1 = f"رئیس{ZWNJ}جمهور در ۱۲ آبان ۱۴۰۴ به تبریز رفت و ۴۵ هزار دستگاه خرید."
TEXT_2 = f"😀 سفر به باکو 🇮🇷 در ٢٠٢٥ با ۳ میلیارد تومان{ZWNJ}ها"
TEXT_3 = "قرارداد 12 ساله با 50% سود در تهران امضا شد"


def _utf16(text: str, offset: int) -> int:
    return len(text[:offset].encode("utf-16-le")) // 2


def _entry(text: str, word: str, label: str, after: int = 0) -> list:
    start = text.index(word, after)
    return [_utf16(text, start), _utf16(text, start + len(word)), label]


LINES = [
    {
        "text": TEXT_1,
        "label": [
            _entry(TEXT_1, f"رئیس{ZWNJ}جمهور", "official"),
            _entry(TEXT_1, "۱۲ آبان ۱۴۰۴", "date"),
            _entry(TEXT_1, "۱۴۰۴", "figure"),  # inside the date: overlapping spans
            _entry(TEXT_1, "تبریز", "place"),
            _entry(TEXT_1, "۴۵ هزار دستگاه", "figure"),
        ],
        "name": "نخست",
        "source_id": 7,
    },
    {
        "text": TEXT_2,
        "entities": [
            {
                "id": 4,
                "start_offset": _entry(TEXT_2, "باکو", "place")[0],
                "end_offset": _entry(TEXT_2, "باکو", "")[1],
                "label": "place",
            },
            {
                "id": 5,
                "start_offset": _entry(TEXT_2, "٢٠٢٥", "")[0],
                "end_offset": _entry(TEXT_2, "٢٠٢٥", "")[1],
                "label": "date",
            },
        ],
        "Comments": [],
    },
    {
        "text": TEXT_2,  # the same document again: present, gains nothing
        "label": [_entry(TEXT_2, "۳ میلیارد تومان", "figure"), _entry(TEXT_2, "😀 سفر", "event")],
    },
    {
        "text": TEXT_3,
        "label": [
            _entry(TEXT_3, "12 ساله", "figure"),
            _entry(TEXT_3, "50% سود", "figure"),
            _entry(TEXT_3, "50%", "figure"),
            _entry(TEXT_3, "تهران", "place"),
            _entry(TEXT_3, "قرارداد 12 ساله", "event"),
        ],
        "tags": ["خبر", "۱"],
    },
]
PINNED = "cda2ae3eed498e26ef13ab612d9d2c49ba6cad733211f0d6774b1a848c7b86c3"
PINNED_BMP = "387ebb0cb76b33779e74fefd9d7eb14bc91aba1622ccf29db51f8dc1a8f7a83c"  # no emoji: code points
_STAMP = re.compile(r"\d{4}-\d\d-\d\d[T ]\d\d:\d\d:\d\d(?:\.\d+)?(?:Z|\+00:00)?")


def _write(path: Path, lines: list) -> Path:
    path.write_text("".join(json.dumps(line, ensure_ascii=False) + "\n" for line in lines), encoding="utf-8")
    return path


def project_digest(project: Path, source: Path) -> str:
    """sha256 of every row of every table, in rowid order, stamps, batch and source path masked."""
    digest = hashlib.sha256()
    with closing(sqlite3.connect(project)) as conn:
        tables = [row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")]
        for table in tables:
            try:
                rows = conn.execute(f'SELECT * FROM "{table}" ORDER BY rowid').fetchall()
            except sqlite3.OperationalError:  # a table without rowid
                rows = sorted(conn.execute(f'SELECT * FROM "{table}"').fetchall(), key=repr)
            columns = [c[1] for c in conn.execute(f'PRAGMA table_info("{table}")')]
            for row in rows:
                values = dict(zip(columns, row, strict=True))
                if table == "history":
                    values["batch"] = "B"
                line = json.dumps(values, ensure_ascii=False, default=repr)
                line = _STAMP.sub("T", line).replace(json.dumps(str(source))[1:-1], "SRC")
                digest.update(f"{table} {line}\n".encode())
    return digest.hexdigest()


def _import(tmp_path: Path, lines: list, name: str = "corpus.jsonl"):
    source = _write(tmp_path / name, lines)
    workspace = Workspace.create(tmp_path / "project.barchasb")
    try:
        result = import_annotated(workspace, "tester", source, ImportOptions("doccano"))
    finally:
        workspace.close()
    return result, source


def test_a_doccano_import_writes_the_rows_it_wrote_before_its_fast_paths(tmp_path):
    result, source = _import(tmp_path, LINES)
    assert result.outcome == "imported", result.why
    assert (len(result.documents_added), result.documents_present, result.spans_added) == (3, 1, 14)
    assert result.links.attributes > 0  # values read from the words of figure and date spans
    assert project_digest(tmp_path / "project.barchasb", source) == PINNED


def test_a_file_without_astral_characters_writes_the_rows_it_wrote_before(tmp_path):
    result, source = _import(tmp_path, [LINES[0], LINES[3]])
    assert (len(result.documents_added), result.spans_added) == (2, 10)
    assert project_digest(tmp_path / "project.barchasb", source) == PINNED_BMP


def test_bad_lines_are_each_named_and_nothing_is_written(tmp_path):
    empty = Workspace.create(tmp_path / "empty.barchasb")
    empty.close()
    bad = [
        LINES[0],
        {"text": TEXT_3, "label": [[0, 999, "place"]]},  # past the text, a label already seen
        LINES[3],
        {"text": TEXT_3, "label": [[True, 3, "place"]]},  # not an integer
        {"text": TEXT_2, "label": [[1, 4, "place"]]},  # inside the emoji's surrogate pair
    ]
    source = _write(tmp_path / "bad.jsonl", bad)
    source.write_text(source.read_text(encoding="utf-8") + "{not json\n", encoding="utf-8")
    workspace = Workspace.open(tmp_path / "empty.barchasb")
    try:
        result = import_annotated(workspace, "tester", source, ImportOptions("doccano"))
    finally:
        workspace.close()
    assert result.outcome == "skipped"
    assert [b.line for b in result.bad_records] == [2, 4, 5, 6]
    assert str(result.why) == "line 2: span [0, 999) place ends past the text (43 characters)"
    reasons = [b.describe(str(source)) for b in result.bad_records]
    assert reasons[:2] == [
        f"{source}:2: span [0, 999) place ends past the text (43 characters)",
        f"{source}:4: span offsets must be integers, got True, 3",
    ]
    assert reasons[2].startswith(f"{source}:5: span [1, 4) place: UTF-16 offset 1 falls inside the surrogate pair")
    assert reasons[3].startswith(f"{source}:6: not valid JSON")
    fresh = Workspace.create(tmp_path / "fresh.barchasb")
    fresh.close()
    assert project_digest(tmp_path / "empty.barchasb", source) == project_digest(tmp_path / "fresh.barchasb", source)


def test_a_bad_line_after_rows_already_went_in_rolls_them_all_back(tmp_path):
    """Documents' rows are written while the file is read (a chunk of records at a time, on a
    thread): a bad line after hundreds of good ones still leaves the project as it was."""
    from desktop.workspace.imports.store import STAGED_CHUNK

    good = [{"text": f"{n} {TEXT_1}", "label": [[0, len(str(n)), "figure"]]} for n in range(3 * STAGED_CHUNK)]
    source = _write(tmp_path / "late.jsonl", [*good, {"text": TEXT_3, "label": [[0, 999, "place"]]}, *good[:2]])
    Workspace.create(tmp_path / "empty.barchasb").close()
    workspace = Workspace.open(tmp_path / "empty.barchasb")
    try:
        result = import_annotated(workspace, "tester", source, ImportOptions("doccano"))
        assert workspace.repo.document_count() == 0
    finally:
        workspace.close()
    assert result.outcome == "skipped" and [b.line for b in result.bad_records] == [3 * STAGED_CHUNK + 1]
    assert result.valid_records == 3 * STAGED_CHUNK + 2
    Workspace.create(tmp_path / "fresh.barchasb").close()
    assert project_digest(tmp_path / "empty.barchasb", source) == project_digest(tmp_path / "fresh.barchasb", source)


def test_a_span_made_of_checked_values_is_the_span_its_constructor_makes():
    from desktop.core.model import Origin, Span, checked_span

    for origin in Origin:
        made = checked_span(3, 2, 5, "org-2.x_y", 7, origin)
        assert made == Span(3, 2, 5, "org-2.x_y", 7, origin) and hash(made) == hash(
            Span(3, 2, 5, "org-2.x_y", 7, origin)
        )
        assert (made.note, made.id, made.created_at, made.updated_at, made.origin) == ("", None, "", "", origin)


def test_a_file_that_repeats_a_document_gives_its_spans_their_values_once(tmp_path):
    """The second copy's spans are the first's (duplicates); the values their words say were
    stored twice, and the second failed the import on span_attributes' unique key."""
    result, _ = _import(tmp_path, [LINES[2], LINES[2]])
    assert result.outcome == "imported", result.why
    assert (result.documents_present, result.spans_added, result.spans_duplicate) == (1, 2, 2)
    assert result.links.attributes == 1  # ۳ میلیارد تومان


def test_the_same_words_of_a_label_are_read_once_a_file(tmp_path, monkeypatch):
    """Values from the words: a file's figures and dates repeat (a third of the bench's 5,000-document
    file); the words of a label are read once, each span still gets its value."""
    from desktop.workspace.relations import autofill

    read: list[str] = []
    original = autofill.read_value
    monkeypatch.setattr(autofill, "read_value", lambda field, text: read.append(text) or original(field, text))
    twice = [{"text": f"{n} {TEXT_3}", "label": [_entry(f"{n} {TEXT_3}", "50% سود", "figure")]} for n in range(2)]
    result, _ = _import(tmp_path, [LINES[3], *twice])
    assert result.outcome == "imported" and result.links.attributes == 3 + 2  # LINES[3]'s three, one each here
    assert read.count("50% سود") == 1  # in LINES[3] and in both others
