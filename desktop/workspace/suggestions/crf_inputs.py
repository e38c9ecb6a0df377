"""What the CRF reads from a project besides the layer's spans: its gazetteers
and the text of all its documents (for word clusters, labelled or not).

Gazetteers are features whatever label a list stands for, so the lists
shipped with Barchasb (`resources/gazetteers`) join the project's own even
when the project's scheme has no label for them (PEYMA's PER/ORG/LOC); a
project list of the same name wins. Text is read up to `MAX_CHARS`, in
document order, so training a very large project stays within its budget.
"""

from __future__ import annotations

from desktop.storage.contract import ProjectStore
from desktop.suggest.gazetteers import shipped_gazetteers

MAX_CHARS = 30_000_000  # about 100 MB of Python strings; PEYMA's 709 documents are 1.6 M


def feature_lists(repo: ProjectStore) -> dict[str, list[str]]:
    """Gazetteer name → entries: the project's lists, then the shipped ones it lacks."""
    lists = {g.name: list(repo.gazetteer_entries(g.name)) for g in repo.gazetteers()}
    for gazetteer, entries in shipped_gazetteers():
        lists.setdefault(gazetteer.name, entries)
    return lists


def project_texts(repo: ProjectStore, skip: set[int] | frozenset[int] = frozenset()) -> list[str]:
    """The texts of the project's documents (those in `skip` left out), up to `MAX_CHARS`."""
    out: list[str] = []
    total = 0
    for doc_id, _name, text in repo.document_texts():
        if doc_id in skip:
            continue
        total += len(text)
        if total > MAX_CHARS:
            break
        out.append(text)
    return out
