import codecs

import pytest

from desktop.core.errors import InputError
from desktop.formats.plaintext import decode_bytes, read_text_file

PERSIAN = "استاندار آذربایجان شرقی گفت: ۵۰ درصد\nخط دوم"
# Windows-1256 has Arabic yeh (ي) and ASCII digits, as old Persian files do.
CP1256_TEXT = PERSIAN.replace("ی", "ي").replace("۵۰", "50")


@pytest.mark.parametrize(
    "data, encoding",
    [
        (PERSIAN.encode("utf-8"), "utf-8"),
        (codecs.BOM_UTF8 + PERSIAN.encode("utf-8"), "utf-8-sig"),
        (codecs.BOM_UTF16_LE + PERSIAN.encode("utf-16-le"), "utf-16-le"),
        (codecs.BOM_UTF16_BE + PERSIAN.encode("utf-16-be"), "utf-16-be"),
        (CP1256_TEXT.encode("cp1256"), "cp1256"),
    ],
)
def test_encodings_are_detected_and_reported(data, encoding):
    decoded = decode_bytes(data, "doc.txt")
    assert decoded.encoding == encoding
    expected = CP1256_TEXT if encoding == "cp1256" else PERSIAN
    assert decoded.text == expected


def test_crlf_is_kept_verbatim_in_the_raw_text():
    assert decode_bytes("یک\r\nدو".encode(), "a.txt").text == "یک\r\nدو"


@pytest.mark.parametrize(
    "data, reason",
    [
        (b"", "empty"),
        (b"  \n\t\r\n ", "empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary"),
        (bytes(range(1, 32)) * 20, "binary"),
        (b"caf\xe9 latin-1 text, not Persian \xe9\xe8", "undecodable"),
        (codecs.BOM_UTF8 + b"ok \xff\xfe broken", "invalid utf-8"),
    ],
)
def test_unusable_files_are_refused_with_a_reason_naming_the_file(data, reason):
    with pytest.raises(InputError) as info:
        decode_bytes(data, "/x/bad.txt")
    message = str(info.value)
    assert message.startswith("/x/bad.txt")
    assert reason in message


def test_read_text_file_names_a_missing_file(tmp_path):
    with pytest.raises(InputError, match="missing.txt: cannot read"):
        read_text_file(tmp_path / "missing.txt")


def test_undecodable_reports_the_line(tmp_path):
    path = tmp_path / "l.txt"
    path.write_bytes(b"line one\nline two \xe9\xe9 here\n")
    with pytest.raises(InputError, match=r"l.txt:2: undecodable"):
        read_text_file(path)
