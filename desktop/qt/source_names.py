"""How suggestion sources and gazetteers are named in the UI: «فهرست مکان‌ها»,
not `gazetteer:places`. The shipped names are translated; an analyst's own
list keeps its name."""

from __future__ import annotations

from desktop.i18n import N_, isolate, tr

_SOURCES = {
    "propagation": N_("elsewhere in the text"),
    "crf": N_("model"),
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
    return tr("rule «{name}»", name=name) if kind == "rule" else source


def gazetteer_name(name: str) -> str:
    return tr(_GAZETTEERS[name]) if name in _GAZETTEERS else tr("list «{name}»", name=name)
