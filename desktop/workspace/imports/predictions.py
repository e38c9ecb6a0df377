"""Imported predictions (Label Studio's model output) as pending suggestions.

They go to one layer, the importing user's (or `--annotator`'s), from source
`label-studio:<model_version>` with the model's score, in the import's own
transaction (so its undo removes them with the documents). A prediction that is
already a suggestion of that layer (pending or decided: a rejection stays
rejected) or already a span of it is not added again.
"""

from __future__ import annotations

from desktop.core.suggestion import Suggestion
from desktop.formats.records import DocumentRecord
from desktop.storage.contract import ProjectStore

SOURCE = "label-studio:"


def store_predictions(repo: ProjectStore, placed: list[tuple[DocumentRecord, int]], layer: str) -> int:
    """Store the records' predictions in `layer`'s suggestions; how many were added."""
    wanted = [(record, doc_id) for record, doc_id in placed if record.predictions]
    if not wanted:
        return 0
    annotator = repo.ensure_annotator(layer)
    ids = [doc_id for _, doc_id in wanted]
    known = {(s.document_id, s.start, s.end, s.label) for s in repo.find_suggestions(annotator.id, document_ids=ids)}
    items = []
    for record, doc_id in wanted:
        known |= {(doc_id, s.start, s.end, s.label) for s in repo.spans(doc_id, annotator.id)}
        for p in record.predictions:
            key = (doc_id, p.start, p.end, p.label)
            if key not in known:  # two models proposing the same span: the first one's
                known.add(key)
                items.append(Suggestion(doc_id, annotator.id, p.start, p.end, p.label, SOURCE + p.model, p.score))
    repo.insert_suggestions(items)
    return len(items)
