"""Propagation planned from what the window holds gives the ops propagating from the database gives,
and the change it makes hands over the stored suggestions."""

from desktop.core.suggestion import Suggestion, SuggestionState
from desktop.core.undo import AddSuggestions, SetSuggestionState
from desktop.suggest.suggesters import OnePhraseSuggester
from desktop.workspace.suggestions.propagation import propagation_plan, store_propagation
from desktop.workspace.suggestions.run import plan_run

from helpers import add_document

# «باکو» five times: labelled once by hand (the span propagated), once with another label, once
# overlapped by a longer place span; a rejected and a pending suggestion (another score) exist.
TEXT = "باکو و تبریز. سفر به باکو رفت. باکو شهر است. در شهر باکو ماند. باکو زیباست."


def occurrences(word: str) -> list[int]:
    found, at = [], TEXT.find(word)
    while at >= 0:
        found.append(at)
        at = TEXT.find(word, at + 1)
    return found


def stored(workspace, doc) -> list[tuple]:
    me = workspace.annotator.id
    found = workspace.repo.find_suggestions(me, document_ids=[doc])
    return [(s.start, s.end, s.label, s.source, s.score, str(s.state)) for s in found]


def layer(workspace):
    doc = add_document(workspace, TEXT, "one.txt")
    at = occurrences("باکو")
    workspace.add_span(doc, at[1], at[1] + 4, "event")  # another label: still proposed
    workspace.add_span(doc, at[2], at[2] + 9, "place")  # «باکو شهر»: overlaps, same label
    me = workspace.annotator.id
    rejected = Suggestion(doc, me, at[3], at[3] + 4, "place", "crf", 0.5)
    pending = Suggestion(doc, me, at[4], at[4] + 4, "place", "crf", 0.4)
    done = workspace.apply_ops("Run", [AddSuggestions((rejected, pending))])
    workspace.apply_ops("Reject", [SetSuggestionState(done.suggestions_added[0], *_REJECT)])
    span = workspace.add_span(doc, at[0], at[0] + 4, "place")
    return doc, span


_REJECT = (SuggestionState.PENDING, SuggestionState.REJECTED)


def test_planned_in_memory_it_computes_the_ops_the_database_plan_does(workspace):
    doc, span = layer(workspace)
    me = workspace.annotator.id
    from_db = plan_run(workspace, [doc], [], labels=[span.label])
    from_db.suggesters = [OnePhraseSuggester(TEXT[span.start : span.end], span.label)]
    in_memory = propagation_plan(
        span,
        TEXT,
        annotator_id=me,
        spans=workspace.spans(doc),  # the window's: every label, as the editor holds them
        suggestions=workspace.repo.find_suggestions(me, document_ids=[doc]),  # every label and state
        labels=workspace.labels(),
    )
    expected, report = from_db.compute()
    ops, mine = in_memory.compute()
    assert ops == expected and ops  # replaces the pending one, adds the event-labelled word's
    assert (mine.added, mine.removed, mine.decided, mine.labelled) == (
        report.added,
        report.removed,
        report.decided,
        report.labelled,
    )


def test_stored_it_leaves_the_rows_propagate_span_leaves_and_hands_them_over(workspace, tmp_path):
    from desktop.workspace import Workspace
    from desktop.workspace.suggestions.decisions import Suggestions

    doc, span = layer(workspace)
    me = workspace.annotator.id
    plan = propagation_plan(
        span,
        TEXT,
        annotator_id=me,
        spans=workspace.spans(doc),
        suggestions=workspace.repo.find_suggestions(me, document_ids=[doc]),
        labels=workspace.labels(),
    )
    ops, report = plan.compute()
    undo = workspace.undo_stack.next_undo()
    changes = store_propagation(workspace, TEXT[span.start : span.end], ops, report).changes
    assert workspace.undo_stack.next_undo() is undo  # off the undo stack: Ctrl+Z undoes the label
    # The change hands over what was stored (with ids) and what went; no decision was made.
    pending = [s for s in workspace.repo.find_suggestions(me, states=["pending"]) if s.source == "propagation"]
    assert sorted(s.id for s in changes.suggestions_added) == sorted(s.id for s in pending) and len(pending) == 2
    assert [s.source for s in changes.suggestions_removed] == ["crf"] and not changes.suggestions_decided

    # The same layer built in another project and propagated by the database path: the same rows.
    other = Workspace.create(tmp_path / "other.barchasb")
    try:
        other.set_annotator("sara")
        _, again = layer(other)
        Suggestions(other).propagate_span(again.id, [doc])
        assert stored(other, doc) == stored(workspace, doc)
    finally:
        other.close()


def test_a_decision_is_named_so_a_view_reads_again(workspace):
    doc, _ = layer(workspace)
    pending = workspace.repo.find_suggestions(workspace.annotator.id, states=["pending"])[0]
    changes = workspace.apply_ops("Reject", [SetSuggestionState(pending, *_REJECT)])
    assert changes.suggestions_decided == {doc} and changes.suggestions_changed == {doc}
    assert not changes.suggestions_added and not changes.suggestions_removed
