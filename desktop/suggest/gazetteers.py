"""Gazetteer files and the suggester that matches their entries.

A gazetteer file is UTF-8 text, one entry per line. Lines starting with
`#` are comments, except `# key: value` lines before the first entry,
which describe the list (`name`, `label`, `description`; the name defaults
to the file's stem). Entries may use `...` as described in
`desktop.suggest.phrases`. The lists shipped in `resources/gazetteers/`
are copied into a project on first use and edited there.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path

from desktop.core.errors import InputError
from desktop.core.reasons import plain
from desktop.core.suggestion import Gazetteer
from desktop.resources import resource_path
from desktop.suggest.phrases import PhraseMatcher
from desktop.suggest.proposals import Proposal

_META = re.compile(r"^#\s*(name|label|description)\s*:\s*(.*?)\s*$")
SCORE = 0.8
# A trailing `...` never takes a person's name along («رئیس ...» + a name).
PERSON_LABELS = frozenset({"official", "person", "PER", "pers"})


def clean_entry(entry: str) -> str:
    """An entry as stored: spaces collapsed and trimmed."""
    return " ".join(entry.split())


def read_gazetteer(path: str | Path) -> tuple[Gazetteer, list[str]]:
    """The list a file describes and its entries (order kept, duplicates dropped)."""
    path = Path(path)
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError("gazetteer.unreadable", path=str(path), detail=str(exc)) from exc
    meta = {"name": path.stem, "label": "", "description": ""}
    entries: list[str] = []
    for line in lines:
        if line.lstrip().startswith("#"):
            if not entries and (m := _META.match(line.strip())):
                meta[m.group(1)] = m.group(2)
            continue
        if entry := clean_entry(line):
            entries.append(entry)
    try:
        gazetteer = Gazetteer(meta["name"], meta["label"], meta["description"])
    except ValueError as exc:
        raise InputError(plain(str(exc)), path=str(path)) from exc
    return gazetteer, list(dict.fromkeys(entries))


def write_gazetteer(path: str | Path, gazetteer: Gazetteer, entries: Iterable[str]) -> None:
    header = [f"# name: {gazetteer.name}", f"# label: {gazetteer.label}"]
    if gazetteer.description:
        header.append(f"# description: {gazetteer.description}")
    Path(path).write_text("\n".join(header + sorted(entries)) + "\n", encoding="utf-8")


def shipped_gazetteers() -> list[tuple[Gazetteer, list[str]]]:
    """The starting lists in resources/gazetteers, by file name."""
    folder = resource_path("gazetteers")
    return [read_gazetteer(p) for p in sorted(folder.glob("*.txt"))]


class GazetteerSuggester:
    """Suggests every entry's matches with its list's label."""

    def __init__(self, lists: Iterable[tuple[Gazetteer, Iterable[str]]]) -> None:
        pairs = [(entry, gazetteer) for gazetteer, entries in lists for entry in entries]
        self._matcher = PhraseMatcher(pairs, chainable=lambda g: g.label not in PERSON_LABELS)
        self._lists = list(dict.fromkeys(g for _, g in pairs))
        self.sources = tuple(sorted({f"gazetteer:{g.name}" for g in self._lists}))

    def suggest(self, text: str) -> list[Proposal]:
        """Each list's own leftmost-longest matches: a place inside a title is still a
        place, whichever lists run together."""
        out = []
        for gazetteer in self._lists:
            for match in self._matcher.find(text, only=lambda g: g == gazetteer):  # noqa: B023 (called at once)
                out.append(
                    Proposal(
                        match.start,
                        match.end,
                        gazetteer.label,
                        f"gazetteer:{gazetteer.name}",
                        SCORE,
                        text[match.start : match.end],
                    )
                )
        return sorted(out, key=lambda c: (c.start, c.end, c.source))
