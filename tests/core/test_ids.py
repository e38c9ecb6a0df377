"""`stored_id`: the id of a stored value object, and a loud failure for one never stored."""

import pytest

from desktop.core.ids import stored_id
from desktop.core.model import Span
from desktop.core.suggestion import Suggestion


def test_a_stored_span_or_suggestion_gives_its_id():
    assert stored_id(Span(1, 0, 4, "person", 2, id=17)) == 17
    assert stored_id(Suggestion(1, 2, 0, 4, "person", "gazetteer:cities", id=5)) == 5


def test_a_span_never_stored_is_refused_by_name():
    with pytest.raises(ValueError, match="Span has no id"):
        stored_id(Span(1, 0, 4, "person", 2))
