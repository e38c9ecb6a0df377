"""The agreement dialog's table of what layers put on their spans, for the chosen pair:
relation F1 per type and pooled, attribute agreement per field, entity links; and the
wording of a span and of an unmatched relation in its list of disagreements."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableWidget, QTableWidgetItem, QWidget

from desktop.core.agreement.facts import CHANCE_KINDS, NO_VALUE, FactAgreement
from desktop.core.attributes import AttributeField, AttributeKind
from desktop.core.model import Label
from desktop.core.relations import RelationType
from desktop.i18n import decimal, isolate, language, number, tr
from desktop.qt.relation_chooser import type_name
from desktop.qt.review_marks import label_name
from desktop.workspace.agreement.relations import RelationMismatch

type Row = tuple[str, float | None, float | None]  # what, exact match, overlap match (None: —)


def _figure(value: float | None) -> str:
    return "—" if value is None else decimal(value)


class FactTable(QTableWidget):
    """Rows of measures, columns exact and overlap match (attributes: exact spans only)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(0, 3, parent)
        self.setHorizontalHeaderLabels([tr("Measure"), tr("Exact match"), tr("Overlap match")])
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.verticalHeader().hide()
        self.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)

    def show_pair(
        self,
        facts: FactAgreement,
        relation_types: list[str],
        attribute_fields: list[str],
        scheme: tuple[dict[str, RelationType], dict[str, AttributeField], dict[str, Label]],
    ) -> None:
        """The chosen pair's figures: `relation_types` and `attribute_fields` are those the
        report compared; `scheme` names them (types, fields by `label.name`, labels)."""
        rows = _relation_rows(facts, relation_types, scheme[0])
        tips = {len(rows) + i: tip for i, tip in _value_tips(facts, attribute_fields, scheme[1]).items()}
        rows += _attribute_rows(facts, attribute_fields, scheme[1], scheme[2])
        links = facts.links
        if links["exact"].units or links["overlap"].units:
            rows.append((tr("Linked to the same entity"), links["exact"].share, links["overlap"].share))
        self.setRowCount(len(rows))
        for r, (what, exact, overlap) in enumerate(rows):
            first = QTableWidgetItem(what)
            first.setToolTip(tips.get(r, ""))  # which choices the two layers told apart, by their names
            self.setItem(r, 0, first)
            for c, value in ((1, exact), (2, overlap)):
                item = QTableWidgetItem(_figure(value))
                item.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
                self.setItem(r, c, item)


def _relation_rows(facts: FactAgreement, keys: list[str], types: dict[str, RelationType]) -> list[Row]:
    rows: list[Row] = []
    for key in keys:
        name = type_name(types[key]) if key in types else key
        rows.append(
            (tr("Relation F1: {type}", type=name), facts.relation_f1("exact", key), facts.relation_f1("overlap", key))
        )
    if keys:
        rows.append((tr("Relation F1: all types"), facts.relation_f1("exact"), facts.relation_f1("overlap")))
    return rows


def _attribute_rows(
    facts: FactAgreement, paths: list[str], fields: dict[str, AttributeField], labels: dict[str, Label]
) -> list[Row]:
    rows: list[Row] = []
    for path in paths:
        figures = facts.attributes.get(path)
        if figures is None or not figures.units:
            continue
        name = _field_name(path, fields.get(path), labels)
        rows.append((tr("Same value: {field}", field=name), figures.share, None))
        if figures.kind in CHANCE_KINDS:
            rows.append((tr("Cohen's kappa: {field}", field=name), figures.kappa, None))
    return rows


def _value_tips(facts: FactAgreement, paths: list[str], fields: dict[str, AttributeField]) -> dict[int, str]:
    """For each choice field's "same value" row (its index among `_attribute_rows`), the
    value pairs the layers set differently, most often first, each choice by its display name."""
    tips: dict[int, str] = {}
    row = 0
    for path in paths:
        figures, field = facts.attributes.get(path), fields.get(path)
        if figures is None or not figures.units:
            continue
        if field is not None and field.kind is AttributeKind.CHOICE:
            names = {c.key: c.name(language()) for c in field.choices}
            pairs = [(a, b, n) for (a, b), n in figures.confusion.most_common() if a != b]
            shown = [tr("{a} ↔ {b}: {n}", a=_value(names, a), b=_value(names, b), n=number(n)) for a, b, n in pairs]
            if shown:
                tips[row] = "\n".join(shown)
        row += 2 if figures.kind in CHANCE_KINDS else 1
    return tips


def _value(names: dict[str, str], key: str) -> str:
    """A choice by its name in the UI's language (a key no longer in the scheme as it is)."""
    return tr("no value") if key == NO_VALUE else isolate(names.get(key, key))


def _field_name(path: str, field: AttributeField | None, labels: dict[str, Label]) -> str:
    label_key, _, name = path.partition(".")
    if field is not None:
        name = (field.name_fa if language() == "fa" else field.name_en) or field.name
    return tr("{label} › {field}", label=label_name(labels, label_key), field=name)


def span_words(text: str, key: tuple[int, int, str], labels: dict[str, Label]) -> str:
    """A span as a reader needs it: its label by name, its words and offsets (isolated, so a
    right-to-left line keeps each in its own order)."""
    start, end, label_key = key
    return tr(
        "{label} «{words}» {range}",
        label=label_name(labels, label_key),
        words=isolate(text[start:end].replace("\n", " ")),
        range=isolate(tr("[{start}, {end})", start=number(start), end=number(end))),
    )


def describe_relation(
    m: RelationMismatch, document: str, text: str, labels: dict[str, Label], types: dict[str, RelationType]
) -> str:
    """An unmatched relation: its document, layer, ends and type (the arrow points the way it reads)."""
    return tr(
        "{document}: {layer}: {head} —{type}→ {tail}: no match",
        document=isolate(document),
        layer=isolate(m.layer),
        head=span_words(text, m.head, labels),
        type=type_name(types[m.type]) if m.type in types else m.type,
        tail=span_words(text, m.tail, labels),
    )
