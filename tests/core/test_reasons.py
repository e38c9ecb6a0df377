"""Input errors carry a reason code and its values: every code has one English template (what
the terminal prints) and a Persian entry (what the window shows), and every raise site names a
code the table has."""

from __future__ import annotations

import ast
import json
import string
from collections.abc import Iterator
from pathlib import Path

import pytest

from desktop.core.errors import InputError
from desktop.core.reasons import PLAIN, REASONS, Reason, plain
from desktop.formats.records import check_span

ROOT = Path(__file__).resolve().parents[2]
# The call, and which of its arguments is the code.
CODE_ARGUMENT = {"InputError": 0, "Reason": 0, "TagError": 1, "doc.error": 1, "ServerFault": 0, "Retryable": 0}
# Terminal-only presentation: its messages are English by design (see issue 14).
TERMINAL = ("desktop/commands/", "desktop/cli.py")


def _name(func: ast.expr) -> str:
    if isinstance(func, ast.Name):
        return func.id
    if isinstance(func, ast.Attribute) and isinstance(func.value, ast.Name):
        return f"{func.value.id}.{func.attr}"
    return ""


def _sites() -> Iterator[tuple[str, ast.expr]]:
    """(where, the code argument) of every call that names a reason, outside the terminal layer."""
    for path in sorted((ROOT / "desktop").rglob("*.py")):
        relative = path.relative_to(ROOT).as_posix()
        if relative.startswith(TERMINAL):
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and _name(node.func) in CODE_ARGUMENT:
                index = CODE_ARGUMENT[_name(node.func)]
                if len(node.args) > index:
                    yield f"{relative}:{node.lineno}", node.args[index]


def _codes(argument: ast.expr) -> list[str]:
    """The codes a literal argument names (both arms of `a if c else b`)."""
    if isinstance(argument, ast.Constant):
        return [argument.value]
    if isinstance(argument, ast.IfExp):
        return _codes(argument.body) + _codes(argument.orelse)
    return []


def _prefix(argument: ast.JoinedStr) -> str:
    """The literal start of an f-string code."""
    first = argument.values[0] if argument.values else None
    return first.value if isinstance(first, ast.Constant) and isinstance(first.value, str) else ""


def _unknown(argument: ast.expr) -> list[str]:
    """What a code argument names that the table lacks: a code not in it, or an expression that
    is neither a literal code nor a reason made elsewhere (`exc.why`, `plain(...)`, `Reason(...)`,
    a parameter)."""
    if isinstance(argument, ast.Constant):
        return [] if argument.value in REASONS else [repr(argument.value)]
    if isinstance(argument, ast.IfExp):
        return _unknown(argument.body) + _unknown(argument.orelse)
    if isinstance(argument, ast.JoinedStr):  # f"team.who.{role}": a family of codes the table has
        prefix = _prefix(argument)
        return [] if prefix.endswith(".") and any(code.startswith(prefix) for code in REASONS) else [prefix]
    if isinstance(argument, ast.Attribute) and argument.attr == "why":
        return []
    if isinstance(argument, ast.Call) and _name(argument.func) in ("plain", "Reason"):
        return []
    return [] if isinstance(argument, ast.Name) else [ast.unparse(argument)]


def _fields(template: str) -> list[tuple[str, str | None, str]]:
    return [(name, conversion, spec) for _, name, spec, conversion in string.Formatter().parse(template) if name]


def test_every_raise_site_names_a_code_the_table_has():
    unknown = [(where, what) for where, argument in _sites() for what in _unknown(argument)]
    assert unknown == []


def test_every_code_in_the_table_is_raised_somewhere():
    sites = [argument for _, argument in _sites()]
    used = {code for argument in sites for code in _codes(argument)}
    families = tuple(filter(None, (_prefix(argument) for argument in sites if isinstance(argument, ast.JoinedStr))))
    assert sorted(code for code in set(REASONS) - used - {PLAIN} if not code.startswith(families or ("\0",))) == []


def test_every_template_has_a_persian_entry_with_the_same_values():
    table = json.loads((ROOT / "resources/translations/fa.json").read_text(encoding="utf-8"))
    missing = [template for template in REASONS.values() if template not in table]
    assert missing == []
    for template in REASONS.values():
        english = _fields(template)
        persian = _fields(table[template])
        # The window hands a translation text (Persian digits, isolated names): no !r, no format specs.
        assert all(spec == "" for _, _, spec in english), template
        assert all(conversion is None and spec == "" for _, conversion, spec in persian), table[template]
        assert {name for name, _, _ in persian} <= {name for name, _, _ in english}, table[template]


def test_the_english_is_what_the_terminal_printed():
    with pytest.raises(InputError) as caught:
        check_span("علی رفت", 4, 9, "PER", None, path="news.jsonl", line=3)
    assert str(caught.value) == "news.jsonl:3: span [4, 9) PER ends past the text (7 characters)"
    assert caught.value.reason == "span [4, 9) PER ends past the text (7 characters)"
    assert (caught.value.why.code, caught.value.why.params["length"]) == ("span.past_text", 7)
    inner = InputError("span.text_mismatch", start=0, end=3, label="PER", stated="x", actual="علی").why
    outer = Reason("import.no_valid_records", {"bad": 2, "first": Reason("at_line", {"line": 1, "reason": inner})})
    assert (
        str(outer)
        == "no valid records (2 bad; the first at line 1: span [0, 3) PER: stated text 'x' does not match 'علی')"
    )


def test_english_text_without_a_code_is_kept_as_it_is():
    error = InputError("a message not yet given a code", path="f.txt")
    assert (error.why, str(error)) == (plain("a message not yet given a code"), "f.txt: a message not yet given a code")
