"""Helpers shared by tests (importable as `helpers`; see pytest's pythonpath)."""

from __future__ import annotations

import hashlib

TEXT = "😀 علی جهانگیری، معاون استاندار آذربایجان شرقی، به باکو رفت."


def add_document(workspace, text: str = TEXT, name: str = "doc.txt") -> int:
    """Store a document verbatim, bypassing import (for span-level tests)."""
    from desktop.storage.repository import NewDocument

    digest = hashlib.sha256(text.encode()).hexdigest()
    with workspace.repo.action("tester"):
        return workspace.repo.insert_document(NewDocument(name, text, text, digest, digest, None, {}))
