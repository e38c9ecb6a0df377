"""Inter-annotator agreement: span F1 (exact and overlap), token-level Cohen's
kappa for pairs and Krippendorff's alpha (nominal) across all layers.
Pure Python over counts; docs/review.md explains every choice."""

from desktop.core.agreement.matching import MODES, count_by_label, match, unmatched
from desktop.core.agreement.measures import OUTSIDE, AlphaCounts, Counts, cohen_kappa
from desktop.core.agreement.report import AgreementBuilder, AgreementReport, DocumentAgreement, PairAgreement
from desktop.core.agreement.tokens import tag_tokens

__all__ = [
    "MODES",
    "OUTSIDE",
    "AgreementBuilder",
    "AgreementReport",
    "AlphaCounts",
    "Counts",
    "DocumentAgreement",
    "PairAgreement",
    "cohen_kappa",
    "count_by_label",
    "match",
    "tag_tokens",
    "unmatched",
]
