"""Token tags both ways: BIO (IOB2), BIOES (BILOU is read as BIOES) and IOB1.

Entities are `(token_start, token_end, label)` with `token_end` exclusive.
Decoding is strict: a sequence the scheme does not allow (an `I-` that
continues nothing in BIO, a `B-` never closed by `E-` in BIOES) raises
`TagError` with the index of the offending tag, so the reader can name the
line instead of guessing what the file meant.
"""

from __future__ import annotations

from desktop.core.reasons import Reason

SCHEMES = ("bio", "bioes", "iob1")
_PREFIXES = {"B": "B", "I": "I", "E": "E", "S": "S", "L": "E", "U": "S"}

Entity = tuple[int, int, str]


class TagError(ValueError):
    """A tag (at `index`) that breaks the scheme, and why (a code of desktop/core/reasons.py)."""

    def __init__(self, index: int, code: str, **params: object) -> None:
        self.why = Reason(code, params)
        super().__init__(str(self.why))
        self.index = index


def split_tag(tag: str, index: int = 0) -> tuple[str, str]:
    """`"B-PER"` -> `("B", "PER")`, `"O"` -> `("O", "")`; L/U read as E/S."""
    if tag == "O":
        return "O", ""
    prefix, dash, label = tag.partition("-")
    if not dash or not label or prefix.upper() not in _PREFIXES:
        raise TagError(index, "tags.not_a_tag", tag=tag)
    return _PREFIXES[prefix.upper()], label


def encode(length: int, entities: list[Entity], scheme: str = "bio") -> list[str]:
    """Tags for `length` tokens; entities must not overlap."""
    tags = ["O"] * length
    for start, end, label in entities:
        if scheme == "bioes" and end - start == 1:
            tags[start] = f"S-{label}"
            continue
        tags[start] = f"B-{label}"
        for i in range(start + 1, end):
            tags[i] = f"I-{label}"
        if scheme == "bioes":
            tags[end - 1] = f"E-{label}"
    return tags


def detect_scheme(tags: list[str]) -> str:
    """BIOES if any E-/S-/L-/U- tag; IOB1 if entities start with I- and B- only
    separates neighbours of one type; BIO otherwise."""
    parts = [split_tag(t, i) for i, t in enumerate(tags)]
    if any(p in ("E", "S") for p, _ in parts):
        return "bioes"
    starts_with_i = False
    for i, (prefix, label) in enumerate(parts):
        before = parts[i - 1] if i else ("O", "")
        if prefix == "I" and (before[0] == "O" or before[1] != label):
            starts_with_i = True
        if prefix == "B" and (before[0] == "O" or before[1] != label):
            return "bio"  # a B- after O or another type: IOB1 never does that
    return "iob1" if starts_with_i else "bio"


def decode(tags: list[str], scheme: str = "bio") -> list[Entity]:
    """The entities a tag sequence encodes; `TagError` if it breaks `scheme`."""
    if scheme not in SCHEMES:
        raise ValueError(f"unknown tag scheme {scheme!r}")
    entities: list[Entity] = []
    open_at: int | None = None
    open_label = ""
    for i, tag in enumerate(tags):
        prefix, label = split_tag(tag, i)
        continues = open_at is not None and open_label == label
        if scheme == "bioes" and open_at is not None and prefix in ("O", "B", "S"):
            raise TagError(i, "tags.not_closed_before", previous=tags[i - 1], label=open_label, tag=tag)
        if scheme != "bioes" and prefix in ("E", "S"):
            raise TagError(i, "tags.bioes_tag", tag=tag, scheme=scheme.upper())
        if prefix == "I" and not continues and scheme != "iob1":
            if not i:
                raise TagError(i, "tags.starts_inside", tag=tag, scheme=scheme.upper())
            raise TagError(i, "tags.continues_nothing", tag=tag, previous=tags[i - 1], scheme=scheme.upper())
        if prefix == "E" and not continues:
            raise TagError(i, "tags.closes_nothing", tag=tag, label=label)
        if open_at is not None and (prefix in ("O", "B", "S") or not continues):
            entities.append((open_at, i, open_label))
            open_at = None
        if prefix in ("B", "I") and open_at is None:
            open_at, open_label = i, label
        elif prefix == "S":
            entities.append((i, i + 1, label))
        elif prefix == "E" and open_at is not None:  # (an E that continues nothing was refused above)
            entities.append((open_at, i + 1, label))
            open_at = None
    if open_at is not None:
        if scheme == "bioes":
            raise TagError(len(tags) - 1, "tags.not_closed", tag=tags[-1], label=open_label)
        entities.append((open_at, len(tags), open_label))
    return entities
