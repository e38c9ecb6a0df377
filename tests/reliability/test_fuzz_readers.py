"""Fuzzing every reader, alone and through `barchasb import`.

Any bytes give either records whose spans fit their text, or an `InputError`
that names the file (and a line inside it) in one line. Imported through the
CLI, a file goes in whole or not at all: after a refused file every table
of the project has the rows it had before.
"""

from __future__ import annotations

import contextlib
import io
from pathlib import Path

import pytest
from hypothesis import given
from reliability.checks import fuzz, integrity, row_counts
from reliability.hostile import conll_file, json_file, text_file

from desktop.cli import main
from desktop.core.errors import InputError
from desktop.formats.detect import detect_by_content, read_records
from desktop.formats.plaintext import decode_bytes

READER_EXAMPLES = 250
IMPORT_EXAMPLES = 60
FILES = {
    "jsonl": json_file("jsonl"),
    "doccano": json_file("doccano"),
    "label-studio": json_file("label-studio"),
    "conll": conll_file(),
    "text": text_file(),
}
EXTENSIONS = {"jsonl": ".jsonl", "doccano": ".jsonl", "label-studio": ".json", "conll": ".conll", "text": ".txt"}


def read(fmt: str, data: bytes, name: str):
    """The records of `data`, or the InputError refusing it."""
    try:
        text = decode_bytes(data, name).text
        if fmt == "auto":
            fmt = detect_by_content(Path(name), text)
        return [] if fmt == "text" else list(read_records(fmt, text, name))
    except InputError as exc:
        return exc


def assert_sound(outcome, data: bytes, name: str) -> None:
    if isinstance(outcome, InputError):
        message = str(outcome)
        assert outcome.path == name and message.startswith(name), message
        assert "\n" not in message and "\r" not in message, "an error is one line"
        lines = max(data.count(b"\n"), data.count("\n".encode("utf-16-le"))) + 1
        assert outcome.line is None or 1 <= outcome.line <= lines, (outcome.line, lines)
        return
    for record in outcome:
        assert isinstance(record.text, str) and record.text.encode("utf-8")
        for span in record.spans:
            assert isinstance(span.start, int) and isinstance(span.end, int)
            assert 0 <= span.start < span.end <= len(record.text), span
            assert isinstance(span.label, str) and span.label
        for start, end in record.tokens or []:
            assert 0 <= start < end <= len(record.text)


@pytest.mark.parametrize("fmt", ["jsonl", "doccano", "label-studio", "conll"])
def test_a_reader_returns_fitting_spans_or_a_located_error(fmt):
    @fuzz(READER_EXAMPLES)
    @given(data=FILES[fmt])
    def check(data):
        name = f"fuzz{EXTENSIONS[fmt]}"
        assert_sound(read(fmt, data, name), data, name)

    check()


def test_any_bytes_decode_to_text_or_a_located_error():
    @fuzz(READER_EXAMPLES)
    @given(data=text_file())
    def check(data):
        outcome = read("auto", data, "fuzz.txt")
        assert_sound(outcome, data, "fuzz.txt")

    check()


@pytest.mark.parametrize("fmt", ["auto", "jsonl", "doccano", "label-studio", "conll", "text"])
def test_an_import_is_the_whole_file_or_nothing(fmt, make_project, tmp_path):
    project = make_project()
    source = FILES["jsonl" if fmt == "auto" else fmt]
    counter = iter(range(10**6))

    @fuzz(IMPORT_EXAMPLES)
    @given(data=source)
    def check(data):
        path = tmp_path / f"in{next(counter)}{EXTENSIONS.get(fmt, '.jsonl')}"
        path.write_bytes(data)
        before = row_counts(project)
        code, out, err = run(["import", str(project), str(path), "--format", fmt])
        after = row_counts(project)
        assert code in (0, 3), err  # 0: imported (or already there), 3: the file was skipped
        assert "internal error" not in err and "Traceback" not in err
        if code == 3:
            assert after == before, "a refused file changed the project"
            assert str(path) in err
        else:
            assert after["documents"] >= before["documents"]
        assert all(len(line) < 2000 for line in (out + err).splitlines())

    check()
    assert integrity(project) == "ok"


def run(argv: list[str]) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(argv)
    return code, out.getvalue(), err.getvalue()
