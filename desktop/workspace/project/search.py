"""Persian-aware search over documents: filtering and "label all occurrences"."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from desktop.core.model import Origin, Span
from desktop.core.undo import CreateSpan, Op
from desktop.storage.contract import ProjectStore
from desktop.storage.search_index import search_index
from desktop.text.folding import find_all
from desktop.text.search_form import query_phrases
from desktop.workspace.changes import Changes
from desktop.workspace.session import Workspace

CONTEXT = 30
PAGE = 500  # a search's first rows, as many as the document list reads at once


@dataclass(frozen=True, slots=True)
class Occurrence:
    document_id: int
    document_name: str
    start: int
    end: int
    text: str  # the matched text as stored
    before: str  # context on each side, for the preview
    after: str
    labelled: bool  # this layer already has a span exactly here with the label
    other: str = ""  # else the label of a span this layer has exactly here (a second label needs a choice)


def _texts(workspace: Workspace, document_id: int | None):
    repo = workspace.repo
    if document_id is not None:
        yield document_id, repo.document(document_id).name, repo.document_text(document_id)
        return
    yield from repo.document_texts()


def search_documents(workspace: Workspace, query: str) -> set[int]:
    """Ids of documents whose name or text contains `query` (folded, any position)."""
    found = matching_documents(workspace.repo, query)
    assert found is not None  # never stopped
    return found


def matching_documents(
    store: ProjectStore,
    query: str,
    stop: Callable[[], bool] = lambda: False,
    first_page: Callable[[set[int]], None] | None = None,
) -> set[int] | None:
    """`search_documents` over a store: from the search index where it can answer (a
    query of three characters or more, the documents it holds), by scanning every
    other document's name and text; None when `stop()` turned true during a scan.
    `first_page`, when the index answers, is told the lowest `PAGE` ids first: the
    rows the list shows at the top of the whole answer, long before a common word's
    every document is read."""
    query = query.strip()
    index = search_index(store)
    phrases = query_phrases(query)
    if index is None or phrases is None:
        return _scan(store.document_texts(), query, stop)
    upto = index.indexed_upto()  # read first: documents indexed later are scanned
    if first_page is not None:
        page = index.match(phrases, upto, limit=PAGE)
        if len(page) == PAGE:  # else the scan below may still add to the top rows
            first_page(page)
    rest = _scan(index.texts_above(upto), query, stop)
    return None if rest is None or stop() else index.match(phrases, upto) | rest


def _scan(texts: Iterable[tuple[int, str, str]], query: str, stop: Callable[[], bool]) -> set[int] | None:
    found = set()
    for count, (doc_id, name, text) in enumerate(texts):
        if count % 256 == 0 and stop():
            return None
        if find_all(name, query, whole_word=False) or find_all(text, query, whole_word=False):
            found.add(doc_id)
    return found


def find_occurrences(workspace: Workspace, query: str, label: str, document_id: int | None = None) -> list[Occurrence]:
    """Whole-word, Persian-aware matches of `query` in one document or all."""
    out = []
    for doc_id, name, text in _texts(workspace, document_id):
        matches = find_all(text, query, whole_word=True)
        if not matches:
            continue
        spans = workspace.spans(doc_id)
        existing = {(s.start, s.end) for s in spans if s.label == label}
        others = {(s.start, s.end): s.label for s in sorted(spans, key=lambda s: s.id or 0, reverse=True)}
        for start, end in matches:
            labelled = (start, end) in existing
            out.append(
                Occurrence(
                    doc_id,
                    name,
                    start,
                    end,
                    text[start:end],
                    text[max(0, start - CONTEXT) : start],
                    text[end : end + CONTEXT],
                    labelled,
                    "" if labelled else others.get((start, end), ""),
                )
            )
    return out


def label_occurrences(
    workspace: Workspace, occurrences: list[Occurrence], label: str, origin: Origin = Origin.MANUAL
) -> Changes:
    """Label the chosen occurrences as one undoable step (already labelled ones are skipped)."""
    annotator = workspace.annotator.id
    ops: list[Op] = [
        CreateSpan(Span(o.document_id, o.start, o.end, label, annotator, origin)) for o in occurrences if not o.labelled
    ]
    if not ops:
        return Changes()
    return workspace.apply_ops(f"Label all: {label} ×{len(ops)}", ops)
