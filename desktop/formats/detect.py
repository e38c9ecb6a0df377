"""Which format a file to import is in: from its extension, then its content.

Plain text stays the default for `.txt` files and for folders, so an
existing `barchasb import PROJECT articles/` keeps meaning what it meant;
CoNLL files named `.txt` (PEYMA's are) need `--format conll`.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from desktop.core.errors import BarchasbError, InputError
from desktop.formats.links import NO_FIELDS, Fields
from desktop.formats.records import DocumentRecord

if TYPE_CHECKING:
    from desktop.formats.labelstudio_users import LabelStudioUsers

IMPORT_FORMATS = ("auto", "text", "jsonl", "doccano", "label-studio", "conll", "brat")
_CONLL_EXTENSIONS = {".conll", ".conllu", ".iob", ".iob2", ".bio", ".bioes", ".tsv"}
_JSON_EXTENSIONS = {".json", ".jsonl", ".ndjson"}
_TAGGED_LINE = re.compile(r"^\S.*\s(O|[BIESLUbieslu]-\S+)$")


def detect_by_name(path: Path) -> str | None:
    """The format an extension implies, or None when only the content can tell."""
    suffix = path.suffix.lower()
    if path.is_dir():
        return "brat" if is_brat_folder(path) else "text"
    if suffix == ".txt":
        return "text"
    if suffix in _CONLL_EXTENSIONS:
        return "conll"
    if suffix == ".spacy":
        raise InputError("format.spacy_import", path=str(path))
    return None


def is_brat_folder(path: Path) -> bool:
    """A folder is a brat collection when some `.ann` lies beside its `.txt`."""
    return any(ann.with_suffix(".txt").is_file() for ann in path.rglob("*.ann"))


def detect_by_content(path: Path, text: str) -> str:
    """Sniff the first record of JSON, the tag column of CoNLL; else plain text."""
    head = text.lstrip("\ufeff \t\r\n")[:1]
    if head in ("{", "[") or path.suffix.lower() in _JSON_EXTENSIONS:
        return _json_flavour(text, str(path))
    lines = [line.rstrip("\r") for line in text.split("\n")[:200] if line.strip()]
    if lines and all(_TAGGED_LINE.match(line) for line in lines):
        return "conll"
    return "text"


def sniff_format(path: Path, limit: int = 1 << 20) -> str | None:
    """The format a file seems to be in, from its name and first `limit` bytes
    (enough for a first record); None when that cannot tell. Cheap enough to ask
    while a dialog opens: the import itself decides for real."""
    try:
        by_name = detect_by_name(path)
        if by_name is not None:
            return by_name
        with open(path, "rb") as handle:
            head = handle.read(limit)
        return detect_by_content(path, head.decode("utf-8-sig", errors="ignore"))
    except (OSError, BarchasbError):
        return None


def _json_flavour(text: str, path: str) -> str:
    from desktop.formats.jsonio import json_records
    from desktop.formats.labelstudio_min import is_json_min

    for _, record in json_records(text, path):
        if not isinstance(record, dict):
            break
        if {"data", "annotations", "completions", "predictions"} & record.keys() or is_json_min(record):
            return "label-studio"  # JSON_MIN's `label` is a list of regions, not doccano's triples
        if "spans" in record or "meta" in record:
            return "jsonl"
        if {"label", "labels", "entities"} & record.keys():
            return "doccano"
        return "jsonl"
    raise InputError("format.unknown_json", path=path)


def read_records(
    fmt: str,
    text: str,
    path: str,
    *,
    tags: str = "auto",
    name: str = "",
    problems: list[InputError] | None = None,
    offsets: str = "utf16",
    users: LabelStudioUsers | None = None,
    fields: Fields = NO_FIELDS,
    predictions: bool = False,
) -> Iterator[DocumentRecord]:
    """The documents of a file in an annotated format. With `problems`, a bad
    record (a CoNLL sentence) is appended there and the rest still come.
    `offsets`: the unit a doccano file counts (utf16 or codepoints); `users`: a
    `LabelStudioUsers` naming Label Studio's users' layers; `fields`: the scheme's
    attribute fields (`label.name`), which native attribute values are checked against;
    `predictions`: read Label Studio's predictions too."""
    # Each reader imported when its format is read: a fresh process (`barchasb import`) reading
    # doccano loads no CoNLL, native or Label Studio reader, nor the writers they bring (~10 ms).
    if fmt == "jsonl":
        from desktop.formats.jsonl import read_native

        return read_native(text, path, problems, fields)
    if fmt == "doccano":
        from desktop.formats.doccano import read_doccano

        return read_doccano(text, path, problems, offsets)
    if fmt == "label-studio":
        from desktop.formats.labelstudio import read_label_studio

        return read_label_studio(text, path, problems, users, predictions)
    if fmt == "conll":
        from desktop.formats.conll import read_conll

        return iter(read_conll(text, path, tags, name, problems))
    raise BarchasbError(f"cannot read annotations from format {fmt!r}")
