"""What the window and the commands read through the workspace (desktop/workspace/reads.py)."""

from __future__ import annotations

from desktop.core.model import Status

from helpers import add_document


def test_the_workspace_answers_what_clients_used_to_ask_its_storage(workspace):
    doc = add_document(workspace, "سفر به تهران", "a.txt")
    span = workspace.add_span(doc, 7, 12, "place")
    workspace.set_status(doc, Status.DONE)
    span_id = span.id
    assert [(i.id, i.name) for i in workspace.document_infos()] == [(doc, "a.txt")]
    assert workspace.document_text(doc) == "سفر به تهران" and workspace.document_name(doc) == "a.txt"
    listing = workspace.document_listing(workspace.annotator.id)
    assert (listing.ids, listing.statuses, listing.span_counts) == ([doc], [Status.DONE], [1])
    assert [a.name for a in workspace.annotators()] == ["sara"]
    assert workspace.label("place").key == "place"
    assert workspace.spans_by_ids([span_id])[span_id].label == "place"
    assert [row["action"] for row in workspace.history(document_id=doc, limit=2)] == ["status.set", "status.set"]
    assert workspace.history(document_id=doc)[-1]["action"] == "document.import"
    assert workspace.plain_text_defaults() == {"normalize_text": True, "unify_digits": False}
    assert workspace.backup_due() is True  # no backup taken yet
    assert isinstance(workspace.external_change_token(), int)
