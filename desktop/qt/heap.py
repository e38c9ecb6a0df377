"""Keep the cyclic garbage collector off a document that is open and painted.

With the 1 MB document and its 5,000 relations open, Python tracks about 141,000 objects (marks,
spans, index rows, arcs); every few dozen page scrolls a full collection walked them all and one
scroll took 165 ms. Those objects live exactly as long as the document is shown, so once it is
painted they are moved out of the collector's sight (`gc.freeze`), and given back to it
(`gc.unfreeze`) before the next document is opened and when the window closes: garbage frozen with
a document is collected after that document, never kept across opens.
"""

from __future__ import annotations

import gc

from PySide6.QtCore import QObject, QTimer

FREEZE_AFTER_MS = 500  # after the first paint and the work queued behind it (span list, panel rows)


class Heap(QObject):
    """Freezes the objects alive once a document has settled; thaws them before the next one."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._timer = QTimer(self, singleShot=True, interval=FREEZE_AFTER_MS)
        self._timer.timeout.connect(self._on_settled)
        self.frozen = False

    def document_opening(self) -> None:
        """Give the last document's objects back to the collector: they may be garbage now."""
        self._timer.stop()
        self.thaw()

    def document_shown(self) -> None:
        """Freeze once the document is painted and the loop has gone quiet for a moment."""
        self._timer.start()

    def thaw(self) -> None:
        self._timer.stop()
        if self.frozen:
            gc.unfreeze()
            self.frozen = False

    def _on_settled(self) -> None:
        gc.collect(1)  # the young garbage of the open (cheap), so it is not frozen with the rest
        gc.freeze()
        self.frozen = True
