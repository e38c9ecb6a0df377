"""gazetteer: list, show and edit a project's gazetteers from the shell."""

from __future__ import annotations

import argparse

from desktop.core.errors import InputError
from desktop.paths import default_actor

_ARITY = {
    "list": (0, 0),
    "show": (1, 1),
    "add": (2, None),
    "remove": (2, None),
    "create": (2, None),
    "delete": (1, 1),
    "import": (1, None),
    "export": (2, 2),
}


def run(args: argparse.Namespace) -> int:
    from desktop.workspace import Workspace
    from desktop.workspace.suggestions.gazetteers import Gazetteers

    low, high = _ARITY[args.action]
    if len(args.values) < low or (high is not None and len(args.values) > high):
        raise InputError(f"gazetteer {args.action}: wrong number of arguments (see --help)")
    workspace = Workspace.open(args.project, default_actor())
    try:
        _run(Gazetteers(workspace), args.action, args.values)
    finally:
        workspace.close()
    return 0


def _run(lists, action: str, values: list[str]) -> None:
    match action:
        case "list":
            for g in lists.gazetteers():
                print(f"{g.name:<20} {g.label:<14} {g.size:>6} entries  {g.description[:60]}")
        case "show":
            print("\n".join(lists.entries(values[0])))
        case "add":
            print(lists.add_entries(values[0], values[1:]).description or "nothing new")
        case "remove":
            print(lists.remove_entries(values[0], values[1:]).description or "nothing removed")
        case "create":
            print(lists.create(values[0], values[1], entries=values[2:]).description)
        case "delete":
            print(lists.delete(values[0]).description)
        case "import":
            for path in values:
                print(lists.import_file(path).description or f"{path}: nothing new")
        case "export":
            lists.export_file(values[0], values[1])
            print(f"wrote {values[1]}")
