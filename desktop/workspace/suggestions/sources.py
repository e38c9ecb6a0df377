"""Which suggesters a run uses, built from what the project holds.

Source names are those stored with each suggestion: `rule:figure`,
`rule:date`, `gazetteer:NAME`, `propagation`, `crf`, `spacy`. A request may
also name the groups `rules` and `gazetteers`; none means every source the
project can run (of the learned ones, the learner in use, once trained).
"""

from __future__ import annotations

from collections.abc import Iterable

from desktop.core.errors import InputError, NotFound
from desktop.storage.contract import ProjectStore
from desktop.suggest.gazetteers import GazetteerSuggester
from desktop.suggest.proposals import Suggester
from desktop.suggest.rules import DEFAULT_RULE_LABELS, KINDS, RULE_LABELS_SETTING, SOURCE_OF_KIND
from desktop.suggest.suggesters import CrfSuggester, PropagationSuggester, RuleSuggester, SpacySuggester
from desktop.workspace.suggestions.gazetteers import ensure_gazetteers
from desktop.workspace.suggestions.trust import MUTED_SETTING

RULE_SOURCES = ("rule:figure", "rule:date")
CRF_MODEL = "crf"
LEARNED_SOURCES = ("crf", "spacy")  # each learner's source is the name of its stored model (learners.py)
LEARNER_SETTING = "suggestions.learner"  # which learner won the last comparison, and why
NO_MODEL = "no trained model: train one first with `barchasb suggest PROJECT --train` or Suggestions › Train the model"


def rule_labels(repo: ProjectStore) -> dict[str, str | None]:
    """The label each rule kind becomes (None: the kind is not suggested)."""
    stored = repo.setting(RULE_LABELS_SETTING)
    mapping = dict(DEFAULT_RULE_LABELS) if stored is None else {k: stored.get(k) for k in KINDS}
    return {kind: label if label and repo.has_label(label) else None for kind, label in mapping.items()}


def available_sources(repo: ProjectStore) -> list[str]:
    """Every source the project can run now (the shipped lists arrive on first use)."""
    ensure_gazetteers(repo)
    sources = [
        s for s in RULE_SOURCES if any(labels for k, labels in rule_labels(repo).items() if SOURCE_OF_KIND[k] == s)
    ]
    sources += [f"gazetteer:{g.name}" for g in repo.gazetteers()]
    sources.append("propagation")
    if (learned := learned_source(repo)) is not None:
        sources.append(learned)
    return sources


def learned_source(repo: ProjectStore) -> str | None:
    """The learned source that suggests: the chosen learner's, when its model is stored (the
    CRF before any choice, or when spaCy is no longer installed); None when nothing is trained."""
    from desktop.suggest.spacy_ner import spacy_missing

    chosen = (repo.setting(LEARNER_SETTING) or {}).get("learner", CRF_MODEL)
    usable = chosen in LEARNED_SOURCES and (chosen != "spacy" or spacy_missing() is None)
    for name in (chosen, CRF_MODEL) if usable else (CRF_MODEL,):
        if repo.suggester_model_meta(name) is not None:
            return name
    return None


def resolve_sources(repo: ProjectStore, requested: Iterable[str] | None, *, skip_muted: bool = False) -> list[str]:
    """The concrete sources a request names (groups expanded), in a stable order. With
    `skip_muted` (a run, not an evaluation) no request and the groups leave muted sources out."""
    available = available_sources(repo)
    muted = (repo.setting(MUTED_SETTING) or ()) if skip_muted else ()
    if requested is None:
        return [s for s in available if s not in muted]
    chosen: list[str] = []
    for name in requested:  # a group leaves its muted sources out; a source named runs even if muted
        if name == "rules":
            chosen += [s for s in available if s.startswith("rule:") and s not in muted]
        elif name in ("gazetteers", "gazetteer"):
            chosen += [s for s in available if s.startswith("gazetteer:") and s not in muted]
        elif name in LEARNED_SOURCES and name not in available:  # named: runs if stored, chosen or not
            if repo.suggester_model_meta(name) is None:
                raise NotFound(NO_MODEL)
            chosen.append(name)
        elif name in available:
            chosen.append(name)
        else:
            raise InputError("suggest.unknown", name=name, available=", ".join(available))
    return list(dict.fromkeys(chosen))


def build_suggesters(
    repo: ProjectStore, annotator_id: int, sources: list[str], crf_model: bytes | None = None
) -> list[Suggester]:
    """Suggesters for `sources`, fed from the project (the layer's spans, the lists)."""
    out: list[Suggester] = []
    kinds = [k for k in KINDS if SOURCE_OF_KIND[k] in sources]
    if kinds:
        out.append(RuleSuggester(rule_labels(repo), kinds))
    lists = [g for g in repo.gazetteers() if f"gazetteer:{g.name}" in sources]
    if lists:
        out.append(GazetteerSuggester((g, repo.gazetteer_entries(g.name)) for g in lists))
    if "propagation" in sources:
        out.append(PropagationSuggester(labelled_strings(repo, annotator_id)))
    if "crf" in sources:
        out.append(CrfSuggester(crf_model if crf_model is not None else stored_model(repo)))
    if "spacy" in sources:
        out.append(SpacySuggester(stored_model(repo, "spacy")))
    return out


def stored_model(repo: ProjectStore, name: str = CRF_MODEL) -> bytes:
    """A trained model the project keeps (the CRF's by default); NotFound (saying how to train one) if none."""
    stored = repo.suggester_model(name)
    if stored is None:
        raise NotFound(NO_MODEL)
    return stored[1]


def labelled_strings(repo: ProjectStore, annotator_id: int) -> set[tuple[str, str]]:
    """(text, label) of every span in one layer: what propagation looks for."""
    return repo.labelled_strings(annotator_id)
