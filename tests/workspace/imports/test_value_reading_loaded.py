"""The value reading (desktop.text.values, ~5 ms to load) is loaded while the last chunk's rows are
written, not after the spans beside the history's SQL (issue 17), and only when the file's spans
may have values read from their words. Each case runs in a fresh interpreter: the test process
has loaded the module long ago."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

_SCRIPT = """
import sys
from pathlib import Path
from desktop.workspace import Workspace
from desktop.workspace.imports.annotated import ImportOptions, import_annotated
from desktop.workspace.imports.store import PendingRows

loaded_at_flush = []
flush = PendingRows.flush
def noted(self):
    loaded_at_flush.append("desktop.text.values" in sys.modules)
    flush(self)
PendingRows.flush = noted
folder = Path(sys.argv[1])
workspace = Workspace.create(folder / "project.barchasb")
loaded_before = "desktop.text.values" in sys.modules
result = import_annotated(workspace, "tester", folder / "a.jsonl", ImportOptions("doccano"))
print(result.outcome, result.links.attributes, loaded_before, loaded_at_flush, "desktop.text.values" in sys.modules)
workspace.close()
"""

TEXT = "شرکت ملی نفت ایران در سال ۱۴۰۲ بیش از ۳ میلیون بشکه نفت در روز تولید کرد."


def _run(tmp_path: Path, label: str) -> str:
    start = TEXT.index("۳ میلیون")
    line = {"text": TEXT, "label": [[start, start + len("۳ میلیون بشکه"), label]]}
    (tmp_path / "a.jsonl").write_text(json.dumps(line, ensure_ascii=False) + "\n", encoding="utf-8")
    done = subprocess.run([sys.executable, "-c", _SCRIPT, str(tmp_path)], capture_output=True, text=True, check=True)
    return done.stdout.strip()


def test_a_figure_span_has_the_value_reading_loaded_before_its_rows_are_flushed(tmp_path):
    # before: loaded at the first value read, after the flush ("imported 1 False [False] True")
    assert _run(tmp_path, "figure") == "imported 1 False [True] True"


def test_spans_of_labels_without_value_fields_never_load_it(tmp_path):
    assert _run(tmp_path, "org") == "imported 0 False [False] False"
