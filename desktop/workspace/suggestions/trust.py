"""Trust in suggestions: how often each source was right, and muting the weak ones.

The counts are derived from the stored decisions (every suggestion keeps its source and its
state), so they need no table of their own and follow undo: accepting and then undoing leaves
the counter where it was. Muting is a project setting (durable, journaled like every setting):
a muted source's pending suggestions are not shown, not accepted in bulk, and runs that name no
sources leave it out (the window's propagation too, when `propagation` is muted).

Weak sources are *offered* for muting, never muted behind the analyst's back: a source with at
least `MIN_DECISIONS` decisions and a precision under the threshold setting is marked weak in
the Sources dialog and `barchasb suggest --source-report`, and one click (`--mute-weak`) mutes
them all. Hiding suggestions silently would cost recall the analyst never agreed to lose.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from desktop.core.errors import InputError
from desktop.core.suggestion import SuggestionState, check_source
from desktop.storage.contract import ProjectStore
from desktop.workspace.changes import Changes

if TYPE_CHECKING:
    from desktop.workspace.session import Workspace

MUTED_SETTING = "suggestions.muted"
THRESHOLD_SETTING = "suggestions.weak_below"
DEFAULT_THRESHOLD = 0.5
MIN_DECISIONS = 20  # fewer decisions say too little about a source to offer muting it


@dataclass(frozen=True, slots=True)
class SourceRecord:
    """One source's record in a layer: how its suggestions were decided."""

    source: str
    accepted: int = 0
    rejected: int = 0
    pending: int = 0
    muted: bool = False
    weak: bool = False  # enough decisions, precision under the threshold

    @property
    def decided(self) -> int:
        return self.accepted + self.rejected

    @property
    def precision(self) -> float | None:
        """Accepted share of the decided suggestions; None before any decision."""
        return self.accepted / self.decided if self.decided else None

    def as_dict(self) -> dict[str, object]:
        return {
            "source": self.source,
            "accepted": self.accepted,
            "rejected": self.rejected,
            "pending": self.pending,
            "precision": self.precision,
            "muted": self.muted,
            "weak": self.weak,
        }


def muted_sources(repo: ProjectStore) -> frozenset[str]:
    """The sources the project mutes."""
    return frozenset(repo.setting(MUTED_SETTING) or ())


def threshold(repo: ProjectStore) -> float:
    """The precision under which a source with enough decisions is offered for muting."""
    return float(repo.setting(THRESHOLD_SETTING, DEFAULT_THRESHOLD))


def weak_below(workspace: Workspace) -> float:
    """The project's threshold for offering a source for muting (for the window)."""
    return threshold(workspace.repo)


def set_threshold(workspace: Workspace, value: float) -> None:
    if not 0.0 <= value <= 1.0:
        raise InputError("suggest.weak_below", value=value)
    with workspace.repo.action(workspace.annotator.name):
        workspace.repo.set_setting(THRESHOLD_SETTING, value)


def source_records(repo: ProjectStore, annotator_id: int, sources: Iterable[str] = ()) -> list[SourceRecord]:
    """Per source, the layer's decisions, in name order; `sources` (e.g. every source a run can
    use now) are listed even before they suggested anything."""
    counts: dict[str, Counter[str]] = {s: Counter() for s in sources}
    counts.update(repo.suggestion_source_counts(annotator_id))  # one GROUP BY, not a row per suggestion
    muted, below = muted_sources(repo), threshold(repo)
    out = []
    for source in sorted(set(counts) | muted):
        c = counts.get(source, Counter())
        accepted, rejected = c[SuggestionState.ACCEPTED], c[SuggestionState.REJECTED]
        decided = accepted + rejected
        weak = decided >= MIN_DECISIONS and accepted / decided < below
        out.append(SourceRecord(source, accepted, rejected, c[SuggestionState.PENDING], source in muted, weak))
    return out


def set_muted(workspace: Workspace, sources: Iterable[str], muted: bool) -> Changes:
    """Mute (or unmute) sources for the whole project; the documents whose shown suggestions
    change are in `suggestions_decided`, so a view re-reads them."""
    names = {check_source(s) for s in sources}
    repo = workspace.repo
    now = set(muted_sources(repo))
    after = now | names if muted else now - names
    if after == now:
        return Changes()
    with repo.action(workspace.annotator.name):
        repo.set_setting(MUTED_SETTING, sorted(after))
    pending = repo.find_suggestions(workspace.annotator.id, sources=sorted(names), states=[SuggestionState.PENDING])
    verb = "Mute" if muted else "Unmute"
    return Changes(
        suggestions_decided={s.document_id for s in pending}, description=f"{verb} {', '.join(sorted(names))}"
    )


def mute_weak(workspace: Workspace) -> Changes:
    """Mute every weak source not muted yet."""
    weak = [r.source for r in source_records(workspace.repo, workspace.annotator.id) if r.weak and not r.muted]
    return set_muted(workspace, weak, True) if weak else Changes()
