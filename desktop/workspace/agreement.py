"""Agreement over a project, for the CLI and the window's agreement panel.

One ordered pass over the documents that at least two of the chosen layers
annotated (storage's `AgreementInput`). Each document is tokenised once per
process (agreement_tokens keeps the boundaries).

`source` is the open workspace, its repository (both read through their
connection), or a project path (a read-only snapshot of its own: safe in a
worker thread).
"""

from __future__ import annotations

from collections.abc import Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from desktop.core.agreement import AgreementBuilder, AgreementReport, unmatched
from desktop.storage.agreement_input import AgreementInput, snapshot_agreement_input
from desktop.storage.repository import Repository
from desktop.workspace.agreement_tokens import TOKENS

if TYPE_CHECKING:
    from desktop.workspace.session import Workspace

    Source = Workspace | Repository | str | Path

Key = tuple[int, int, str]


@dataclass(frozen=True, slots=True)
class Mismatch:
    """A span of one layer that the other layer of a pair did not match."""

    document_id: int
    layer: str
    start: int
    end: int
    label: str
    other: tuple[Key, ...]  # the other layer's spans overlapping it (start, end, label)

    def as_dict(self) -> dict:
        return {
            "document_id": self.document_id,
            "layer": self.layer,
            "start": self.start,
            "end": self.end,
            "label": self.label,
            "other": [list(k) for k in self.other],
        }


def project_agreement(
    source: Source,
    layers: Sequence[str] | None = None,
    *,
    documents: Sequence[int] | None = None,
    per_document: bool = False,
) -> AgreementReport:
    """Pairwise span F1 and token kappa, and alpha over all `layers` (default:
    every human layer with spans), for the project or the given documents."""
    with _input(source) as read:
        ids = read.layers(layers)
        builder = AgreementBuilder(list(ids.values()), per_document=per_document)
        for doc in read.documents(ids, documents):
            starts, ends, count = TOKENS.get(doc.content_hash, doc.text, doc.spans.values())
            builder.add_document(doc.id, doc.annotated, doc.spans, starts, ends, count)
        return builder.report()


def pair_disagreements(
    source: Source,
    a: str,
    b: str,
    label: str | None = None,
    *,
    mode: str = "exact",
    documents: Sequence[int] | None = None,
) -> list[Mismatch]:
    """The spans behind a cell of the pair matrix: each span of a or b (with
    `label`, when given) left unmatched, with what the other layer has there."""
    with _input(source) as read:
        ids = read.layers([a, b])
        out: list[Mismatch] = []
        for doc in read.documents(ids, documents, text=False):
            doc_id, spans = doc.id, doc.spans
            a_only, b_only = unmatched(spans[a], spans[b], mode)
            for layer, other, keys in ((a, spans[b], a_only), (b, spans[a], b_only)):
                out += [
                    Mismatch(doc_id, layer, s, e, lab, _overlapping(other, s, e))
                    for s, e, lab in keys
                    if label is None or lab == label
                ]
        return sorted(out, key=lambda m: (m.document_id, m.start, m.end, m.layer))


def default_layers(source: Source) -> list[str]:
    with _input(source) as read:
        return list(read.layers(None).values())


def _input(source: Source) -> AbstractContextManager[AgreementInput]:
    repo = getattr(source, "repo", source)
    if isinstance(repo, Repository):
        return repo.agreement_input()
    return snapshot_agreement_input(Path(source))


def _overlapping(keys: list[Key], start: int, end: int) -> tuple[Key, ...]:
    return tuple(sorted(k for k in keys if k[0] < end and start < k[1]))
