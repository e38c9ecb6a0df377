"""Inter-annotator agreement: span F1 (exact and overlap), token-level Cohen's
kappa for pairs and Krippendorff's alpha (nominal) across all layers; relation
F1, attribute and entity-link agreement on the matched spans (`facts`).
Pure Python over counts; docs/review.md explains every choice."""

from desktop.core.agreement.facts import FactAgreement, FactScheme, FieldAgreement, LayerFacts, LinkAgreement
from desktop.core.agreement.matching import MODES, count_by_label, match, unmatched
from desktop.core.agreement.measures import OUTSIDE, AlphaCounts, Counts, cohen_kappa
from desktop.core.agreement.pair import DocumentAgreement, PairAgreement
from desktop.core.agreement.report import AgreementBuilder, AgreementReport, merged
from desktop.core.agreement.tokens import tag_tokens

__all__ = [
    "MODES",
    "OUTSIDE",
    "AgreementBuilder",
    "AgreementReport",
    "AlphaCounts",
    "Counts",
    "DocumentAgreement",
    "FactAgreement",
    "FactScheme",
    "FieldAgreement",
    "LayerFacts",
    "LinkAgreement",
    "PairAgreement",
    "cohen_kappa",
    "count_by_label",
    "match",
    "merged",
    "tag_tokens",
    "unmatched",
]
