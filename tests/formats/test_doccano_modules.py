"""Reading doccano loads no writer and no other format's reader (issue 17): `barchasb import` runs
in a fresh process, where those modules cost ~15 ms of a 1,000-document import's ~100 ms."""

from __future__ import annotations

import subprocess
import sys

from desktop.formats import writing
from desktop.formats.doccano_write import DoccanoWriter

OTHERS = (
    "desktop.formats.writing",
    "desktop.formats.conll",
    "desktop.formats.hf",
    "desktop.formats.jsonl",
    "desktop.formats.labelstudio",
)


def _loaded_after(code: str) -> list[str]:
    """The modules of OTHERS a fresh interpreter holds after running `code`."""
    probe = f"import sys\n{code}\nprint(' '.join(m for m in {OTHERS!r} if m in sys.modules))"
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    return done.stdout.split()


def test_the_doccano_reader_loads_no_writer():
    assert _loaded_after("from desktop.formats.doccano import read_doccano") == []


def test_reading_doccano_through_read_records_loads_no_other_format():
    code = (
        "from desktop.formats.detect import read_records\n"
        'list(read_records("doccano", \'{"text": "x y", "label": [[0, 1, "L"]]}\\n\', "a.jsonl"))'
    )
    assert _loaded_after(code) == []


def test_the_export_finds_the_writer_in_its_own_module():
    from desktop.formats import doccano

    assert writing.writer_class("doccano") is DoccanoWriter
    assert not hasattr(doccano, "DoccanoWriter")  # the reader's module names no writer
