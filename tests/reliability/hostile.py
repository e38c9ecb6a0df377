"""Hypothesis strategies for hostile input files, one family per format.

Each format gets records of its own shape whose every field may be swapped
for something hostile (a number where a string belongs, a negative or huge
offset, HTML or SQL in a label, a NUL, a lone surrogate escape), serialised
in one of the shapes the reader accepts, and then maybe damaged at the byte
level (truncated, a NUL or an invalid UTF-8 byte spliced in, a BOM, CRLF).
"""

from __future__ import annotations

import codecs
import json

from hypothesis import strategies as st

HOSTILE_STRINGS = [
    "",
    " ",
    "<b>bold</b>",
    "<script>alert(1)</script>",
    "'; DROP TABLE spans; --",
    "Robert'); DELETE FROM documents; --",
    "\x00",
    "a\x00b",
    "\u202eevil",
    "\ufeff",
    "\u200c",
    "B-",
    "I-",
    "O",
    "-DOCSTART-",
    "\n",
    "\r\n",
    "a\tb",
    "%s%n",
    "{}",
    "[]",
    "😀",
    "ی",
    "ك",
    "\x1b[31mred",
    "null",
    "NaN",
    "1e999",
    "place",
    "PER",
    "B-PER",
    "I-PER",
    "x\ue000",
]
BROKEN = "\ue000"  # serialised as half a surrogate pair (a broken escape) in JSON files
KEYS = [
    "text",
    "spans",
    "meta",
    "name",
    "label",
    "labels",
    "entities",
    "data",
    "annotations",
    "completions",
    "predictions",
    "result",
    "value",
    "start",
    "end",
    "start_offset",
    "end_offset",
    "annotator",
    "origin",
    "tokens",
    "was_cancelled",
    "completed_by",
    "id",
    "ws",
    "type",
    "from_name",
    "relations",
    "email",
]
PRINTABLE = st.characters(blacklist_categories=("Cs", "Cc"))
LABELS = st.sampled_from([0, 0, 0, 0, 1, 2]).flatmap(
    lambda kind: [
        st.sampled_from(["place", "figure", "date", "PER", "ORG", "law", "x.y-z_1"]),
        st.sampled_from(HOSTILE_STRINGS),
        st.text(max_size=8),
    ][kind]
)
TEXTS = st.one_of(
    st.text(PRINTABLE, min_size=1, max_size=40),
    st.text(min_size=1, max_size=20),
    st.sampled_from(["علی به تهران رفت.", "😀 سلام\u200cها", "a\u0000b", "<b>x</b>", f"ab{BROKEN}c"]),
)

scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**70), max_value=2**70),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=12),
    st.sampled_from(HOSTILE_STRINGS),
)
json_values = st.recursive(
    scalars,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4),
        st.dictionaries(st.one_of(st.sampled_from(KEYS), st.text(max_size=4)), inner, max_size=4),
    ),
    max_leaves=12,
)


def chance(k: int):
    """True one time in `k`: a fair die (integers() favours the ends of its range)."""
    return st.sampled_from([True] + [False] * (k - 1))


def maybe(strategy, hostile=json_values, weight: int = 8, wild: bool = True):
    """In a wild file, usually `strategy` and now and then anything at all
    (1 in `weight`); in a tame one, always `strategy`."""
    if not wild:
        return strategy
    # (not one_of: it picks among distinct strategies evenly, whatever the repeats)
    return st.sampled_from([False] * (weight - 1) + [True]).flatmap(lambda go_wild: hostile if go_wild else strategy)


@st.composite
def offset_pair(draw, length: int):
    """Offsets near the text (in, on the edges, just past), and sometimes absurd ones."""
    start = draw(st.integers(min_value=-2, max_value=length + 2))
    end = draw(st.integers(min_value=start - 1, max_value=length + 3))
    absurd = st.sampled_from([-1, -(2**63), 2**63, 2**64 + 1, 10**30, 1.0, 2.5, "3", None, True, float("nan")])
    return (draw(maybe(st.just(start), absurd, weight=20)), draw(maybe(st.just(end), absurd, weight=20)))


@st.composite
def native_record(draw, wild: bool):
    text = draw(TEXTS)
    spans = []
    for _ in range(draw(st.integers(0, 3))):
        start, end = draw(offset_pair(len(text)))
        span = {"start": start, "end": end, "label": draw(maybe(LABELS, wild=wild))}
        if draw(chance(2)):
            names = st.sampled_from(["sara", "<i>x</i>", "a'b", f"s{BROKEN}"])
            span["annotator"] = draw(maybe(names, wild=wild))
        if draw(chance(2)) and isinstance(start, int) and isinstance(end, int):
            span["text"] = text[start:end] if draw(chance(2)) else "wrong"
        spans.append(draw(maybe(st.just(span), wild=wild)))
    record = {"text": draw(maybe(st.just(text), wild=wild)), "spans": draw(maybe(st.just(spans), wild=wild))}
    if draw(chance(2)):
        record["meta"] = draw(
            maybe(st.dictionaries(st.sampled_from(["name", "source"]), scalars, max_size=2), wild=wild)
        )
    return draw(maybe(st.just(record), weight=30, wild=wild))


@st.composite
def doccano_record(draw, wild: bool):
    text = draw(TEXTS)
    entries = []
    for _ in range(draw(st.integers(0, 3))):
        start, end = draw(offset_pair(len(text)))
        label = draw(maybe(LABELS, wild=wild))
        entries.append(
            draw(
                st.sampled_from(
                    [
                        [start, end, label],
                        [start, end, label],
                        [start, end, label],
                        {"start_offset": start, "end_offset": end, "label": label},
                        {"start_offset": start, "end_offset": end, "label": label},
                        [start, end],
                        [start, end, label, "extra"],
                    ]
                )
            )
        )
    key = draw(st.sampled_from(["label", "labels", "entities"]))
    record = {"text": draw(maybe(st.just(text), wild=wild)), key: draw(maybe(st.just(entries), wild=wild))}
    if draw(chance(2)):
        record[draw(st.sampled_from(["name", "source", "id"]))] = draw(scalars)
    return draw(maybe(st.just(record), weight=30, wild=wild))


@st.composite
def label_studio_task(draw, wild: bool):
    text = draw(TEXTS)
    annotations = []
    for _ in range(draw(st.integers(0, 2))):
        result = []
        for _ in range(draw(st.integers(0, 3))):
            start, end = draw(offset_pair(len(text)))
            value = {
                "start": start,
                "end": end,
                "labels": draw(maybe(st.lists(LABELS, min_size=0, max_size=2), wild=wild)),
            }
            if draw(chance(2)):
                value["text"] = draw(maybe(st.just(text[:3]), wild=wild))
            result.append(draw(maybe(st.just({"value": value, "type": "labels"}), wild=wild)))
        annotation = {"result": draw(maybe(st.just(result), wild=wild))}
        if draw(chance(2)):
            annotation["completed_by"] = draw(maybe(st.just({"email": "a@b.c"}), wild=wild))
        if draw(chance(2)):
            annotation["was_cancelled"] = draw(st.booleans())
        annotations.append(draw(maybe(st.just(annotation), wild=wild)))
    data = {"text": draw(maybe(st.just(text), wild=wild))}
    if draw(chance(2)):
        data["name"] = draw(scalars)
    key = draw(st.sampled_from(["annotations", "completions"]))
    task = {"data": draw(maybe(st.just(data), wild=wild)), key: draw(maybe(st.just(annotations), wild=wild))}
    return draw(maybe(st.just(task), weight=30, wild=wild))


RECORDS = {"jsonl": native_record, "doccano": doccano_record, "label-studio": label_studio_task}


@st.composite
def json_file(draw, fmt: str) -> bytes:
    wild = draw(chance(3))  # a third of the files: any field may be anything
    records = draw(st.lists(RECORDS[fmt](wild), min_size=0 if wild else 1, max_size=4))
    ascii_ = draw(st.booleans())
    shape = draw(st.sampled_from(["lines", "lines", "array", "pretty", "single"]))
    dump = lambda r: json.dumps(r, ensure_ascii=ascii_)  # noqa: E731
    if shape == "lines":
        text = "\n".join(map(dump, records)) + draw(st.sampled_from(["", "\n", "\n\n"]))
    elif shape == "array":
        text = "[" + ",\n".join(map(dump, records)) + "]"
    elif shape == "pretty":
        text = json.dumps(records, ensure_ascii=ascii_, indent=2)
    else:
        text = dump(records[0] if records else {})
    half = draw(st.sampled_from(["\\ud800", "\\udfff", "\\uD83D"]))
    if draw(chance(2)):  # inside strings (else the character stays as it is)
        text = text.replace("\\ue000", half).replace(BROKEN, half)
    if draw(chance(10)):  # and anywhere
        at = draw(st.integers(0, len(text)))
        text = text[:at] + half + text[at:]
    if draw(chance(20)):  # nesting deeper than the parser's stack
        depth = draw(st.sampled_from([990, 1200, 5000]))
        text = '{"text": "x", "meta": {"a": ' + "[" * depth + "]" * depth + "}}\n" + text
    return draw(damaged(text.encode("utf-8")))


HOSTILE_TAGS = st.one_of(
    st.sampled_from(
        ["B-", "I-", "X", "b-per", "B-<b>x</b>", "B-';DROP", "I-LOC\t", "E-PER", "L-LOC", "U-LOC", "S-PER", "B-\u202e"]
    ),
    st.text(min_size=1, max_size=6),
)
TOKENS = st.one_of(
    st.sampled_from(["علی", "تهران", "😀", "x", "،", "۱۲", "می\u200cرود"]),
    st.text(PRINTABLE, min_size=1, max_size=6).filter(lambda t: not t.isspace()),
)


@st.composite
def conll_sentence(draw, sep: str) -> list[str]:
    """Tokens with BIO tags that are mostly valid, now and then not."""
    lines = []
    open_type = None
    for _ in range(draw(st.integers(1, 8))):
        token = draw(TOKENS).replace("\n", "").replace("\r", "") or "x"
        choice = draw(st.sampled_from(range(10)))
        if choice < 4:
            tag, open_type = "O", None
        elif choice < 7:
            open_type = draw(st.sampled_from(["PER", "LOC", "ORG"]))
            tag = f"B-{open_type}"
        elif choice < 9 and open_type:
            tag = f"I-{open_type}"
        else:
            tag = draw(HOSTILE_TAGS)
        if draw(chance(20)):
            sep = draw(st.sampled_from(["\t", " ", "  ", "\t_\t"]))  # a stray separator
        lines.append(f"{token}{sep}{tag}")
    return lines


@st.composite
def conll_file(draw) -> bytes:
    lines = []
    sep = draw(st.sampled_from(["\t", " ", "\t_\t"]))
    for _ in range(draw(st.integers(0, 5))):
        if draw(chance(10)):
            lines.append(draw(st.sampled_from(["-DOCSTART-\tO", "-DOCSTART- -X- O O", "-DOCSTART-\tO", "junk"])))
        lines.extend(draw(conll_sentence(sep)))
        lines.append("")
    text = draw(st.sampled_from(["\n", "\r\n"])).join(lines)
    return draw(damaged(text.encode("utf-8")))


@st.composite
def text_file(draw) -> bytes:
    text = draw(
        st.one_of(st.text(PRINTABLE, max_size=60), st.text(max_size=60), TEXTS, st.sampled_from(HOSTILE_STRINGS))
    )
    encoding = draw(st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "cp1256", "raw"]))
    if encoding == "raw":
        return draw(st.binary(max_size=80))
    data = text.encode(encoding, errors="replace")
    return draw(damaged(data))


@st.composite
def damaged(draw, data: bytes) -> bytes:
    """The bytes as they are, or damaged the way files get damaged."""
    kind = draw(st.sampled_from(range(16)))
    if kind == 0 and data:  # truncated (a copy cut short, a full disk)
        return data[: draw(st.integers(0, len(data) - 1))]
    if kind == 1:  # a NUL or a byte that is never UTF-8, spliced in
        at = draw(st.integers(0, len(data)))
        junk = draw(st.sampled_from([b"\x00", b"\xff", b"\xc3", b"\xed\xa0\x80", b"\x1b"]))
        return data[:at] + junk + data[at:]
    if kind == 2:
        return draw(st.sampled_from([codecs.BOM_UTF8, codecs.BOM_UTF16_LE])) + data
    if kind == 3:
        return data.replace(b"\n", b"\r\n")
    return data
