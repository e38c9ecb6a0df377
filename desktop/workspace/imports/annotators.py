"""Whose layer an imported annotation goes to: `--annotator-map KEY=NAME`.

Label Studio names its users by id or e-mail, so its reader applies the map
itself (a key may be either); for the other formats a key is the annotator
name the file states. `--annotator` still puts everything in one layer.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable

from desktop.core.errors import InputError
from desktop.formats.labelstudio_users import LabelStudioUsers
from desktop.formats.records import DocumentRecord, annotator_name

AnnotatorMap = tuple[tuple[str, str], ...]


def parse_annotator_map(pairs: Iterable[str]) -> AnnotatorMap:
    """`KEY=NAME` pairs (e.g. `2=sara`, `sara@x.org=sara`) as an `ImportOptions` map."""
    found: dict[str, str] = {}
    for pair in pairs:
        key, eq, name = pair.partition("=")
        key, name = key.strip(), name.strip()
        if not eq or not key or not name:
            raise InputError("annotator_map.syntax", pair=pair)
        try:
            annotator_name(name, path="--annotator-map", line=0)
        except InputError as exc:
            raise InputError("annotator_map.name", reason=exc.why) from None
        if found.get(key, name) != name:
            raise InputError("annotator_map.two_names", key=key, first=found[key], second=name)
        found[key] = name
    return tuple(found.items())


def users_for(fmt: str, mapping: AnnotatorMap) -> LabelStudioUsers | None:
    """What names Label Studio's users (None for the other formats)."""
    return LabelStudioUsers(dict(mapping)) if fmt == "label-studio" else None


def rename(record: DocumentRecord, mapping: AnnotatorMap) -> None:
    """Formats other than Label Studio: the annotators the map names get its names."""
    if not mapping:
        return
    names = dict(mapping)
    record.spans = [
        span if span.annotator not in names else dataclasses.replace(span, annotator=names[span.annotator])
        for span in record.spans
    ]
    record.done = [names.get(who, who) if who is not None else None for who in record.done]


def unnamed_layers(users: LabelStudioUsers | None) -> list[str]:
    """The layers named after Label Studio user ids (`ls-2`), in id order."""
    return sorted(users.unnamed, key=lambda n: int(users.unnamed[n])) if users else []


def user_notes(users: LabelStudioUsers | None) -> list[str]:
    """Report lines: users named after their ids, and what was not imported."""
    if users is None:
        return []
    notes = []
    if users.unnamed:
        first = min(users.unnamed.values(), key=int)
        notes.append(
            f"Label Studio users known only by id went to layers "
            f"{', '.join(unnamed_layers(users))} (name them with --annotator-map, "
            f"e.g. {first}=NAME)"
        )
    left_out = [f"{what} {count}" for what, count in sorted(users.left_out.items()) if count]
    if left_out:
        notes.append(f"not imported: {', '.join(left_out)} (Barchasb imports submitted annotations)")
    return notes
