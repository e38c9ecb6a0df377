"""Reading plain-text documents: encoding detection and refusal of non-text.

Accepted: UTF-8 (with or without BOM), UTF-16 with BOM, and Windows-1256,
the encoding of many older Persian files. Anything else is refused with a
one-line reason rather than imported as mojibake.
"""

from __future__ import annotations

import codecs
import os
import re
import stat
from dataclasses import dataclass, field
from pathlib import Path

from desktop.core.errors import InputError

MAX_BYTES = 256 * 1024 * 1024
_CONTROL = re.compile("[\x00-\x08\x0b\x0e-\x1f\x7f]")
_CONTROL_BYTES = bytes(range(0x09)) + b"\x0b" + bytes(range(0x0E, 0x20)) + b"\x7f"
_SAMPLE = 65536


@dataclass(frozen=True, slots=True)
class DecodedText:
    text: str  # verbatim, line endings as in the file
    encoding: str  # utf-8, utf-8-sig, utf-16-le, utf-16-be or cp1256
    # The file's bytes when they are exactly the text's UTF-8 (hashing them saves an encode).
    utf8: bytes | None = field(default=None, compare=False, repr=False)


def read_text_file(path: str | Path) -> DecodedText:
    name = str(path)
    try:
        # A descriptor, not a file object: imports read thousands of files, and `open(name, "rb")`
        # makes five more system calls a file (fstat for its buffer, isatty, two lseeks, and a
        # second read to find the end) plus its two objects, a tenth of a verbatim import's time.
        fd = os.open(name, _READ)  # (not inherited by child processes, as open() makes it)
        try:
            status = os.fstat(fd)
            if status.st_size > MAX_BYTES:
                raise InputError("text.too_large", path=name, size=status.st_size, limit=MAX_BYTES)
            data = _read_all(fd, status)
        finally:
            os.close(fd)
    except OSError as exc:
        raise InputError("text.unreadable", path=name, detail=str(exc.strerror or exc)) from exc
    return decode_bytes(data, name)


_READ = os.O_RDONLY | getattr(os, "O_BINARY", 0)  # (Windows: no newline translation)


def _read_all(fd: int, status: os.stat_result) -> bytes:
    """Every byte to the end, as `f.read()` returns them: one read when the file is no longer
    than `fstat` said (a regular file's read comes back short only at its end); a file that
    grew, a pipe or a device is read on until a read returns nothing."""
    data = os.read(fd, status.st_size + 1)
    if stat.S_ISREG(status.st_mode) and len(data) <= status.st_size:
        return data
    chunks = [data]
    while chunk := os.read(fd, _CHUNK):
        chunks.append(chunk)
    return b"".join(chunks)


_CHUNK = 1024 * 1024


def decode_bytes(data: bytes, name: str) -> DecodedText:
    """Decode a whole file, or raise `InputError` saying why it is not text."""
    decoded = _decode(data, name)
    if not decoded.text or decoded.text.isspace():  # (strip() would copy the file: 2-3 ms for 3.4 MB)
        raise InputError("text.empty", path=name)
    if _looks_binary(decoded.text, decoded.utf8):
        raise InputError("text.binary", path=name)
    return decoded


def _decode(data: bytes, name: str) -> DecodedText:
    if data.startswith(codecs.BOM_UTF8):
        return DecodedText(_strict(data[3:], "utf-8", name), "utf-8-sig")
    for bom, encoding in ((codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be")):
        if data.startswith(bom):
            return DecodedText(_strict(data[2:], encoding, name), encoding)
    if b"\x00" in data:
        raise InputError("text.nul_bytes", path=name)
    try:
        return DecodedText(data.decode("utf-8"), "utf-8", data)
    except UnicodeDecodeError as utf8_error:
        return DecodedText(_windows_1256(data, name, utf8_error), "cp1256")


def _strict(data: bytes, encoding: str, name: str) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n" if "8" in encoding else "\n".encode(encoding)) + 1
        raise InputError("text.invalid_encoding", path=name, line=line, encoding=encoding, byte=exc.start) from exc


def _windows_1256(data: bytes, name: str, utf8_error: UnicodeDecodeError) -> str:
    """Accept cp1256 only when the result reads as Persian/Arabic text."""
    line = data[: utf8_error.start].count(b"\n") + 1
    if _damaged_utf8(data):
        raise InputError("text.damaged_utf8", path=name, line=line, byte=utf8_error.start)
    try:
        text = data.decode("cp1256")
    except UnicodeDecodeError:
        text = ""
    letters = [c for c in text if c.isalpha()]
    arabic = sum(1 for c in letters if "\u0600" <= c <= "\u06ff")
    if letters and arabic / len(letters) >= 0.5:
        return text
    raise InputError("text.undecodable", path=name, line=line, byte=utf8_error.start)


def _damaged_utf8(data: bytes) -> bool:
    """UTF-8 but for a few bad bytes (a damaged copy), rather than Windows-1256: read
    as cp1256 it would pass for Persian, since UTF-8's Persian bytes are cp1256's
    Arabic letters. Real cp1256 Persian seldom forms a valid UTF-8 sequence."""
    text = data.decode("utf-8", errors="replace")
    bad = text.count("\ufffd")
    good = len(text) - len(text.encode("ascii", errors="ignore")) - bad
    return good > 4 * bad


def _looks_binary(text: str, utf8: bytes | None = None) -> bool:
    """Control characters other than tab/newline/CR/form feed betray binary data."""
    if utf8 is not None and len(utf8) <= _SAMPLE:
        # The whole text is the sample; in UTF-8 a control character is one byte that is
        # never part of another character, and bytes.translate counts them ten times faster.
        controls = len(utf8) - len(utf8.translate(None, _CONTROL_BYTES))
        return controls > max(2, len(text) // 1000)
    sample = text[:_SAMPLE]
    controls = len(_CONTROL.findall(sample))
    return "\x00" in text or controls > max(2, len(sample) // 1000)
