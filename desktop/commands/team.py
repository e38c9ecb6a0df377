"""team: roles on a PostgreSQL project, enforced by the server: `team init`, `team add-user`, `team list`."""

from __future__ import annotations

import argparse
import getpass
import os
import sys

from desktop.commands._common import print_json, project_argument

ROLES = ("manager", "curator", "annotator")


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("team", help="a team on a PostgreSQL project: roles the server enforces (docs/team.md)")
    team = p.add_subparsers(dest="team_command", metavar="ACTION", required=True)
    init = team.add_parser("init", help="make the project's roles, grants and row-level security (once)")
    project_argument(init)
    blind = init.add_mutually_exclusive_group()
    blind.add_argument("--blind", action="store_true", default=None, help="annotators see only their own layer")
    blind.add_argument("--not-blind", dest="blind", action="store_false", help="annotators see every layer")
    init.set_defaults(run=run_init)
    add = team.add_parser("add-user", help="add a person: a login of their own, with their own layer")
    project_argument(add)
    add.add_argument("name", metavar="NAME", help="the login (also the annotator's name)")
    add.add_argument("--role", choices=ROLES, required=True, help="what the person may do")
    add.add_argument(
        "--password-env",
        metavar="VAR",
        help="read the password from environment variable VAR (default: asked on the terminal)",
    )
    add.set_defaults(run=run_add_user)
    show = team.add_parser("list", help="the team: logins and roles")
    project_argument(show)
    show.add_argument("--json", action="store_true", help="print JSON")
    show.set_defaults(run=run_list)


def run_init(args: argparse.Namespace) -> int:
    from desktop.workspace.project import team

    team.init_team(args.project, blind=args.blind)
    print("team roles, grants and row-level security are set up")
    return 0


def run_add_user(args: argparse.Namespace) -> int:
    from desktop.workspace.project import team

    member = team.add_user(args.project, args.name, args.role, _password(args))
    print(f"{member.login}: added as {member.role}")
    return 0


def run_list(args: argparse.Namespace) -> int:
    from desktop.workspace.project import team

    found = team.list_users(args.project)
    if args.json:
        print_json([{"login": m.login, "annotator": m.annotator, "role": m.role} for m in found])
        return 0
    for m in found:
        print(f"{m.login}\t{m.role}")
    return 0


def _password(args: argparse.Namespace) -> str:
    """From the variable named by --password-env, or asked twice on a terminal: never an argument."""
    from desktop.core.errors import InputError

    if args.password_env:
        value = os.environ.get(args.password_env)
        if not value:
            raise InputError(f"--password-env: the environment variable {args.password_env} is not set or empty")
        return value
    if not (sys.stdin.isatty() and sys.stderr.isatty()):
        raise InputError("no terminal to ask the password on: use --password-env VAR")
    first = getpass.getpass(f"Password for {args.name}: ")
    if first != getpass.getpass("Again: "):
        raise InputError("the two passwords differ")
    return first
