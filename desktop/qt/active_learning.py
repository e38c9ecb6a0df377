"""Active learning in the window: "next document" by the model's uncertainty, retraining in the background.

Counts the spans the analyst adds; after the project's `retrain_after` setting of them it trains
the model again and re-scores the unlabelled documents in a worker thread (the window keeps
answering). The new model is only stored: suggestions already shown stay as they are, and the
next run of the suggesters (on the next document or on request) uses it. The queue is kept in
memory; "Next by uncertainty" (a project setting) makes "next document" follow it.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, Signal

from desktop.core.errors import BarchasbError
from desktop.i18n import number, tr
from desktop.qt.bridge import WorkspaceBridge
from desktop.qt.reasons import explain_error
from desktop.qt.tasks import Task
from desktop.workspace import Changes
from desktop.workspace.suggestions.queue import (
    QueueEntry,
    follows_queue,
    has_model,
    next_in_queue,
    queue_job,
    retrain_after,
    set_follows_queue,
    unlabelled_documents,
    unlabelled_texts,
)

StatusSink = Callable[[str, int], None]


class ActiveLearning(QObject):
    """The uncertainty queue of the open project and the background retraining."""

    queue_changed = Signal()
    retrained = Signal(int)  # documents trained on

    def __init__(self, bridge: WorkspaceBridge, show_status: StatusSink, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.bridge = bridge
        self.show_status = show_status
        self.queue: list[QueueEntry] = []
        self.new_spans = 0  # added since the last training started
        self._task: Task | None = None
        self._stopped = False  # the window closed: a result still queued must not touch the project
        bridge.changed.connect(self._on_changed)
        if self.follows and has_model(bridge.workspace):
            self.rescore()  # the queue lives in memory: rebuild it for a project that follows it

    @property
    def follows(self) -> bool:
        return follows_queue(self.bridge.workspace)

    @property
    def busy(self) -> bool:
        return self._task is not None

    def set_follows(self, on: bool) -> None:
        """The menu toggle: stored in the project; turning it on scores the documents."""
        self.bridge.attempt(set_follows_queue, self.bridge.workspace, on)
        if on and not self.queue:
            self.rescore()

    def next_document(self, current: int | None) -> int | None:
        """The queued document to open after `current`, skipping ones labelled since scoring."""
        still = set(self.bridge.attempt(unlabelled_documents, self.bridge.workspace) or ())
        return next_in_queue([e for e in self.queue if e.document in still], current)

    def rescore(self) -> None:
        """Score the unlabelled documents with the stored model, in a worker."""
        if self._task is not None:
            return
        try:
            job = queue_job(self.bridge.workspace)
        except BarchasbError as exc:  # no model yet: say how to train one (nothing failed to save)
            self.show_status(explain_error(exc), 10000)
            return
        self._start(lambda _progress, cancelled: (None, job.run(cancelled)))

    def retrain(self) -> None:
        """Train on gold (or the annotator's layer), then score with the new model, in a worker."""
        if self._task is not None:
            return
        from desktop.workspace.suggestions.training import default_training_layer, save_model, training_job

        workspace = self.bridge.workspace
        training = self.bridge.attempt(training_job, workspace, default_training_layer(workspace))
        if training is None:
            return
        self.new_spans = 0
        texts = self.bridge.attempt(unlabelled_texts, workspace) or {}
        self.show_status(tr("Retraining the model in the background…"), 0)

        def work(_progress, cancelled):
            from desktop.workspace.suggestions.queue import QueueJob

            model = training.run(cancel=cancelled)
            return model, QueueJob(model.model, texts).run(cancelled)

        def trained(result) -> None:
            model, _ = result
            self.bridge.attempt(save_model, workspace, training, model)
            self.retrained.emit(len(training.documents))
            self.show_status(
                tr("Model retrained on {n} documents; queue updated", n=number(len(training.documents))), 8000
            )

        self._start(work, trained)

    def stop(self) -> None:
        """Cancel and wait for a running worker, and for one that has reported but not yet returned
        (the window is closing: deleting a thread still running aborts the process)."""
        self._stopped = True
        if self._task is not None:
            self._task.succeeded.disconnect()  # a result arriving after closing has no window to go to
            self._task.failed.disconnect()
            self._task = None
        for task in self.findChildren(Task):  # the ones not deleted yet: running, or just returned
            task.cancel()
            task.wait()

    def _start(self, work, on_model: Callable[[object], None] | None = None) -> None:
        task = Task(work, self)
        self._task = task
        # Deleted once run() has returned, not when it reports: under load the worker is still
        # unwinding (freeing the model) when its result arrives, and a QThread deleted then aborts.
        task.finished.connect(task.deleteLater)

        def done(result) -> None:
            self._task = None
            if self._stopped:  # delivered after closing (emitted before `stop` disconnected it)
                return
            model, queue = result
            if on_model is not None and model is not None:
                on_model(result)
            self.queue = queue
            self.queue_changed.emit()

        def failed(exc: Exception) -> None:
            self._task = None
            if self._stopped:
                return
            message = str(exc) if isinstance(exc, BarchasbError) else tr("Retraining failed: {error}", error=exc)
            self.show_status(message, 10000)

        task.succeeded.connect(done)
        task.failed.connect(failed)
        task.start()

    def _on_changed(self, changes: Changes) -> None:
        self.new_spans += len(changes.spans_added)
        if self.new_spans >= retrain_after(self.bridge.workspace) and self._task is None:
            self.retrain()
