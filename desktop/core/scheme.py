"""Label schemes: data files in resources/schemes, validated into `Label`s."""

from __future__ import annotations

import json
from pathlib import Path

from desktop.core.errors import InputError
from desktop.core.model import Label
from desktop.core.relation_scheme import RelationScheme, load_relation_scheme
from desktop.resources import resource_path

DEFAULT_SCHEME = "news"


def load_scheme(path: str | Path) -> list[Label]:
    """Read a scheme file; every problem is reported with the file's name."""
    path = Path(path)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError("scheme.unreadable", path=str(path), detail=str(exc)) from exc
    except json.JSONDecodeError as exc:
        raise InputError("json.invalid", path=str(path), line=exc.lineno, detail=exc.msg) from exc
    entries = data.get("labels") if isinstance(data, dict) else None
    if not isinstance(entries, list) or not entries:
        raise InputError("scheme.no_labels", path=str(path))
    return [_label(entry, order, path) for order, entry in enumerate(entries)]


def _label(entry: object, order: int, path: Path) -> Label:
    if not isinstance(entry, dict):
        raise InputError("scheme.label_not_object", path=str(path), number=order + 1)
    try:
        return Label(
            key=entry["key"],
            name_fa=entry["name_fa"],
            name_en=entry["name_en"],
            color=entry["color"],
            hotkey=entry.get("hotkey", ""),
            description=entry.get("description", ""),
            order=order,
        )
    except (KeyError, TypeError, ValueError) as exc:
        raise InputError("scheme.bad_label", path=str(path), number=order + 1, detail=str(exc)) from exc


def default_scheme() -> list[Label]:
    return load_scheme(resource_path("schemes", f"{DEFAULT_SCHEME}.json"))


def default_relation_scheme() -> RelationScheme:
    """The relation types and attribute fields the default scheme ships."""
    labels = [label.key for label in default_scheme()]
    return load_relation_scheme(resource_path("schemes", f"{DEFAULT_SCHEME}.json"), labels)
