"""The layer of a scheme above labels: relation types and attribute fields.

A scheme file may carry `"relation_types"` and `"attributes"` lists beside its
`"labels"`; both are optional (a scheme of labels alone has none). Every entry
is checked against the scheme's labels, and a problem names the file. A choice
field's choices are bare keys or {"key", "fa", "en"} objects (desktop.core.choices).
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from desktop.core.attributes import AttributeField
from desktop.core.choices import Choice, choices_from_json, choices_to_json
from desktop.core.errors import InputError
from desktop.core.reasons import Reason
from desktop.core.relations import RelationType


@dataclass(frozen=True, slots=True)
class RelationScheme:
    """The relation types and attribute fields of a scheme."""

    relation_types: tuple[RelationType, ...] = ()
    attributes: tuple[AttributeField, ...] = ()

    def check_labels(self, labels: Iterable[str]) -> None:
        """ValueError unless every label this scheme names exists."""
        known = set(labels)
        for rtype in self.relation_types:
            unknown = sorted(set(rtype.heads + rtype.tails) - known)
            if unknown:
                raise ValueError(f"relation type {rtype.key}: unknown labels {', '.join(unknown)}")
        for field in self.attributes:
            if field.label not in known:
                raise ValueError(f"attribute {field.path}: unknown label {field.label}")


def relation_scheme_from_data(data: dict[str, Any], labels: Iterable[str], path: str | Path) -> RelationScheme:
    """The relation scheme of a parsed scheme file (InputError names `path`)."""
    where = str(path)
    types = _entries(data, "relation_types", where)
    fields = _entries(data, "attributes", where)
    try:
        scheme = RelationScheme(
            tuple(_relation_type(entry, n) for n, entry in enumerate(types)),
            tuple(_field(entry, n) for n, entry in enumerate(fields)),
        )
        scheme.check_labels(labels)
    except (KeyError, TypeError, ValueError) as exc:
        raise InputError("relation_scheme.invalid", path=where, detail=str(exc)) from exc
    except InputError as exc:  # a bad choice: its own reason, with the file's name
        raise InputError(exc.why, path=where) from None
    keys = [t.key for t in scheme.relation_types]
    if len(set(keys)) != len(keys):
        raise InputError("relation_scheme.key_twice", path=where)
    return scheme


def load_relation_scheme(path: str | Path, labels: Iterable[str]) -> RelationScheme:
    path = Path(path)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError("relation_scheme.unreadable", path=str(path), detail=str(exc)) from exc
    except json.JSONDecodeError as exc:
        raise InputError("json.invalid", path=str(path), line=exc.lineno, detail=exc.msg) from exc
    if not isinstance(data, dict):
        raise InputError("relation_scheme.not_object", path=str(path))
    return relation_scheme_from_data(data, labels, path)


def _entries(data: dict[str, Any], key: str, where: str) -> list[dict[str, Any]]:
    entries = data.get(key, [])
    if not isinstance(entries, list) or not all(isinstance(e, dict) for e in entries):
        raise InputError("relation_scheme.not_list", path=where, key=key)
    return entries


def _relation_type(entry: dict[str, Any], order: int) -> RelationType:
    return RelationType(
        key=entry["key"],
        name_fa=entry["name_fa"],
        name_en=entry["name_en"],
        colour=entry.get("color", entry.get("colour", "")),
        hotkey=entry.get("hotkey", ""),
        directed=_bool(entry.get("directed", True), "directed"),
        heads=tuple(entry.get("heads", ())),
        tails=tuple(entry.get("tails", ())),
        description=entry.get("description", ""),
        order=order,
    )


def _field(entry: dict[str, Any], order: int) -> AttributeField:
    return AttributeField(
        label=entry["label"],
        name=entry["name"],
        kind=entry["kind"],
        choices=_choices(entry),
        required=_bool(entry.get("required", False), "required"),
        name_fa=entry.get("name_fa", ""),
        name_en=entry.get("name_en", ""),
        order=order,
    )


def _choices(entry: dict[str, Any]) -> tuple[Choice, ...]:
    path = f"{entry['label']}.{entry['name']}"
    choices = entry.get("choices", [])
    if not isinstance(choices, list):
        raise ValueError(f"attribute {path}: choices must be a list of keys or {{key, fa, en}} objects")
    try:
        return choices_from_json(choices)
    except InputError as exc:
        raise InputError(Reason("attribute.invalid", {"field": path, "detail": exc.why})) from None


def relation_scheme_to_data(scheme: RelationScheme) -> dict[str, Any]:
    """The `relation_types` and `attributes` of a scheme file for `scheme` (read back equal)."""
    types = [
        {
            "key": t.key, "name_fa": t.name_fa, "name_en": t.name_en, "color": t.colour, "hotkey": t.hotkey,
            "directed": t.directed, "heads": list(t.heads), "tails": list(t.tails), "description": t.description,
        }
        for t in scheme.relation_types
    ]  # fmt: skip
    fields = [
        {
            "label": f.label, "name": f.name, "kind": f.kind.value, "name_fa": f.name_fa, "name_en": f.name_en,
            "required": f.required, **({"choices": choices_to_json(f.choices)} if f.choices else {}),
        }
        for f in scheme.attributes
    ]  # fmt: skip
    return {"relation_types": types, "attributes": fields}


def _bool(value: object, name: str) -> bool:
    if not isinstance(value, bool):
        raise ValueError(f"{name} must be true or false, not {value!r}")
    return value
