"""What the `relations` command and the panels read: the relation scheme with its use,
and a document's relations with the text at each end, as plain values."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from desktop.core.choices import choices_to_json
from desktop.core.errors import NotFound
from desktop.core.model import Span

if TYPE_CHECKING:
    from desktop.workspace.session import Workspace


def relations_summary(workspace: Workspace) -> dict[str, Any]:
    """Relation types (with how many relations each has, every layer), attribute fields, entities."""
    repo = workspace.repo
    counts = repo.relation_counts()
    types = [
        {
            "key": t.key,
            "name_fa": t.name_fa,
            "name_en": t.name_en,
            "directed": t.directed,
            "heads": list(t.heads),
            "tails": list(t.tails),
            "relations": counts.get(t.key, 0),
        }
        for t in repo.relation_types()
    ]
    fields = [
        {"field": f.path, "kind": f.kind.value, "choices": choices_to_json(f.choices)} for f in repo.attribute_fields()
    ]
    entities = repo.entities()
    return {"relation_types": types, "attributes": fields, "entities": len(entities)}


def document_relations(workspace: Workspace, document_id: int, layer: str | None = None) -> list[dict[str, Any]]:
    """The relations of one document (one layer, or every layer), each end with its text."""
    repo = workspace.repo
    text = repo.document_text(document_id)
    annotator_id = None
    if layer is not None:
        found = repo.find_annotator(layer)
        if found is None:
            raise NotFound(f"no annotator {layer!r} in this project")
        annotator_id = found.id
    relations = repo.relations(document_id, annotator_id)
    spans = repo.spans_by_ids(sorted({end for r in relations for end in (r.head, r.tail)}))
    names = {a.id: a.name for a in repo.annotators()}
    return [
        {
            "id": r.id,
            "type": r.type,
            "annotator": names.get(r.annotator_id, ""),
            "head": _end(spans[r.head], text),
            "tail": _end(spans[r.tail], text),
        }
        for r in relations
    ]


def _end(span: Span, text: str) -> dict[str, Any]:
    return {
        "span": span.id,
        "label": span.label,
        "start": span.start,
        "end": span.end,
        "text": text[span.start : span.end],
    }
