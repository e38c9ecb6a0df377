"""Two people on one project at once: a defined result and a clear message, never a lost action.

A curator accepts a span its annotator has just deleted; a manager deletes or re-keys a label
while an annotator's workspace (a window) still holds the old scheme. Run on a file and on a server.
"""

from __future__ import annotations

import pytest

from desktop.core.errors import InputError, NotFound
from desktop.workspace import Workspace
from desktop.workspace.project.scheme import Scheme
from desktop.workspace.review.gold import Review

from helpers import add_document

TEXT = "بانک مرکزی در تهران نرخ را اعلام کرد."


@pytest.fixture(params=["file", pytest.param("server", marks=pytest.mark.postgres)])
def project(request, tmp_path):
    location = str(tmp_path / "p.barchasb") if request.param == "file" else request.getfixturevalue("postgres_url")
    workspace = Workspace.create(location)
    add_document(workspace, TEXT)
    workspace.close()
    return location


def test_accepting_a_span_its_annotator_just_deleted_is_refused_and_says_why(project):
    with Workspace.open(project, "sara") as sara, Workspace.open(project, "curator") as curator:
        span = sara.add_span(1, 0, 4, "organisation")
        review = Review(curator)
        candidate = review.units(1)[0].candidates[0]  # what the curator's window shows
        sara.delete_span(span.id)  # meanwhile, the annotator takes it back
        with pytest.raises(InputError) as raised:
            review.accept(candidate)
        assert raised.value.why.code == "review.candidate_gone" and "no longer in any layer" in str(raised.value)
        assert review.gold(1) == [] and review.units(1) == []  # nothing half done; the review is current
        sara.undo()  # the annotator's own undo still works: the span is back, and now it can be accepted
        review.accept(review.units(1)[0].candidates[0])
        assert [(s.start, s.end, s.label) for s, _ in review.gold(1)] == [(0, 4, "organisation")]


def test_a_label_deleted_by_the_manager_under_an_open_workspace_is_named(project):
    with Workspace.open(project, "sara") as sara, Workspace.open(project, "manager") as manager:
        sara.add_span(1, 0, 4, "place")
        assert "date" in sara.labels()  # the scheme as sara's window read it
        Scheme(manager).delete("date")
        with pytest.raises(InputError) as raised:
            sara.add_span(1, 14, 19, "date")
        assert raised.value.why.code == "label.gone" and "'date'" in str(raised.value)
        assert "date" not in sara.labels()  # reread: the palette rebuilds from it
        assert [s.label for s in sara.spans(1)] == ["place"] and len(sara.undo_stack._done) == 1
        sara.add_span(1, 14, 19, "place")  # and work goes on


def test_a_label_re_keyed_under_an_open_workspace_is_named_and_its_spans_follow(project):
    with Workspace.open(project, "sara") as sara, Workspace.open(project, "manager") as manager:
        span = sara.add_span(1, 0, 4, "place")
        sara.labels()
        Scheme(manager).change_key("place", "location")
        with pytest.raises(InputError, match="no label 'place' any more"):
            sara.add_span(1, 14, 19, "place")  # sara's window still offers "place"
        sara.update_span(span.id, end=5)  # a resize keeps the span's label, whatever its key is now
        with pytest.raises(NotFound):
            sara.update_span(span.id, label="place")  # the scheme was read again: no such label
        assert [(s.start, s.end, s.label) for s in sara.spans(1)] == [(0, 5, "location")]
