"""How suggestion sources and gazetteers are named in the UI: «فهرست مکان‌ها»,
not `gazetteer:places`. The shipped names are translated; an analyst's own
list keeps its name."""

from __future__ import annotations

from typing import Any

from desktop.i18n import N_, decimal, isolate, number, tr

_SOURCES = {
    "propagation": N_("elsewhere in the text"),
    "crf": N_("model"),
    "spacy": N_("spaCy model"),
    "rule:figure": N_("figure rule"),
    "rule:date": N_("date rule"),
}
_GAZETTEERS = {
    "officials": N_("officials list"),
    "organisations": N_("organisations list"),
    "places": N_("places list"),
    "titles": N_("titles list"),
}


def source_name(source: str) -> str:
    """A suggestion's source as the chip shows it: «فهرست مکان‌ها», not `gazetteer:places`."""
    if source in _SOURCES:
        return tr(_SOURCES[source])
    kind, _, name = source.partition(":")
    if kind == "gazetteer":
        return gazetteer_name(name)
    if kind == "label-studio":  # imported predictions: the model's version, as Label Studio names it
        return tr("Label Studio model «{name}»", name=isolate(name))
    if kind == "model":  # a local Hugging Face model: its folder's name
        return tr("local model «{name}»", name=isolate(name))
    return tr("rule «{name}»", name=name) if kind == "rule" else source


def gazetteer_name(name: str) -> str:
    return tr(_GAZETTEERS[name]) if name in _GAZETTEERS else tr("list «{name}»", name=name)


_LEARNERS = {"crf": N_("CRF"), "spacy": N_("spaCy NER")}


def learner_name(name: str) -> str:
    """A learner as the window names it («CRF», «spaCy NER»)."""
    return tr(_LEARNERS[name]) if name in _LEARNERS else name


def learner_text(choice: dict[str, Any] | None) -> str:
    """Which learner suggests and why, from the stored choice (desktop.workspace.suggestions.learners)."""
    if not choice:
        return tr("Learner in use: none yet (Suggestions › Train the model)")
    name, f1 = choice["learner"], choice.get("f1") or {}
    others = [k for k in f1 if k != name]
    if name not in f1 or not others:
        return tr("Learner in use: {name}, without a comparison", name=learner_name(name))
    return tr(
        "Learner in use: {name}, held-out F1 {f1} against {other} {other_f1} on {n} documents",
        name=learner_name(name),
        f1=decimal(f1[name], 2),
        other=learner_name(others[0]),
        other_f1=decimal(f1[others[0]], 2),
        n=number(choice.get("held_out", 0)),
    )
