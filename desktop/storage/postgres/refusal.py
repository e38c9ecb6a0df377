"""The server's refusals worded for a user: "permission denied: annotators cannot change the scheme".

A refusal is the database's (grants and row-level security, roles_sql.py);
this only names what was refused, from the table PostgreSQL names, and who
(the login's project role, known when the store opened), as a `Reason` the
terminal prints in English and the window words in its own language.
"""

from __future__ import annotations

import re

from desktop.core.errors import Refused
from desktop.core.reasons import Reason

_TABLE = re.compile(r'for table "?(\w+)"?')
_SCHEME = Reason("team.what.scheme")
_WHAT = {
    "labels": _SCHEME, "relation_types": _SCHEME, "attribute_fields": _SCHEME, "gazetteers": _SCHEME,
    "gazetteer_entries": _SCHEME, "documents": Reason("team.what.documents"),
    "assignments": Reason("team.what.assignments"), "settings": Reason("team.what.settings"),
    "annotators": Reason("team.what.users"), "team_members": Reason("team.what.users"),
    "barchasb_project": Reason("team.what.project"), "history": Reason("team.what.history"),
}  # fmt: skip
_WHO = {
    "manager": Reason("team.who.manager"), "curator": Reason("team.who.curator"),
    "annotator": Reason("team.who.annotator"),
}  # fmt: skip


def refusal(message: str, role: str | None) -> Refused:
    """The server's "permission denied" or row-level security refusal, as one line for the user."""
    match = _TABLE.search(message)
    table = match.group(1) if match else ""
    if table in _WHAT:
        what = _WHAT[table]
    elif table.startswith(("gold_", "review_")):
        what = Reason("team.what.gold")
    elif table:
        what = Reason("team.what.layer")
    else:
        what = Reason("team.what.other", {"detail": " ".join(message.split())})
    who = _WHO.get(role or "", Reason("team.who.login"))
    return Refused(Reason("team.refused", {"who": who, "what": what}))
