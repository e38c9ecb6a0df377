"""Who made a Label Studio annotation: one Barchasb layer per Label Studio user.

Label Studio writes the annotator in several shapes, all of which are read:

- `"completed_by": 2`, the user's id: the JSON export of Label Studio 1.x by
  default (`annotations__completed_by` serialised as an id only);
- `"completed_by": {"id": 2, "email": "sara@x.org", "first_name": ..., ...}`: the
  export with `completed_by` expanded, and Label Studio 1.0-1.4's export;
- `"created_username": "Sara Karimi sara@x.org, 2"`: the tasks API (name, e-mail,
  then the id after the last comma), beside an integer `completed_by`;
- `"annotator": "sara"`: Barchasb's own key (Label Studio ignores it).

A user becomes the layer named by `--annotator-map` (keyed by id or e-mail), else
the e-mail when the file states one, else `ls-ID`. The e-mail wins over the id so
that an expanded export and a tasks-API dump of the same user land in one layer;
an id-only export cannot know the e-mail, hence `ls-ID` (name it with the map).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from typing import Any

from desktop.core.errors import InputError
from desktop.formats.records import annotator_name


class LabelStudioUsers:
    """Turns annotations' user fields into layer names; remembers what it saw
    (users it had to name itself, predictions and skipped annotations left out)."""

    def __init__(self, mapping: Mapping[str, str] | None = None) -> None:
        self.mapping = dict(mapping or {})
        self.unnamed: dict[str, str] = {}  # layer name made up -> the user id it stands for
        self.left_out: Counter[str] = Counter()  # "predictions", "skipped annotations"

    def layer(self, annotation: dict[str, Any], *, path: str, line: int) -> str | None:
        """The layer an annotation goes to; None: the importing user (no user named)."""
        name, email, user_id = _identity(annotation, path, line)
        for key in (name, email, user_id):
            if key is not None and key in self.mapping:
                return self.mapping[key]
        chosen = name or email
        if chosen is None and user_id is not None:
            chosen = f"ls-{user_id}"
            self.unnamed[chosen] = user_id
        return annotator_name(chosen, path=path, line=line)


def _identity(annotation: dict[str, Any], path: str, line: int) -> tuple[str | None, str | None, str | None]:
    """(Barchasb name, e-mail, id as text) as far as the annotation states them."""
    name = annotation.get("annotator")
    name = name if isinstance(name, str) and name.strip() else None
    by = annotation.get("completed_by")
    email = user_id = None
    if isinstance(by, dict):
        email, user_id = by.get("email"), by.get("id")
        if not isinstance(email, str) or not email.strip():
            email = None
        if email is None and not _is_id(user_id):
            raise InputError("labelstudio.user_unnamed", path=path, line=line)
    elif _is_id(by):
        user_id = by
    elif isinstance(by, str) and by.strip():  # converters write the e-mail or the id as text
        text = by.strip()
        email, user_id = (None, text) if text.isascii() and text.isdecimal() else (text, None)
    elif by is not None:
        raise InputError("labelstudio.user_bad", path=path, line=line, value=f"{by!r:.60}")
    if email is None:
        email, user_id = _from_username(annotation.get("created_username"), user_id)
    return name, email, None if user_id is None else str(user_id)


def _is_id(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value >= 0


def _from_username(value: object, user_id: object) -> tuple[str | None, object]:
    """The e-mail and id in `created_username` ("First Last email, id"), when its id
    agrees with `completed_by` (or there is none)."""
    if not isinstance(value, str):
        return None, user_id
    head, comma, tail = value.rpartition(",")
    words = head.split()
    found_id = tail.strip()
    if (
        not comma
        or not found_id.isdecimal()
        or not found_id.isascii()
        or not words
        or "@" not in words[-1]
        or (user_id is not None and str(user_id) != found_id)
    ):
        return None, user_id
    return words[-1], int(found_id)
