"""Agreement over a project, for the CLI and the window's agreement panel.

One ordered pass over the documents that at least two of the chosen layers
annotated (storage's `AgreementInput`). A document whose token count is stored
is tokenised only around its spans; any other is tokenised whole (once per
process: `tokens` keeps the boundaries) and its count stored after the pass, so
the next run, in any process, need not. A large project file is split by id
with a worker process (`share`): both cores, one report.

Each use case reads through the workspace's connection, or with `snapshot`
through a read-only snapshot of the project file of its own: safe in a
worker thread, which touches nothing else of the workspace.
"""

from __future__ import annotations

from collections.abc import Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass
from typing import TYPE_CHECKING

from desktop.core.agreement import AgreementBuilder, AgreementReport, merged, unmatched
from desktop.storage.agreement_input import AgreementInput
from desktop.storage.locate import agreement_snapshot, project_file
from desktop.text.tokens import TOKENIZER_VERSION
from desktop.workspace.agreement import share
from desktop.workspace.agreement.tokens import TOKENS, spans_tokens

if TYPE_CHECKING:
    from desktop.workspace.session import Workspace

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
    workspace: Workspace,
    layers: Sequence[str] | None = None,
    *,
    documents: Sequence[int] | None = None,
    per_document: bool = False,
    snapshot: bool = False,
) -> AgreementReport:
    """Pairwise span F1 and token kappa, and alpha over all `layers` (default:
    every human layer with spans), for the project or the given documents; with
    relation F1, attribute and entity-link agreement on the matched spans."""
    with _input(workspace, snapshot) as read:
        ids = read.layers(layers)
        first, last = read.id_range(documents)
        path = project_file(workspace.repo)
        cut = share.split(first, last) if path is not None else None
        helper = None  # a worker process for the last ids (a file's big project: both cores)
        if cut is not None:
            helper = share.start((str(path), ids, documents, (cut, last), per_document))
        mine = (first, last) if helper is None or cut is None else (first, cut - 1)
        report, counted = one_pass(read, ids, documents, per_document, mine)
        if helper is not None and cut is not None:
            answer = helper.answer() or one_pass(read, ids, documents, per_document, (cut, last))
            report = merged(report, answer[0])
            counted.update(answer[1])
        read.keep_token_counts(counted, TOKENIZER_VERSION)
        return report


def one_pass(
    read: AgreementInput,
    ids: dict[int, str],
    documents: Sequence[int] | None,
    per_document: bool,
    between: tuple[int, int],
) -> tuple[AgreementReport, dict[int, int]]:
    """The report over the documents with ids `between` first and last, and the token counts
    of those read without a stored count ({id: count}, to be kept)."""
    builder = AgreementBuilder(list(ids.values()), per_document=per_document, scheme=read.scheme())
    counted: dict[int, int] = {}
    for doc in read.documents(ids, documents, tokenizer=TOKENIZER_VERSION, between=between):
        if doc.text is None:  # read with its text: None here is a bug, not a user's doing
            raise RuntimeError(f"document #{doc.id} was read without its text")
        starts: Sequence[int]
        ends: Sequence[int]
        if doc.tokens is not None:
            starts, ends = spans_tokens(doc.text, doc.spans.values())
            count = doc.tokens
        else:
            starts, ends, count = TOKENS.get(doc.content_hash, doc.text, doc.spans.values())
            counted[doc.id] = count
        builder.add_document(doc.id, doc.annotated, doc.spans, starts, ends, count, doc.facts)
    return builder.report(), counted


def pair_disagreements(
    workspace: Workspace,
    a: str,
    b: str,
    label: str | None = None,
    *,
    mode: str = "exact",
    documents: Sequence[int] | None = None,
    snapshot: bool = False,
) -> list[Mismatch]:
    """The spans behind a cell of the pair matrix: each span of a or b (with
    `label`, when given) left unmatched, with what the other layer has there."""
    with _input(workspace, snapshot) as read:
        ids = read.layers([a, b])
        out: list[Mismatch] = []
        for doc in read.documents(ids, documents, text=False, facts=False):
            doc_id, spans = doc.id, doc.spans
            a_only, b_only = unmatched(spans[a], spans[b], mode)
            for layer, other, keys in ((a, spans[b], a_only), (b, spans[a], b_only)):
                out += [
                    Mismatch(doc_id, layer, s, e, lab, _overlapping(other, s, e))
                    for s, e, lab in keys
                    if label is None or lab == label
                ]
        return sorted(out, key=lambda m: (m.document_id, m.start, m.end, m.layer))


def default_layers(workspace: Workspace, *, snapshot: bool = False) -> list[str]:
    with _input(workspace, snapshot) as read:
        return list(read.layers(None).values())


def _input(workspace: Workspace, snapshot: bool) -> AbstractContextManager[AgreementInput]:
    return agreement_snapshot(workspace.repo) if snapshot else workspace.repo.agreement_input()


def _overlapping(keys: list[Key], start: int, end: int) -> tuple[Key, ...]:
    return tuple(sorted(k for k in keys if k[0] < end and start < k[1]))
