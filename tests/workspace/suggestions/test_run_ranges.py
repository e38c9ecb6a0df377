"""The overlap index used to skip suggestions the layer already covers."""

from hypothesis import given
from hypothesis import strategies as st

from desktop.workspace.suggestions.run import LabelledRanges

ranges = st.tuples(st.integers(0, 60), st.integers(1, 20), st.sampled_from("ab")).map(
    lambda t: (t[0], t[0] + t[1], t[2])
)


@given(st.lists(ranges, max_size=25), ranges)
def test_agrees_with_checking_every_span(spans, probe):
    start, end, label = probe
    brute = any(lab == label and s < end and start < e for s, e, lab in spans)
    assert LabelledRanges(spans).overlaps(start, end, label) == brute


def test_touching_is_not_overlapping():
    index = LabelledRanges([(0, 5, "a"), (10, 40, "a")])
    assert not index.overlaps(5, 10, "a")
    assert index.overlaps(4, 6, "a") and index.overlaps(20, 21, "a")
    assert not index.overlaps(20, 21, "b")
