"""The runs of files a large import hands its workers: every file once, in order, small at both ends."""

from __future__ import annotations

from desktop.workspace.imports import workers
from desktop.workspace.imports.workers import CHUNK_BYTES, FIRST_CHUNK_BYTES


def _files(tmp_path, count: int, size: int) -> list[tuple[str, str]]:
    files = []
    for index in range(count):
        path = tmp_path / f"{index:04d}.txt"
        path.write_bytes(b"x" * size)
        files.append((str(path), path.name))
    return files


def test_chunks_keep_every_file_in_order_small_first_and_last(tmp_path):
    files = _files(tmp_path, 400, 8 * 1024)  # 3.2 MB
    chunks = list(workers._chunks(files, 2))
    assert [item for chunk in chunks for item in chunk] == files
    sizes = [8 * 1024 * len(chunk) for chunk in chunks]
    assert sizes[:2] == [FIRST_CHUNK_BYTES, FIRST_CHUNK_BYTES]  # each worker's first files come back soon
    assert max(sizes) == CHUNK_BYTES
    assert sizes[-2] < CHUNK_BYTES and sizes[-1] <= FIRST_CHUNK_BYTES  # the last jobs end together


def test_a_missing_file_still_gets_its_place(tmp_path):
    files = [*_files(tmp_path, 3, 100), (str(tmp_path / "gone.txt"), "gone.txt")]
    assert [item for chunk in workers._chunks(files, 2) for item in chunk] == files
