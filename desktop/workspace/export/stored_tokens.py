"""Token boundaries an export made, handed to the project to keep (migration 0010).

A large token-based export tokenises in worker processes the documents whose
boundaries the project does not have yet (desktop/workspace/export/token_workers.py);
the boundaries come back packed beside each document's output, and `BoundsKeeper`
stores them a batch at a time through the export source, so the next export of
those documents only formats them. Keeping them is a cache: when the project
cannot store them now (read-only, busy), the export goes on and the next one
tokenises again.
"""

from __future__ import annotations

from desktop.storage.export_source import ExportSource
from desktop.storage.token_bounds import BoundsRow
from desktop.text.tokens import TOKENIZER_VERSION

BATCH = 1_000  # documents per transaction: a few MB of boundaries


class BoundsKeeper:
    """Collects (document id, packed tokens, packed sentences) and stores them in batches."""

    def __init__(self, source: ExportSource) -> None:
        self.source = source
        self.rows: list[BoundsRow] = []
        self.kept = 0  # documents whose boundaries were stored
        self.failed = False  # the project refused once: keep no more in this export

    @property
    def wanted(self) -> bool:
        """Whether boundaries made now would be kept."""
        return self.source.stores_token_bounds and not self.failed

    def add(self, doc_id: int, bounds: tuple[bytes, bytes]) -> None:
        if not self.wanted:
            return
        self.rows.append((doc_id, TOKENIZER_VERSION, *bounds))
        if len(self.rows) >= BATCH:
            self.flush()

    def flush(self) -> None:
        """Store what was collected (one transaction)."""
        if self.rows and self.wanted:
            if self.source.keep_token_bounds(self.rows):
                self.kept += len(self.rows)
            else:
                self.failed = True
        self.rows = []
