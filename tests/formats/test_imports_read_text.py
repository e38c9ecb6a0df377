"""read_text_file reads a file through its descriptor: one read for a regular file, every byte
whatever the size `fstat` gave (a file that grew or shrank since, a pipe), the same refusals."""

from __future__ import annotations

import os
import threading

import pytest

from desktop.core.errors import InputError
from desktop.formats import plaintext
from desktop.formats.plaintext import read_text_file

TEXT = "خبر\r\nسطر دوم با ZWNJ: می‌رود و ۱۲ و 34 و ٥٦\n" * 40


def test_a_regular_file_is_read_whole_with_one_read(tmp_path, monkeypatch):
    path = tmp_path / "a.txt"
    path.write_bytes(TEXT.encode("utf-8"))
    reads = []
    real = os.read
    monkeypatch.setattr(plaintext.os, "read", lambda fd, n: reads.append(n) or real(fd, n))
    decoded = read_text_file(path)
    assert (decoded.text, decoded.encoding, decoded.utf8) == (TEXT, "utf-8", TEXT.encode("utf-8"))
    assert reads == [len(TEXT.encode("utf-8")) + 1]  # (open() made two reads, and five more system calls)


@pytest.mark.parametrize("difference", [-100, -1, 1, 5000])
def test_every_byte_is_read_when_the_file_is_not_the_size_fstat_said(tmp_path, monkeypatch, difference):
    path = tmp_path / "a.txt"
    data = ("\ufeff" + TEXT).encode("utf-8")
    path.write_bytes(data)
    real = os.fstat

    def fstat(fd):
        status = list(real(fd))
        status[6] = max(0, status[6] + difference)  # st_size: the file grew (-) or shrank (+) since
        return os.stat_result(status)

    monkeypatch.setattr(plaintext.os, "fstat", fstat)
    decoded = read_text_file(path)
    assert (decoded.text, decoded.encoding) == (TEXT, "utf-8-sig")


def test_a_pipe_is_read_to_its_end(tmp_path):
    reading, writing = os.pipe()
    data = TEXT.encode("utf-8") * 100  # more than a pipe holds: written while it is read

    def write():
        with os.fdopen(writing, "wb") as f:
            f.write(data)

    writer = threading.Thread(target=write)
    writer.start()
    try:
        decoded = read_text_file(f"/dev/fd/{reading}")
    finally:
        writer.join()
        os.close(reading)
    assert decoded.text == TEXT * 100


def test_refusals_are_the_same(tmp_path, monkeypatch):
    with pytest.raises(InputError, match="missing.txt: cannot read") as missing:
        read_text_file(tmp_path / "missing.txt")
    assert "No such file" in str(missing.value)
    with pytest.raises(InputError, match="cannot read") as folder:
        read_text_file(tmp_path)
    assert "Is a directory" in str(folder.value)
    big = tmp_path / "big.txt"
    big.write_bytes(TEXT.encode("utf-8"))
    monkeypatch.setattr(plaintext, "MAX_BYTES", 100)
    with pytest.raises(InputError, match="big.txt"):
        read_text_file(big)
