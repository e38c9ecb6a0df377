"""JSON in and out, with line numbers for every record read.

Writers use one `dumps`: UTF-8 text as is (`ensure_ascii=False`), compact,
one record per line. Readers accept JSON Lines, a single object, or an
array (one record per line or pretty-printed) and yield each record with
the line it starts on, so an error can point at the right place.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator
from typing import Any, overload

from desktop.core.errors import InputError

_DECODER = json.JSONDecoder()
_ENCODER = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"))  # one, not one per call
_SPACE = " \t\r\n\ufeff"
_SURROGATE_ESCAPE = re.compile(r"\\u[dD][89a-fA-F]")  # only then can a string be broken


def dumps(value: Any) -> str:
    """One compact JSON line (no trailing newline)."""
    return _ENCODER.encode(value)


def json_records(text: str, path: str, problems: list[InputError] | None = None) -> Iterator[tuple[int, Any]]:
    """`(line, value)` for each record: array elements, or top-level values.

    With `problems`, a JSON Lines record that does not parse goes there and
    reading resumes at the next line that starts with `{`; in an array a
    syntax error still ends the file (where the next element starts is a guess).
    """
    lines = _Lines(text)
    pos = _skip(text, 0)
    if pos < len(text) and text[pos] == "[":
        yield from _array(text, pos + 1, path, lines)
        return
    while pos < len(text):
        try:
            value, end = _decode(text, pos, path, lines)
        except InputError as exc:
            if problems is None:
                raise
            problems.append(exc)
            pos = _next_record(text, pos)
            continue
        yield lines.at(pos), value
        pos = _skip(text, end)


def each_record[T](
    text: str, path: str, build: Callable[[Any, int], T], problems: list[InputError] | None = None
) -> Iterator[T]:
    """`build(value, line)` of each record; with `problems`, a record that is not
    valid JSON or that `build` refuses goes there and the others still come."""
    for line, value in json_records(text, path, problems):
        try:
            built = build(value, line)
        except InputError as exc:
            if problems is None:
                raise
            problems.append(exc)
            continue
        yield built


def _next_record(text: str, pos: int) -> int:
    """Where the line after `pos` that starts a record begins (the end if none)."""
    found = text.find("\n{", pos)
    return len(text) if found < 0 else found + 1


class _Lines:
    """Line numbers of increasing positions, counted incrementally (big files)."""

    def __init__(self, text: str) -> None:
        self.text, self.pos, self.line = text, 0, 1

    def at(self, pos: int) -> int:
        self.line += self.text.count("\n", self.pos, pos)
        self.pos = pos
        return self.line


def _array(text: str, pos: int, path: str, lines: _Lines) -> Iterator[tuple[int, Any]]:
    pos = _skip(text, pos)
    if pos < len(text) and text[pos] == "]":
        _expect_end(text, pos + 1, path)
        return
    while True:
        value, end = _decode(text, pos, path, lines)
        yield lines.at(pos), value
        pos = _skip(text, end)
        if pos < len(text) and text[pos] == ",":
            pos = _skip(text, pos + 1)
            continue
        if pos < len(text) and text[pos] == "]":
            _expect_end(text, pos + 1, path)
            return
        raise InputError("json.array_separator", path=path, line=_line(text, pos))


def _decode(text: str, pos: int, path: str, lines: _Lines) -> tuple[Any, int]:
    """One value at `pos`; an error names the line the record starts on (a
    missing brace is only noticed lines later) and where the parser gave up."""
    try:
        value, end = _DECODER.raw_decode(text, pos)
    except json.JSONDecodeError as exc:
        start = lines.at(pos)
        if exc.lineno == start:
            raise InputError("json.invalid", path=path, line=start, detail=exc.msg) from exc
        raise InputError("json.invalid_stopped", path=path, line=start, detail=exc.msg, stopped=exc.lineno) from exc
    except RecursionError as exc:
        raise InputError("json.too_deep", path=path, line=lines.at(pos)) from exc
    except ValueError as exc:  # an integer of more digits than Python converts
        raise InputError("json.huge_number", path=path, line=lines.at(pos)) from exc
    if _SURROGATE_ESCAPE.search(text, pos, end):
        _check_strings(value, path, lines.at(pos))
    return value, end


def _check_strings(value: Any, path: str, line: int) -> None:
    """Refuse strings holding half of a UTF-16 surrogate pair: they have no UTF-8,
    so storing the record would fail later. (Only called when the record's
    text has a surrogate escape at all, so the walk costs nothing usually.)"""
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, dict):
            stack.extend(item)
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
        elif isinstance(item, str):
            try:
                item.encode("utf-8")
            except UnicodeEncodeError as exc:
                escape = f"\\u{ord(item[exc.start]):04x}"
                raise InputError("json.lone_surrogate", path=path, line=line, escape=escape) from exc


def _expect_end(text: str, pos: int, path: str) -> None:
    pos = _skip(text, pos)
    if pos < len(text):
        raise InputError("json.extra_data", path=path, line=_line(text, pos))


def _skip(text: str, pos: int) -> int:
    while pos < len(text) and text[pos] in _SPACE:
        pos += 1
    return pos


def _line(text: str, pos: int) -> int:
    return text.count("\n", 0, pos) + 1


@overload
def get[T](record: dict[str, Any], key: str, kind: type[T], path: str, line: int) -> T: ...
@overload
def get[T, D](record: dict[str, Any], key: str, kind: type[T], path: str, line: int, default: D) -> T | D: ...
def get(
    record: dict[str, Any], key: str, kind: type | tuple[type, ...], path: str, line: int, default: object = ...
) -> object:
    """`record[key]` checked against `kind`; missing keys raise unless a default is given."""
    if key not in record:
        if default is ...:
            raise InputError("record.missing_key", path=path, line=line, key=key)
        return default
    value = record[key]
    if not isinstance(value, kind) or (isinstance(value, bool) and bool not in _tuple(kind)):
        names = "/".join(k.__name__ for k in _tuple(kind))
        raise InputError(
            "record.wrong_type", path=path, line=line, key=key, expected=names, actual=type(value).__name__
        )
    return value


def _tuple(kind: type | tuple[type, ...]) -> tuple[type, ...]:
    return kind if isinstance(kind, tuple) else (kind,)


def require_object(value: object, path: str, line: int) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise InputError("record.not_object", path=path, line=line, actual=type(value).__name__)
    return value
