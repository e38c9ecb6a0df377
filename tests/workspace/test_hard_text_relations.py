"""The layer above spans where emoji (astral), ZWNJ and CRLF come before and inside the spans:
a relation accepted into gold brings its ends at the same code points, values are read from
exactly `text[start:end]`, and entity links are proposed from Persian-folded aliases.
Random text before the spans comes from the text layer's strategies (tests/text)."""

from __future__ import annotations

import itertools

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from text.text_strategies import documents

from desktop.text.values import parse_amount, parse_date
from desktop.workspace import Workspace
from desktop.workspace.relations import Entities, Relations, SpanAttributes
from desktop.workspace.review.gold import Review
from desktop.workspace.review.relations import RelationReview

from helpers import add_document

HARD = settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])
BEFORE = st.sampled_from(["🇮🇷😀 ", "می‌گوید:\r\n", "سازمان‌ها\r\n\r\n", "😀\r\n🇮🇷 ", "", "👨\u200d👩\u200d👧 "])
NAME = st.sampled_from(["علی جهانگیری", "😀 علی\u200cجهانگیری", "علی\r\nجهانگیری"])
COUNT = itertools.count(1)
TITLE = st.sampled_from(["معاون اول\r\nرئیس‌جمهور", "رئیس‌جمهور 🇮🇷", "سخنگوی سازمان‌ها"])


@pytest.fixture(scope="module")
def workspace(tmp_path_factory):
    """One project for every example (each adds its own document)."""
    ws = Workspace.create(tmp_path_factory.mktemp("hard") / "hard.barchasb")
    yield ws
    ws.close()


def new_document(workspace: Workspace, text: str) -> int:
    """`text` as a document of its own (a number after it keeps equal texts apart)."""
    n = next(COUNT)
    return add_document(workspace, f"{text}\r\n{n}", f"{n}.txt")


def compose(*parts: str) -> tuple[str, list[tuple[int, int]]]:
    """The text of `parts` joined with spaces, and where each odd-numbered part sits."""
    text, where = "", []
    for n, part in enumerate(parts):
        if n % 2:
            where.append((len(text), len(text) + len(part)))
        text += part + (" " if n < len(parts) - 1 else "")
    return text, where


@HARD
@given(prefix=documents(max_pieces=8), before=BEFORE, name=NAME, middle=BEFORE, title=TITLE)
def test_an_accepted_relation_brings_its_ends_into_gold_at_the_layers_offsets(
    workspace, prefix, before, name, middle, title
):
    text, (name_at, title_at) = compose(prefix + before, name, middle, title, "گفت.\r\n😀")
    doc = new_document(workspace, text)
    for annotator in ("ali", "omid"):
        workspace.set_annotator(annotator)
        head = workspace.add_span(doc, *name_at, "official").id
        Relations(workspace).add(head, workspace.add_span(doc, *title_at, "title").id, "holds")
    workspace.set_annotator("lead")
    review = RelationReview(Review(workspace))
    [candidate] = review.candidates(doc)
    assert (candidate.head, candidate.tail) == ((*name_at, "official"), (*title_at, "title"))
    review.accept(candidate)
    [(relation, _)] = review.gold(doc)
    spans = {s.id: s for s, _ in Review(workspace).gold(doc)}
    head, tail = spans[relation.head], spans[relation.tail]
    assert (text[head.start : head.end], text[tail.start : tail.end]) == (name, title)
    assert ((head.start, head.end), (tail.start, tail.end)) == (name_at, title_at)


FIGURES = ["۵ درصد", "یک میلیارد و\r\n۸۰۰ میلیون دلار", "۱۲ میلیون\u200cتومان", "۲۴ میلیون و ۸۵۰ هزار تومان"]
DATES = ["۲۱ آبان ۱۴۰۴", "۲۱ آبان\r\n۱۴۰۴", "1404/08/21", "سال ۲۰۱۶ میلادی"]


@HARD
@given(prefix=documents(max_pieces=8), before=BEFORE, figure=st.sampled_from(FIGURES), date=st.sampled_from(DATES))
def test_values_are_read_from_exactly_the_spans_words(workspace, prefix, before, figure, date):
    text, (figure_at, date_at) = compose(prefix + before, figure, "و😀", date, "امضا شد.")
    doc = new_document(workspace, text)
    workspace.set_annotator("sara")
    amount = workspace.add_span(doc, *figure_at, "figure").id
    day = workspace.add_span(doc, *date_at, "date").id
    values = SpanAttributes(workspace)
    assert values.values(amount) == {"value": parse_amount(figure).to_json()}  # type: ignore[union-attr]
    assert values.values(day) == {"iso": parse_date(date).to_json()}  # type: ignore[union-attr]


ALIASES = [
    ("اسحاق جهانگیری", ("جهانگیری",), ["جهانگيري", "اسحاق\r\nجهانگیری", "اسحاق  جهانگيري"]),
    ("سازمان برنامه و بودجه", ("سازمان‌ها",), ["سازمانها", "سازمان ها", "سازمان‌ها"]),
    ("وزارت امور خارجه", ("وزارت\u200cخارجه",), ["وزارت خارجه", "وزارتخارجه"]),
]


@HARD
@given(prefix=documents(max_pieces=8), before=BEFORE, which=st.integers(0, len(ALIASES) - 1), pick=st.integers(0, 2))
def test_an_entity_is_proposed_for_a_mention_whose_folded_words_are_its_alias(workspace, prefix, before, which, pick):
    name, aliases, mentions = ALIASES[which]
    mention = mentions[pick % len(mentions)]
    workspace.set_annotator("sara")
    entities = Entities(workspace)
    if not any(e.name == name for e in entities.all()):
        entities.create(name, "organisation" if which else "official", aliases)
    text, (mention_at,) = compose(prefix + before, mention, "گفت 😀")
    doc = new_document(workspace, text)
    span = workspace.add_span(doc, *mention_at, "organisation" if which else "official")
    assert [e.name for e in entities.suggest(span.id)][:1] == [name]
