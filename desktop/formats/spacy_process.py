"""A forked process that turns full DocBins into their compressed bytes (spacy_shards.py).

The exporting process fills a shard's columns (`DocBinBytes.add`: code points, token edges,
entity ranges, user data) and hands them over; this process cuts and looks up the pieces'
strings, builds the message and compresses it (~0.8 s and ~0.8 s of CPU per 10,000 documents)
on the other core, where a thread of the exporting process held the GIL half of that time.
The shard's raw columns go through a file in a folder of its own and the pipe carries only
the shard's number: a pipe holds 64 KB, and a transfer in pieces waits for the other side's
GIL once per piece. The bytes come back the same way, and the exporting process writes them
to the shard's file, so the export's atomic files are all that is ever written.

Started only by fork, and only where forking is safe: on Linux, in a process with no other
thread (a thread holding a lock at the fork would leave it held in the child). Elsewhere (the
window's export task runs in a thread) the writer compresses in a thread, as before (`usable`).
It is forked when the writer is made, before the exporting process has imported spaCy: this
process makes the lexicon while the exporting process reads and fills the first shards. For
the spaCy version whose answers spacy_vocab.py keeps, it needs no spaCy at all; for another it
imports spaCy (~0.4-1 s of CPU in a fresh interpreter), off the exporting process's path (a
template that comes with a lexicon keeps it).
"""

from __future__ import annotations

import gc
import multiprocessing
import pickle
import shutil
import signal
import sys
import tempfile
import threading
import traceback
import types
import weakref
from itertools import accumulate, pairwise
from multiprocessing.connection import Connection
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from desktop.formats.spacy_bytes import DocBinBytes
    from desktop.formats.spacy_lexicon import Lexicon


def usable() -> bool:
    """Whether a shard process may be forked here and now: on Linux, from the main thread, with no
    other Python thread. The main thread matters on its own: the window exports on a QThread, which
    `active_count` does not count, while the window's main thread goes on (a fork then copies a
    process whose other threads may hold locks the child would wait on for ever)."""
    return (
        sys.platform.startswith("linux")
        and threading.current_thread() is threading.main_thread()
        and threading.active_count() == 1
    )


class ShardProcess:
    """`send` a full DocBin (its number, its columns), `receive` the next one's bytes, in order."""

    def __init__(self, template: DocBinBytes) -> None:
        self.folder = Path(tempfile.mkdtemp(prefix="barchasb-spacy-"))
        context = multiprocessing.get_context("fork")
        ours, theirs = context.Pipe()
        self.process = context.Process(
            target=_serve, args=(theirs, ours, self.folder, template), name="spacy-shards", daemon=True
        )
        ctrl_c = signal.getsignal(signal.SIGINT)  # None: a handler not set from Python, left alone
        if ctrl_c is not None:  # the child starts with Ctrl-C ignored, from its first instruction
            signal.signal(signal.SIGINT, signal.SIG_IGN)
        try:
            self.process.start()
        finally:
            if ctrl_c is not None:
                signal.signal(signal.SIGINT, ctrl_c)
        theirs.close()
        self.conn = ours
        self.sent: list[int] = []  # shards sent and not yet received
        self._stop = weakref.finalize(self, _stop, self.process, ours, self.folder)

    def send(self, number: int, docbin: DocBinBytes) -> None:
        """The DocBin's columns pickled with their arrays out of band (pickle copied each array,
        17 ms a shard): the pickle, then each array's bytes, in one file."""
        buffers: list[pickle.PickleBuffer] = []
        head = pickle.dumps(docbin.columns(), pickle.HIGHEST_PROTOCOL, buffer_callback=buffers.append)
        views = [b.raw() for b in buffers]
        with open(self.folder / f"{number}.in", "wb") as out:
            out.write(head)
            for view in views:
                out.write(view)
        try:
            self.conn.send((number, len(head), [view.nbytes for view in views]))
        except OSError:  # the process is gone (it failed on an earlier shard, or was killed)
            raise self._gone() from None
        self.sent.append(number)

    def receive(self) -> bytes:
        """The bytes of the oldest shard sent; raises what went wrong in the process."""
        number = self.sent.pop(0)
        try:
            kind, value = self.conn.recv()
        except (EOFError, OSError):  # closed, or reset by a process that died with a number unread
            raise self._gone() from None
        if kind == "error":
            raise value
        assert value == number  # shards come back in the order they went
        path = self.folder / f"{number}.out"
        data = path.read_bytes()
        path.unlink()
        return data

    def stop(self) -> None:
        self._stop()

    def _gone(self) -> RuntimeError:
        self.process.join()
        return RuntimeError(f"the spaCy shard process stopped (exit code {self.process.exitcode})")


def _stop(process: multiprocessing.process.BaseProcess, conn: Connection, folder: Path) -> None:
    """End the process (asked to; a stuck one is killed) and remove its folder. Closing the pipe is not
    enough: a shard process forked later (the other part of a split) holds this end too."""
    try:
        conn.send(None)
    except OSError:
        pass  # the process is gone
    conn.close()
    process.join(5)
    if process.is_alive():
        process.kill()
        process.join()
    shutil.rmtree(folder, ignore_errors=True)


def _serve(conn: Connection, theirs: Connection, folder: Path, template: DocBinBytes) -> None:
    """The process: a shard's number and layout in, its file of columns read, its bytes written, its number out."""
    from desktop.formats.spacy_deflate import compressed
    from desktop.formats.spacy_pieces import preload

    theirs.close()  # the exporting process's end
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the exporting process's: no traceback here
    gc.freeze()  # nothing inherited is ever collected here: a file object's finalizer would flush its buffer
    failed: BaseException | None = None  # raised by the exporting process at its first shard
    if template.lexicon is None:
        try:
            template.lexicon = _lexicon()
        except BaseException as exc:
            failed = exc
    preload()  # pyarrow, for the pieces' distinct strings: before the first shard comes
    writing: _Writing | None = None  # the shard being compressed
    while True:
        try:
            message = conn.recv()
        except EOFError:
            message = None
        if message is None:
            if writing is not None:
                writing.join()  # sends its own answer
            return
        parts: list[Any] = []
        try:
            if failed is not None:  # the import: nothing to build
                raise failed
            number, size, sizes = message
            path = folder / f"{number}.in"
            data = bytearray(size + sum(sizes))  # writable: the arrays are made on it
            with open(path, "rb") as handle:
                handle.readinto(data)
            path.unlink()
            view, ends = memoryview(data), list(accumulate(sizes, initial=size))
            columns: dict[str, Any] = pickle.loads(view[:size], buffers=[view[a:b] for a, b in pairwise(ends)])
            rows = template.with_columns(columns).prepared()
            del view, data, columns
            if writing is not None:  # the shard before compressed: its token rows freed before these are made
                writing.join()
                if not writing.ok:  # it said so
                    return
                writing = None
            parts = rows()
            del rows
        except BaseException as exc:  # handed to the exporting process (after the shard before), which raises it
            failed = failed or exc
        if failed is not None:
            if writing is not None:
                writing.join()
            if writing is None or writing.ok:  # else it sent its own error
                conn.send(("error", _picklable(failed)))
            return
        writing = _Writing(conn, folder / f"{number}.out", number, parts, compressed)


def _lexicon() -> Lexicon:
    """spaCy's answers kept for the installed version (spacy_vocab.py: no import), else spaCy's
    vocab, spaCy imported without its command line."""
    from desktop.formats.spacy_docbin import new_lexicon
    from desktop.formats.spacy_vocab import cached_lexicon

    cached = cached_lexicon()
    if cached is not None:
        return cached
    _without_spacy_cli()
    return new_lexicon()


def _without_spacy_cli() -> None:
    """Stand-ins for `spacy.cli` in this process, which imports spaCy only for a vocab: `import
    spacy` imports its command line for `spacy.info` (typer, weasel, httpx, every command's module:
    ~360 modules, ~0.2 s of CPU). Never in the exporting process, whose spaCy must stay whole."""
    if "spacy" in sys.modules or "spacy.cli" in sys.modules:
        return
    cli, info = types.ModuleType("spacy.cli"), types.ModuleType("spacy.cli.info")
    cli.__path__ = []  # a package: `from .cli.info import info` finds the stand-in below
    info.info = _no_info  # type: ignore[attr-defined]
    cli.info = info  # type: ignore[attr-defined]
    sys.modules.update({"spacy.cli": cli, "spacy.cli.info": info})


def _no_info(*args: object, **kwargs: object) -> None:
    raise RuntimeError("spacy.info is not loaded in the spaCy shard process")


class _Writing(threading.Thread):
    """A shard's message compressed, its file written and its number (or error) sent, while
    the next shard's message is built: isal (or zlib) lets go of the GIL, so this runs on the core
    the exporting process leaves free. Only one at a time: the answers go out in order."""

    def __init__(self, conn: Connection, path: Path, number: int, parts: list[Any], compress: Any) -> None:
        super().__init__(name="spacy-shard-compress", daemon=True)
        self.conn, self.path, self.number, self.parts, self.compress = conn, path, number, parts, compress
        self.ok = True
        self.start()

    def run(self) -> None:
        try:
            self.path.write_bytes(self.compress(self.parts))
            self.parts = []
            self.conn.send(("done", self.number))
        except BaseException as exc:
            self.ok = False
            self.conn.send(("error", _picklable(exc)))


def _picklable(exc: BaseException) -> BaseException:
    """The error itself when it can be sent (an `OSError` stays one), else its traceback as a RuntimeError."""
    try:
        pickle.loads(pickle.dumps(exc))
    except Exception:
        return RuntimeError("the spaCy shard process failed:\n" + "".join(traceback.format_exception(exc)))
    return exc
