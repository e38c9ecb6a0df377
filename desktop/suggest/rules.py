"""Rule suggesters over a document's text: figures and dates.

Rules run sentence by sentence on folded tokens (`desktop.suggest.tokens`)
and report character offsets into the stored text. Dates are found first
and figures skip their tokens, so `۱۲ آبان ۱۴۰۴` is one date, never a date
and a «۱۴۰۴ ...» quantity. Each finding has a kind; which label a kind
becomes is the project's choice (`DEFAULT_RULE_LABELS`, or the setting
`suggest.rule_labels`), and a kind mapped to no label is not suggested.
"""

from __future__ import annotations

from typing import NamedTuple

from desktop.suggest.dates import find_dates
from desktop.suggest.figures import find_figures
from desktop.suggest.numbers import pad
from desktop.suggest.tokens import sentence_tokens
from desktop.text.values import Amount, DateValue, parse_amount, parse_date

KINDS = ("money", "percent", "quantity", "date")
SOURCE_OF_KIND = {"money": "rule:figure", "percent": "rule:figure", "quantity": "rule:figure", "date": "rule:date"}
DEFAULT_RULE_LABELS = {"money": "figure", "percent": "figure", "quantity": "figure", "date": "date"}
RULE_LABELS_SETTING = "suggest.rule_labels"  # the project's own mapping, when it has one


class Finding(NamedTuple):
    start: int  # code points into the text, end-exclusive
    end: int
    kind: str  # one of KINDS
    score: float

    @property
    def source(self) -> str:
        return SOURCE_OF_KIND[self.kind]

    def value(self, text: str) -> Amount | DateValue | None:
        """The normalised value of this finding in `text` (`desktop.text.values`), if it has one."""
        span = text[self.start : self.end]
        return parse_date(span) if self.kind == "date" else parse_amount(span)


def find_rules(text: str, kinds: tuple[str, ...] = KINDS) -> list[Finding]:
    """Figures and dates in `text`, in text order, restricted to `kinds`."""
    out: list[Finding] = []
    for sentence in sentence_tokens(text):
        keys = pad([token.key for token in sentence])
        dates = find_dates(keys, len(sentence))
        taken = {i for d in dates for i in range(d.start, d.end)}
        spans = [(d.start, d.end, "date", d.score) for d in dates]
        spans += [(f.start, f.end, f.kind, f.score) for f in find_figures(keys, len(sentence), taken)]
        for first, last, kind, score in sorted(spans):
            if kind in kinds:
                out.append(Finding(sentence[first].start, sentence[last - 1].end, kind, score))
    return out
