"""backup and restore: the project's rotating backups (desktop/storage/backup.py).

Storage is imported inside the handlers: building the parser (every `barchasb`
call, `--help` included) must not load SQLite and sqlite-utils.
"""

from __future__ import annotations

import argparse

from desktop.commands._common import print_json, project_argument

KEEP = 20  # desktop.storage.backup.KEEP, repeated to keep the parser light (a test holds them equal)


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("backup", help="take a backup of the project now (kept in PROJECT.backups/)")
    project_argument(p, files_only=True)
    p.add_argument("--keep", type=int, default=KEEP, metavar="N", help=f"keep the newest N backups (default {KEEP})")
    p.set_defaults(run=run_backup)

    p = sub.add_parser(
        "restore", help="list the project's backups, or put one in its place (the project as it was is backed up first)"
    )
    project_argument(p, files_only=True)
    p.add_argument(
        "backup", nargs="?", metavar="BACKUP", help="its number in the list (1 = newest), its file name, or a path"
    )
    p.add_argument("--list", action="store_true", help="list the backups (the default)")
    p.add_argument("--json", action="store_true", help="list as JSON")
    p.set_defaults(run=run_restore)


def run_backup(args: argparse.Namespace) -> int:
    from desktop.storage.backup import backup_now
    from desktop.storage.db import open_database

    open_database(args.project).close()  # a project (upgraded if old), or a clear error
    backup = backup_now(args.project, kind="manual", keep=args.keep)
    print(f"backed up {args.project} to {backup.path}")
    return 0


def run_restore(args: argparse.Namespace) -> int:
    from desktop.storage.backup import find_backup, restore_backup

    if args.list or args.backup is None:
        return _list(args)
    backup = find_backup(args.project, args.backup)
    saved = restore_backup(args.project, backup)
    print(f"restored {args.project} from {backup.path.name}")
    if saved is not None:
        print(f"the project as it was is kept as {saved.path}")
    return 0


def _list(args: argparse.Namespace) -> int:
    from desktop.storage.backup import backup_folder, list_backups

    backups = list_backups(args.project)
    if args.json:
        print_json(
            [
                {
                    "number": i,
                    "path": str(b.path),
                    "taken_at": b.taken_at.isoformat(),
                    "kind": b.kind,
                    "last_change": b.marker,
                    "bytes": b.size,
                }
                for i, b in enumerate(backups, start=1)
            ]
        )
        return 0
    if not backups:
        print(f"no backups of {args.project} yet (they are kept in {backup_folder(args.project)})")
        return 0
    print(f"backups of {args.project} in {backup_folder(args.project)}, newest first:")
    for number, b in enumerate(backups, start=1):
        history_id = b.marker.split("-")[0]
        print(
            f"{number:>4}  {b.taken_at:%Y-%m-%d %H:%M:%S} UTC  {b.kind:<8}  "
            f"change #{history_id:<8} {b.size:>12,} bytes  {b.path.name}"
        )
    print(f"restore one with: barchasb restore {args.project} NUMBER")
    return 0
