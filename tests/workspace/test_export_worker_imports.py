"""An export worker (token_workers: a fresh interpreter per core, every large CoNLL, hf or
`jsonl --tokens` export) imports only what writing needs (issue 17): brat's writer and the
review's row helpers (~30 ms a worker) are loaded where they are used, and a stored document
with gold provenance still gives its provenance in the worker."""

from __future__ import annotations

import pickle
import subprocess
import sys

from desktop.storage.export_document import StoredDocument
from desktop.storage.export_unread import SpansUnread

LEFT_OUT = (
    "desktop.formats.brat_write",
    "desktop.formats.brat_model",
    "desktop.storage.review",
    "desktop.storage.review_relations",
    "desktop.core.review",
)
WORKER = "from desktop.workspace.export.written import serve\nfrom desktop.workspace.export import gathered"


def _run(code: str) -> str:
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout


def test_a_worker_loads_neither_brat_nor_the_review():
    probe = f"import sys\n{WORKER}\nprint(' '.join(m for m in {LEFT_OUT!r} if m in sys.modules))"
    assert _run(probe).split() == []


def test_a_worker_loads_no_reading_of_the_project():
    # A worker unpickles stored documents (storage/export_document.py): the reading that made them
    # (export_source, and the snapshot, database and migrations behind it) stays in the exporting process.
    reading = (
        "desktop.storage.export_source",
        "desktop.storage.snapshot",
        "desktop.storage.db",
        "desktop.storage.migrations",
    )
    probe = f"import sys\n{WORKER}\nprint(' '.join(m for m in {reading!r} if m in sys.modules))"
    assert _run(probe).split() == []


def test_an_unread_document_is_read_in_a_fresh_worker():
    # Sent with its spans' JSON text (storage/export_unread.py), it makes them rows there.
    doc = SpansUnread(1, "d", "h", "ab", {}, '[[0,2,"PER",3,"manual",9]]', [])
    probe = f"{WORKER}\nimport pickle\ndoc = pickle.loads({pickle.dumps(doc)!r})\nprint(repr(doc.spans))"
    assert _run(probe).strip() == repr([(1, 0, 2, "PER", 3, "manual", 9)])


def test_gold_provenance_is_read_in_a_fresh_worker():
    # a span row (document, start, end, label, annotator, origin, id) and its gold provenance columns
    row = (1, 0, 2, "PER", 3, "review", 9, "accepted", "mina", "2026-01-01T00:00:00Z", 4, '["sara"]', 0, 2, "PER")
    expected = StoredDocument.provenance(row)
    assert expected is not None
    doc = StoredDocument(1, "d", "h", "ab", {}, [row], [])
    read = "print(repr(doc.provenance(doc.spans[0])))"
    probe = f"{WORKER}\nimport pickle\ndoc = pickle.loads({pickle.dumps(doc)!r})\n{read}"
    assert _run(probe).strip() == repr(expected)
