"""`barchasb connection add|list|remove`: short names for server projects, used as `@NAME`."""

from __future__ import annotations

import argparse

from desktop.commands._common import print_json


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "connection",
        help="save a server project's URL under a short name: then @NAME works wherever a PROJECT goes",
    )
    actions = p.add_subparsers(dest="action", metavar="ACTION", required=True)
    add = actions.add_parser("add", help="save URL as NAME (never with a password: PGPASSWORD or ~/.pgpass)")
    add.add_argument("name", metavar="NAME")
    add.add_argument("url", metavar="URL", help="a postgresql:// URL, or a libpq service: postgresql:///?service=team")
    add.set_defaults(run=run_add)
    listing = actions.add_parser("list", help="the saved connections")
    listing.add_argument("--json", action="store_true", help="print JSON")
    listing.set_defaults(run=run_list)
    remove = actions.add_parser("remove", help="forget a saved connection")
    remove.add_argument("name", metavar="NAME")
    remove.set_defaults(run=run_remove)


def run_add(args: argparse.Namespace) -> int:
    from desktop.connections import add

    add(args.name, args.url)
    print(f"saved @{args.name}: {args.url}")
    return 0


def run_list(args: argparse.Namespace) -> int:
    from desktop.connections import saved

    connections = saved()  # URLs were checked to hold no password when saved
    if args.json:
        print_json(connections)
        return 0
    for name, url in connections.items():
        print(f"@{name}\t{url}")
    return 0


def run_remove(args: argparse.Namespace) -> int:
    from desktop.connections import remove

    remove(args.name)
    print(f"removed @{args.name.removeprefix('@')}")
    return 0
