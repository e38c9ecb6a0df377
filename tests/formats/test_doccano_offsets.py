"""doccano's offsets count UTF-16 units (its web UI's JavaScript string indices):
reading and writing convert exactly, and doccano's own export keys are not metadata.

The fixture `tests/fixtures/doccano-1.8.4-export.jsonl` has the shape doccano
1.8.4's JSONL export of a sequence-labelling project writes (its
data_export pipeline: `id`, `text`, the document's metadata, `label`,
`Comments`, through pandas: compact, `/` escaped, `null` for metadata a
document lacks), with spans as drawn in its UI: UTF-16 offsets after an
emoji and a flag.
"""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from desktop.core.errors import InputError
from desktop.formats.doccano import read_doccano
from desktop.formats.doccano_write import DoccanoWriter
from desktop.formats.offsets import Utf16Map, astral_before
from desktop.formats.records import DocumentRecord, SpanRecord
from desktop.formats.writing import ExportItem, WriterOptions

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "doccano-1.8.4-export.jsonl"
DRAWN = [[("پاریس", "place"), ("۳ بهمن", "date")], [("تهران", "place"), ("ژاپن", "place")], [("مسکو", "place")]]


def words(record: DocumentRecord) -> list[tuple[str, str]]:
    return [(record.text[s.start : s.end], s.label) for s in record.spans]


def test_spans_drawn_in_doccanos_ui_land_on_the_words_they_were_drawn_on():
    records = list(read_doccano(FIXTURE.read_text(encoding="utf-8"), str(FIXTURE)))
    assert [words(r) for r in records] == DRAWN
    # Read as code points, the same file puts every span after the emoji one character late.
    late = list(read_doccano(FIXTURE.read_text(encoding="utf-8"), str(FIXTURE), offsets="codepoints"))
    assert words(late[0]) == [("اریس ", "place"), (" بهمن ", "date")]
    assert words(late[2]) == DRAWN[2]  # no emoji: both units agree


def test_doccanos_own_keys_are_not_document_metadata():
    records = list(read_doccano(FIXTURE.read_text(encoding="utf-8"), str(FIXTURE)))
    assert records[0].meta == {"name": "news-1.txt", "source": "https://example.ir/a"}
    # An empty Comments and the null pandas writes for a key the document lacks are dropped;
    # a comment someone wrote in doccano is kept.
    assert records[1].meta == {"name": "news-2.txt", "Comments": ["مرز بازهٔ ژاپن بررسی شود"]}
    assert records[2].meta == {"name": "news-3.txt"}


def test_a_utf16_offset_inside_a_surrogate_pair_names_file_and_line():
    good = json.dumps({"text": "پاریس", "label": [[0, 5, "place"]]})
    bad = json.dumps({"text": "😀 پاریس", "label": [[1, 8, "place"]]})
    with pytest.raises(InputError) as caught:
        list(read_doccano(f"{good}\n{bad}\n", "ui.jsonl"))
    message = str(caught.value)
    assert message.startswith("ui.jsonl:2: span [1, 8) place: UTF-16 offset 1 falls inside the surrogate pair of '😀'")
    assert "--offsets codepoints" in message


def test_the_text_ends_at_its_utf16_length_and_a_span_past_it_is_an_error_in_those_units():
    fits = json.dumps({"text": "😀 پاریس", "label": [[3, 8, "place"]]}, ensure_ascii=False)
    [record] = read_doccano(fits, "ui.jsonl")
    assert words(record) == [("پاریس", "place")]
    past = json.dumps({"text": "😀 پاریس", "label": [[3, 9, "place"]]}, ensure_ascii=False)
    with pytest.raises(
        InputError,
        match=r"^ui.jsonl:2: span \[3, 9\) place ends past the text "
        r"\(8 UTF-16 units\)$",
    ):
        list(read_doccano(fits + "\n" + past + "\n", "ui.jsonl"))


def write(record: DocumentRecord, offsets: str) -> dict:
    out = io.BytesIO()
    writer = DoccanoWriter(out, WriterOptions(offsets=offsets))
    writer.write(ExportItem(record))
    return json.loads(out.getvalue())


def test_writing_counts_the_unit_asked_for_and_reads_back_the_same_spans():
    text = "🇮🇷 تیم ملی ایران در تهران"
    start = text.index("تهران")
    record = DocumentRecord(
        text, [SpanRecord(start, start + 5, "place")], {"name": "a", "Comments": [], "source": None}, id=4
    )
    utf16 = write(record, "utf16")
    assert utf16 == {"id": 4, "text": text, "label": [[start + 2, start + 7, "place"]], "name": "a"}
    assert write(record, "codepoints")["label"] == [[start, start + 5, "place"]]
    for unit in ("utf16", "codepoints"):
        line = json.dumps(write(record, unit), ensure_ascii=False)
        [back] = read_doccano(line, "x.jsonl", offsets=unit)
        assert (back.spans, back.meta) == (record.spans, {"name": "a"})


@given(st.text(alphabet=st.sampled_from("ab پ\u200c😀🇮🇷𝔸\U0010fffd"), max_size=30))
def test_conversion_matches_javascript_string_indices(text):
    units = Utf16Map(text)
    assert units.length == len(text.encode("utf-16-le")) // 2
    for offset in range(len(text) + 1):
        js = len(text[:offset].encode("utf-16-le")) // 2  # what String.prototype.length says
        assert units.to_utf16(offset) == js
        assert units.from_utf16(js) == offset
        assert js - offset == astral_before(text, offset)


def test_a_label_with_a_line_break_is_refused_in_one_line_before_its_utf16_offsets_are_checked():
    # Found by the fuzz test: the surrogate-pair message named the raw label "\n" first.
    line = json.dumps({"text": "\U00010000", "label": [[0, 1, "\n"]]})
    with pytest.raises(InputError) as caught:
        list(read_doccano(line, "fuzz.jsonl"))
    message = str(caught.value)
    assert message.startswith("fuzz.jsonl:1:") and "\n" not in message
    assert "control characters" in message
