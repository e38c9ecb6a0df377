"""brat standoff: reference documents import exactly, exports read back to the same bytes.

Sources read (not copied): brat's format page `standoff.html` (gh-pages branch of
github.com/nlplab/brat) for the line shapes and its examples (Sony/Ericsson with an
event and a relation; the IBM `Equiv`; `Negation`/`Confidence` attributes; the Obama
`Reference` normalisation; the `AnnotatorNotes` note; the North/South America
discontinuous span), and `server/src/annotation.py` (master) for how brat parses
them: the text after a T line's offsets must be the span's text, a relation has
exactly two arguments, offsets slice the Python string of the `.txt` (code points).
tests/fixtures/brat/standoff/ holds those examples written out by hand;
tests/fixtures/brat/news/ two Persian news documents in the same format.
"""

from __future__ import annotations

from io import BytesIO
from pathlib import Path
from typing import BinaryIO

import pytest

from desktop.core.attributes import AttributeField
from desktop.core.errors import InputError
from desktop.formats.brat import read_brat, read_brat_folder
from desktop.formats.brat_write import BratWriter, brat_files
from desktop.formats.offsets import Utf16Map
from desktop.formats.records import EntityRecord, RelationRecord
from desktop.formats.writing import ExportItem, WriterOptions

FIXTURES = Path(__file__).parent.parent / "fixtures" / "brat"


def read_pair(folder: str, stem: str, report: list[str] | None = None):
    base = FIXTURES / folder / stem
    text = (base.with_suffix(".txt")).read_text(encoding="utf-8")
    ann = (base.with_suffix(".ann")).read_text(encoding="utf-8")
    return read_brat(text, ann, path=f"{stem}.ann", name=f"{stem}.txt", report=report)


def spans(doc) -> list[tuple]:
    return [(s.start, s.end, s.label, doc.text[s.start : s.end]) for s in doc.spans]


def test_the_standoff_page_example_imports_its_entities_and_relation_and_reports_the_event():
    report: list[str] = []
    doc = read_pair("standoff", "sony", report)
    assert spans(doc) == [
        (0, 4, "Organization", "Sony"),
        (14, 27, "MERGE-ORG", "joint venture"),  # the trigger is a text-bound annotation: kept
        (33, 41, "Organization", "Ericsson"),
        (75, 81, "Country", "Sweden"),
    ]
    assert doc.relations == [RelationRecord(2, 3, "Origin")]  # Arg1:T3 → head, Arg2:T4 → tail
    assert report == ["sony.ann:4: E1: events are not supported; left out"]


def test_equiv_makes_one_entity_of_its_mentions():
    doc = read_pair("standoff", "ibm")
    [entity] = doc.entities
    assert (entity.name, entity.type, entity.external_id) == (
        "International Business Machines Corporation",
        "Organization",
        "",
    )
    assert entity.aliases == ("IBM", "Big Blue")
    assert [s.entity for s in doc.spans] == [entity.id] * 3


def test_attributes_normalisation_and_notes_land_on_their_spans():
    obama, sweden = read_pair("standoff", "obama").spans
    assert obama.attributes == {"Confidence": "L1"} and sweden.attributes == {"Negation": True}
    assert obama.note == "this annotation is suspect"
    [entity] = read_pair("standoff", "obama").entities
    assert entity == EntityRecord(entity.id, "Barack Obama", "Person", (), "Wikipedia:534366")
    assert obama.entity == entity.id


def test_persian_news_imports_exactly_with_code_point_offsets():
    doc = read_pair("news", "news1")
    assert doc.text.startswith("🇮🇷 ")  # two characters outside the BMP before every span
    assert spans(doc) == [
        (3, 8, "place", "تهران"),
        (11, 25, "official", "اسحاق جهانگیری"),
        (27, 47, "title", "معاون اول رئیس\u200cجمهور"),
        (53, 65, "date", "۲۱ آبان ۱۴۰۴"),
        (66, 74, "agreement", "قراردادی"),
        (83, 99, "figure", "۱٫۸ میلیارد دلار"),
        (108, 113, "organization", "توتال"),
    ]
    assert Utf16Map(doc.text).to_utf16(3) == 5  # what a UTF-16 reader would have said instead
    assert [(r.head, r.tail, r.type) for r in doc.relations] == [
        (1, 2, "holds"),
        (1, 4, "party_to"),
        (3, 4, "date_of"),
        (5, 4, "amount_of"),
        (6, 4, "party_to"),
    ]
    assert [s.attributes for s in doc.spans] == [
        {},
        {"confirmed": True},
        {},
        {},
        {"status": "signed"},
        {"currency": "USD"},
        {},
    ]
    assert doc.spans[2].note == "عنوان رسمی در روز خبر"
    assert doc.entities == [EntityRecord(1, "اسحاق جهانگیری", "official", (), "fawiki:اسحاق_جهانگیری")]


def test_a_hand_written_file_in_the_writers_order_is_written_back_byte_for_byte():
    doc = read_pair("news", "news1")
    txt, ann = brat_files(doc)
    assert txt.encode() == (FIXTURES / "news" / "news1.txt").read_bytes()
    assert ann.encode() == (FIXTURES / "news" / "news1.ann").read_bytes()


def test_a_collection_shares_entities_across_documents_and_reports_what_it_leaves_out():
    report: list[str] = []
    docs = {d.name: d for d in read_brat_folder(FIXTURES / "news", report=report)}
    first, second = docs["news1.txt"], docs["news2.txt"]
    assert first.entities[0].id == second.entities[0].id  # the same fawiki entry: one entity
    assert second.entities[0].aliases == ("جهانگیری", "معاون اول")  # its mentions here
    # `*\tEquiv T1 T4`: «معاون اول» is a mention of the entity T1 is normalised to
    assert [s.entity for s in second.spans if s.entity] == [second.entities[0].id] * 2
    assert spans(second)[4:] == [(87, 90, "Travel", "سفر"), (94, 98, "place", "باکو")]
    news2 = str(FIXTURES / "news" / "news2.ann")
    assert report == [
        f"{news2}:9: E1: events are not supported; left out",
        f"{news2}:10: A1: an attribute of E1 left out",
    ]


class Folder:
    """The writer's files, kept in memory."""

    def __init__(self) -> None:
        self.files: dict[str, BytesIO] = {}

    def open(self, name: str) -> BinaryIO:
        self.files[name] = BytesIO()
        return self.files[name]

    def bytes(self) -> dict[str, bytes]:
        return {name: f.getvalue() for name, f in self.files.items()}


def write_folder(docs) -> Folder:
    folder = Folder()
    writer = BratWriter(folder.open, WriterOptions())
    for doc in docs:
        writer.write(ExportItem(doc))
    writer.close()
    return folder


def test_export_then_import_then_export_gives_the_same_bytes(tmp_path):
    docs = read_brat_folder(FIXTURES, report=[])
    first = write_folder(docs).bytes()
    for name, data in first.items():
        (tmp_path / name).write_bytes(data)
    again = write_folder(read_brat_folder(tmp_path)).bytes()
    assert again == first
    assert sorted(first) == sorted(
        # one folder: a subfolder's name joins the file name
        [
            f"{stem}.{ext}"
            for stem in ("news_news1", "news_news2", "standoff_ibm", "standoff_obama", "standoff_sony")
            for ext in ("txt", "ann")
        ]
        + ["annotation.conf"]
    )
    # A project entity without an external id goes out as `Barchasb:ID` and keeps its id.
    assert b"N1\tReference T1 Barchasb:" in first["standoff_ibm.ann"]
    conf = first["annotation.conf"].decode()
    assert "holds\tArg1:official, Arg2:title\n" in conf and "status\tArg:agreement, Value:signed\n" in conf


def test_scheme_fields_type_attribute_values_and_refuse_wrong_ones():
    text = "قرارداد ۱٫۸ میلیارد دلاری امضا شد.\n"
    ann = "T1\tfigure 8 19\t۱٫۸ میلیارد\nA1\tamount T1 1800000000.0\n"
    fields = {"figure.amount": AttributeField("figure", "amount", "number")}
    doc = read_brat(text, ann, path="x.ann", fields=fields)
    assert doc.spans[0].attributes == {"amount": 1800000000.0}
    assert brat_files(doc)[1] == ann
    with pytest.raises(InputError, match=r"^x\.ann:2: A1: attribute amount: 'many' is not a number value"):
        read_brat(text, ann.replace("1800000000.0", "many"), path="x.ann", fields=fields)
    with pytest.raises(InputError, match=r"^x\.ann:1: attribute figure\.amount: '1' is not a number value"):
        read_brat(text, ann.replace("1800000000.0", '"1"'), path="x.ann", fields=fields)


NA = "North and South America\n"


@pytest.mark.parametrize(
    "ann, line, words",
    [
        ("T1\tLocation 0 5;16 23\tNorth America\n", 1, "T1: discontinuous span (0 5;16 23)"),
        ("T1\tLocation 10 23\tSouth America\nR1\tPart-of Arg1:T1 Arg2:T9\n", 2, "R1: refers to T9"),
        ("T1\tLocation 10 23\tSouth America\nR1\tPart-of Arg1:T1\n", 2, "R1: a relation needs TYPE ROLE:ID ROLE:ID"),
        ("T1 Location 10 23 South America\n", 1, "not a brat annotation line"),
        ("T1\tLocation 10 23\tSouth Africa\n", 1, "does not match 'South America'"),
        ("T1\tLocation 10 99\tSouth America\n", 1, "ends past the text"),
        ("T1\tLocation 10 x\tSouth America\n", 1, "expected TYPE START END"),
        ("T1\tLocation 10 23\tSouth America\nT1\tLocation 0 5\tNorth\n", 2, "the id is used twice"),
        ("T1\tLocation 10 23\tSouth America\nA1\tBig T1\nA2\tBig T1\n", 3, "T1 has attribute Big twice"),
        ("T1\tLocation 10 23\tSouth America\nN1\tReference T1 534366\n", 2, "RESOURCE:ENTRY"),
        ("T1\tLocation 10 23\tSouth America\nX1\tSomething T1\n", 2, "not a brat annotation line"),
    ],
)
def test_bad_annotation_lines_name_file_and_line_and_nothing_is_read(tmp_path, ann, line, words):
    (tmp_path / "good.txt").write_text(NA, encoding="utf-8")
    (tmp_path / "good.ann").write_text("T1\tLocation 0 5\tNorth\n", encoding="utf-8")
    (tmp_path / "na.txt").write_text(NA, encoding="utf-8")
    (tmp_path / "na.ann").write_text(ann, encoding="utf-8")
    with pytest.raises(InputError) as info:
        read_brat_folder(tmp_path)  # all or nothing: the good document does not come alone
    assert (info.value.path, info.value.line) == (str(tmp_path / "na.ann"), line)
    assert words in str(info.value)


def test_windows_line_endings_are_characters_and_the_error_says_so():
    text = "line one\r\nSweden\n"
    assert spans(read_brat(text, "T1\tCountry 10 16\tSweden\n", path="w.ann")) == [(10, 16, "Country", "Sweden")]
    with pytest.raises(InputError, match="Windows line endings"):
        read_brat(text, "T1\tCountry 9 15\tSweden\n", path="w.ann")


def test_a_multi_line_note_is_several_brat_notes_and_reads_back_whole():
    doc = read_brat(NA, "T1\tLocation 10 23\tSouth America\n", path="n.ann")
    doc.spans[0] = type(doc.spans[0])(10, 23, "Location", note="first line\nsecond line")
    ann = brat_files(doc)[1]
    assert ann.endswith("#1\tAnnotatorNotes T1\tfirst line\n#2\tAnnotatorNotes T1\tsecond line\n")
    assert read_brat(NA, ann, path="n.ann").spans[0].note == "first line\nsecond line"
