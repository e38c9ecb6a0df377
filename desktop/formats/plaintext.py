"""Reading plain-text documents: encoding detection and refusal of non-text.

Accepted: UTF-8 (with or without BOM), UTF-16 with BOM, and Windows-1256,
the encoding of many older Persian files. Anything else is refused with a
one-line reason rather than imported as mojibake.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass
from pathlib import Path

from desktop.core.errors import InputError

MAX_BYTES = 256 * 1024 * 1024
_CONTROL = re.compile("[\x00-\x08\x0b\x0e-\x1f\x7f]")


@dataclass(frozen=True, slots=True)
class DecodedText:
    text: str        # verbatim, line endings as in the file
    encoding: str    # utf-8, utf-8-sig, utf-16-le, utf-16-be or cp1256


def read_text_file(path: str | Path) -> DecodedText:
    path = Path(path)
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise InputError(f"too large ({size} bytes; the limit is {MAX_BYTES})", path=str(path))
        data = path.read_bytes()
    except OSError as exc:
        raise InputError(f"cannot read: {exc.strerror or exc}", path=str(path)) from exc
    return decode_bytes(data, str(path))


def decode_bytes(data: bytes, name: str) -> DecodedText:
    """Decode a whole file, or raise `InputError` saying why it is not text."""
    decoded = _decode(data, name)
    if not decoded.text.strip():
        raise InputError("empty (no text to annotate)", path=name)
    if _looks_binary(decoded.text):
        raise InputError("binary data, not text", path=name)
    return decoded


def _decode(data: bytes, name: str) -> DecodedText:
    if data.startswith(codecs.BOM_UTF8):
        return DecodedText(_strict(data[3:], "utf-8", name), "utf-8-sig")
    for bom, encoding in ((codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be")):
        if data.startswith(bom):
            return DecodedText(_strict(data[2:], encoding, name), encoding)
    if b"\x00" in data:
        raise InputError("binary data, not text (contains NUL bytes)", path=name)
    try:
        return DecodedText(data.decode("utf-8"), "utf-8")
    except UnicodeDecodeError as utf8_error:
        return DecodedText(_windows_1256(data, name, utf8_error), "cp1256")


def _strict(data: bytes, encoding: str, name: str) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n" if "8" in encoding else "\n".encode(encoding)) + 1
        raise InputError(f"invalid {encoding} at byte {exc.start}", path=name, line=line) from exc


def _windows_1256(data: bytes, name: str, utf8_error: UnicodeDecodeError) -> str:
    """Accept cp1256 only when the result reads as Persian/Arabic text."""
    try:
        text = data.decode("cp1256")
    except UnicodeDecodeError:
        text = ""
    letters = [c for c in text if c.isalpha()]
    arabic = sum(1 for c in letters if "\u0600" <= c <= "\u06ff")
    if letters and arabic / len(letters) >= 0.5:
        return text
    line = data[: utf8_error.start].count(b"\n") + 1
    raise InputError(
        f"undecodable: not UTF-8 (byte {utf8_error.start}), UTF-16 with BOM or Windows-1256 Persian",
        path=name, line=line,
    )


def _looks_binary(text: str) -> bool:
    """Control characters other than tab/newline/CR/form feed betray binary data."""
    sample = text[:65536]
    controls = len(_CONTROL.findall(sample))
    return "\x00" in text or controls > max(2, len(sample) // 1000)
