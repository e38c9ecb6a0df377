"""Synthetic Persian corpora and projects for the benchmarks, built from seeds/.

Documents are news-like: a unique dateline, then paragraphs of the sample
documents drawn at random (verbatim, hard-wrapped lines and all, so
normalisation has real work to do). Spans are realistic: one to three
words, on word tokens, never across a paragraph break, some nested in or
overlapping another; a second annotator agrees with most of the first
one's spans, moves some edges, relabels some, misses some and adds some.

Everything is cached under bench/out/corpora/ (git-ignored) and rebuilt only
when `VERSION` changes. Projects are written with sqlite3 directly (schema
and label scheme from `Workspace.create`, then bulk inserts), which takes
seconds where importing through the workspace would take minutes.

    .venv/bin/python bench/corpus.py [NAME ...]     build (or list) the corpora
"""

from __future__ import annotations

import hashlib
import json
import os
import random
import re
import shutil
import sqlite3
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

VERSION = 3
OUT = ROOT / "bench" / "out"
CORPORA = OUT / "corpora"
LABELS = ("official", "title", "organisation", "place", "figure", "date", "agreement", "event")
LABEL_WEIGHTS = (5, 4, 4, 5, 3, 2, 1, 2)
CITIES = ("تبریز", "تهران", "باکو", "اردبیل", "ارومیه", "مشهد", "اصفهان", "شیراز")
AGENCIES = ("ایرنا", "ایسنا", "مهر", "تسنیم", "فارس")
STAMP = "2026-01-01T00:00:00.000Z"
_PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\n")
_PERSIAN_DIGITS = str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹")


# --- paragraphs and documents -----------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Paragraph:
    text: str
    words: tuple[tuple[int, int], ...]  # word tokens (no punctuation), code points


def seed_paragraphs() -> list[Paragraph]:
    """Every paragraph of the sample documents, verbatim, with its word tokens."""
    from desktop.text.tokens import tokenize

    out = []
    for path in sorted((ROOT / "seeds").glob("*.txt")):
        for block in _PARAGRAPH_BREAK.split(path.read_text(encoding="utf-8")):
            block = block.strip("\n")
            if block.strip():
                words = tuple(t for t in tokenize(block) if block[t[0]].isalpha())
                out.append(Paragraph(block, words))
    return out


@dataclass(slots=True)
class GeneratedDocument:
    name: str
    text: str
    words: list[tuple[int, int]]


class DocumentMaker:
    """Unique news-like documents of roughly `low`..`high` bytes of UTF-8."""

    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)
        self.paragraphs = seed_paragraphs()
        self.sizes = [len(p.text.encode("utf-8")) + 2 for p in self.paragraphs]

    def dateline(self, number: int) -> str:
        rng = self.rng
        date = f"{rng.randint(1398, 1404)}/{rng.randint(1, 12):02d}/{rng.randint(1, 29):02d}"
        return (
            f"{rng.choice(CITIES)} - {rng.choice(AGENCIES)} - {date.translate(_PERSIAN_DIGITS)}"
            f" - خبر {str(number).translate(_PERSIAN_DIGITS)}"
        )

    def document(self, number: int, low: int, high: int) -> GeneratedDocument:
        """One document; a paragraph is added while the text stays under `high`."""
        rng = self.rng
        target = rng.randint(low, high)
        parts = [self.dateline(number)]
        words: list[tuple[int, int]] = []
        size = len(parts[0].encode("utf-8"))
        offset = len(parts[0]) + 2
        misses = 0
        while size < target and misses < 20:
            i = rng.randrange(len(self.paragraphs))
            if size + self.sizes[i] > high:
                misses += 1
                continue
            para = self.paragraphs[i]
            parts.append(para.text)
            words.extend((offset + a, offset + b) for a, b in para.words)
            offset += len(para.text) + 2
            size += self.sizes[i]
        return GeneratedDocument(f"news/{number // 1000:03d}/{number:06d}.txt", "\n\n".join(parts) + "\n", words)

    def big_document(self, min_bytes: int) -> GeneratedDocument:
        """One long document (a report or a book) of at least `min_bytes`."""
        parts, words, size, offset = [], [], 0, 0
        while size < min_bytes:
            para = self.paragraphs[self.rng.randrange(len(self.paragraphs))]
            parts.append(para.text)
            words.extend((offset + a, offset + b) for a, b in para.words)
            offset += len(para.text) + 2
            size += len(para.text.encode("utf-8")) + 2
        return GeneratedDocument("report.txt", "\n\n".join(parts) + "\n", words)


# --- spans -------------------------------------------------------------------------------

Span = tuple[int, int, str]  # start, end, label


def make_spans(rng: random.Random, doc: GeneratedDocument, count: int) -> list[Span]:
    """`count` spans of one to three words; about one in ten nests in or overlaps another."""
    words, text = doc.words, doc.text
    if len(words) < 4 or count <= 0:
        return []
    spans: dict[tuple[int, int, str], None] = {}
    attempts = 0
    while len(spans) < count and attempts < count * 20:
        attempts += 1
        first = rng.randrange(len(words) - 3)
        width = rng.choice((1, 1, 2, 2, 2, 3))
        start, end = words[first][0], words[first + width - 1][1]
        if "\n" in text[start:end]:
            end = words[first][1]
        label = rng.choices(LABELS, LABEL_WEIGHTS)[0]
        spans[(start, end, label)] = None
        if rng.random() < 0.1 and len(spans) < count:  # an overlapping or enclosing span
            last = min(len(words) - 1, first + width + rng.randint(0, 2))
            outer_end = words[last][1]
            if "\n" not in text[start:outer_end] and outer_end != end:
                spans[(start, outer_end, rng.choices(LABELS, LABEL_WEIGHTS)[0])] = None
    return sorted(spans)


def second_opinion(rng: random.Random, doc: GeneratedDocument, spans: list[Span], count: int) -> list[Span]:
    """Another annotator's layer: mostly the same spans, some moved, relabelled or missed."""
    starts = {w[0]: i for i, w in enumerate(doc.words)}
    out: dict[tuple[int, int, str], None] = {}
    for start, end, label in spans:
        roll = rng.random()
        if roll < 0.10:
            continue  # missed
        if roll < 0.20 and start in starts:  # one word more or less
            i = starts[start]
            j = max(i, min(len(doc.words) - 1, _word_at_end(doc, end) + rng.choice((-1, 1))))
            moved = doc.words[j][1]
            if "\n" not in doc.text[start:moved]:
                end = moved
        elif roll < 0.27:
            label = rng.choices(LABELS, LABEL_WEIGHTS)[0]
        out[(start, end, label)] = None
    extra = [s for s in make_spans(rng, doc, max(0, count - len(out)) + 2) if s not in out]
    for span in extra[: max(0, count - len(out))]:
        out[span] = None
    return sorted(out)[:count] if len(out) > count else sorted(out)


def _word_at_end(doc: GeneratedDocument, end: int) -> int:
    for i, (_, word_end) in enumerate(doc.words):
        if word_end >= end:
            return i
    return len(doc.words) - 1


# --- projects written directly -------------------------------------------------------------


@dataclass(frozen=True)
class Layer:
    """One annotator's share of a project: which documents they labelled and how."""

    annotator: str
    every: int = 1  # labels documents 0, every, 2*every, ...
    share: float = 1.0  # ... of the first `share` of the documents
    spans: int = 5  # spans per labelled document
    copies: str | None = None  # second opinion on this annotator's spans
    done: float = 0.6  # of the labelled documents, this part is marked done


def meta_of(name: str) -> str:
    return json.dumps(
        {
            "source": f"/data/import/{name}",
            "encoding": "utf-8",
            "imported_at": STAMP,
            "normalized": True,
            "reflowed": True,
            "changes": {"whitespace": 2},
        },
        ensure_ascii=False,
        sort_keys=True,
        separators=(",", ":"),
    )


def sha(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


class ProjectWriter:
    """Bulk rows into a fresh project file (schema, labels and settings made by Workspace)."""

    def __init__(self, path: Path, annotators: list[str], history: bool = False) -> None:
        from desktop.workspace import Workspace

        workspace = Workspace.create(path)
        workspace.close()
        self.conn = sqlite3.connect(path)
        self.conn.execute("PRAGMA synchronous = OFF")
        self.conn.execute("BEGIN")
        self.ids = {}
        for name in annotators:
            cursor = self.conn.execute(
                "INSERT INTO annotators (name, kind, created_at) VALUES (?, ?, ?)", (name, "human", STAMP)
            )
            self.ids[name] = cursor.lastrowid
        self.history = history
        self.docs: list[tuple] = []
        self.spans: list[tuple] = []
        self.status: list[tuple] = []
        self.doc_count = 0
        self.span_count = 0

    def document(self, doc: GeneratedDocument) -> int:
        self.doc_count += 1
        digest = sha(doc.text)
        self.docs.append(
            (self.doc_count, doc.name, digest, digest, doc.text, doc.text, meta_of(doc.name), len(doc.text), STAMP)
        )
        if len(self.docs) >= 2000:
            self._flush()
        return self.doc_count

    def add_spans(self, doc_id: int, annotator: str, spans: list[Span], status: str | None) -> None:
        who = self.ids[annotator]
        for start, end, label in spans:
            self.spans.append((doc_id, start, end, label, who, "manual", STAMP, STAMP))
        self.span_count += len(spans)
        if status:
            self.status.append((doc_id, who, status, STAMP))

    def _flush(self) -> None:
        self.conn.executemany(
            "INSERT INTO documents (id, name, content_hash, raw_hash, text, raw, meta, length,"
            " created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            self.docs,
        )
        first = self.conn.execute("SELECT coalesce(max(id), 0) FROM spans").fetchone()[0] + 1
        self.conn.executemany(
            'INSERT INTO spans (document_id, start, "end", label, annotator_id, origin,'
            " created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            self.spans,
        )
        if self.history:  # what storing these spans through the workspace would have journaled
            names = {v: k for k, v in self.ids.items()}
            self.conn.executemany(
                "INSERT INTO history (at, actor, action, entity, entity_id, document_id, batch,"
                " before, after) VALUES (?, ?, 'span.create', 'span', ?, ?, ?, NULL, ?)",
                (
                    (
                        STAMP,
                        names[s[4]],
                        str(first + i),
                        s[0],
                        f"b{first + i}",
                        json.dumps(
                            {
                                "id": first + i,
                                "document_id": s[0],
                                "start": s[1],
                                "end": s[2],
                                "label": s[3],
                                "annotator_id": s[4],
                                "origin": "manual",
                                "note": "",
                                "created_at": STAMP,
                                "updated_at": STAMP,
                            },
                            sort_keys=True,
                        ),
                    )
                    for i, s in enumerate(self.spans)
                ),
            )
        self.conn.executemany(
            "INSERT INTO document_status (document_id, annotator_id, status, updated_at) VALUES (?, ?, ?, ?)",
            self.status,
        )
        self.docs, self.spans, self.status = [], [], []

    def close(self) -> None:
        self._flush()
        self.conn.execute("COMMIT")
        self.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        self.conn.close()


def build_project(path: Path, count: int, layers: list[Layer], seed: int, low: int = 2000, high: int = 4000) -> dict:
    maker = DocumentMaker(seed)
    rng = random.Random(seed + 1)
    writer = ProjectWriter(path, [layer.annotator for layer in layers])
    for n in range(count):
        doc = maker.document(n + 1, low, high)
        doc_id = writer.document(doc)
        made: dict[str, list[Span]] = {}
        for layer in layers:
            if n % layer.every or n >= layer.share * count:
                continue
            if layer.copies and layer.copies in made:
                spans = second_opinion(rng, doc, made[layer.copies], layer.spans)
            else:
                spans = make_spans(rng, doc, layer.spans)
            made[layer.annotator] = spans
            status = "done" if rng.random() < layer.done else "in_progress"
            writer.add_spans(doc_id, layer.annotator, spans, status)
    writer.close()
    return {"documents": writer.doc_count, "spans": writer.span_count}


def build_big_project(path: Path, min_bytes: int, spans: int, seed: int) -> dict:
    """A short first document, then one long document with `spans` spans (one layer)."""
    maker = DocumentMaker(seed)
    rng = random.Random(seed + 1)
    writer = ProjectWriter(path, ["sara", "reza"], history=True)
    small = maker.document(1, 2000, 4000)
    writer.add_spans(writer.document(small), "sara", make_spans(rng, small, 5), "in_progress")
    big = maker.big_document(min_bytes)
    big_id = writer.document(big)
    writer.add_spans(big_id, "sara", _spread_spans(rng, big, spans), "in_progress")
    writer.close()
    return {
        "documents": 2,
        "spans": writer.span_count,
        "big_id": big_id,
        "bytes": len(big.text.encode("utf-8")),
        "chars": len(big.text),
    }


def _spread_spans(rng: random.Random, doc: GeneratedDocument, count: int) -> list[Span]:
    """`count` spans spread over a long document (one per chosen word, some overlapping)."""
    words, text = doc.words, doc.text
    chosen = sorted(rng.sample(range(len(words) - 3), count))
    spans = set()
    for i in chosen:
        start, end = words[i][0], words[i + rng.choice((0, 0, 1, 1, 2))][1]
        if "\n" in text[start:end]:
            end = words[i][1]
        spans.add((start, end, rng.choices(LABELS, LABEL_WEIGHTS)[0]))
    return sorted(spans)


# --- files to import ---------------------------------------------------------------------


def build_plain(folder: Path, count: int, seed: int) -> dict:
    """`count` plain-text files of 2-4 KB, a thousand per folder, as a newsroom exports them."""
    maker = DocumentMaker(seed)
    total = 0
    for n in range(count):
        doc = maker.document(n + 1, 2000, 4000)
        path = folder / "files" / doc.name
        path.parent.mkdir(parents=True, exist_ok=True)
        data = doc.text.encode("utf-8")
        path.write_bytes(data)
        total += len(data)
    return {"files": count, "bytes": total}


def build_doccano(path: Path, count: int, spans_total: int, seed: int) -> dict:
    """A doccano JSONL file: `count` documents sharing `spans_total` spans."""
    maker = DocumentMaker(seed)
    rng = random.Random(seed + 1)
    per_doc = spans_total // count
    written = 0
    with path.open("w", encoding="utf-8") as f:
        for n in range(count):
            doc = maker.document(n + 1, 2000, 4000)
            spans = make_spans(rng, doc, per_doc)
            written += len(spans)
            f.write(
                json.dumps({"text": doc.text, "label": [list(s) for s in spans], "name": doc.name}, ensure_ascii=False)
                + "\n"
            )
    return {"documents": count, "spans": written, "bytes": path.stat().st_size}


# --- the catalogue ---------------------------------------------------------------------------

TWO_LAYERS = [Layer("sara", spans=5), Layer("reza", spans=5, copies="sara")]
CATALOGUE: dict[str, tuple[str, Callable[[Path], dict]]] = {
    "plain-10k": ("10,000 plain-text files of 2-4 KB", lambda p: build_plain(p, 10_000, seed=10)),
    "doccano-1k": (
        "doccano JSONL: 1,000 documents, 5,000 spans",
        lambda p: build_doccano(p / "corpus.jsonl", 1_000, 5_000, seed=11),
    ),
    "doccano-5k": (
        "doccano JSONL: 5,000 documents, 25,000 spans",
        lambda p: build_doccano(p / "corpus.jsonl", 5_000, 25_000, seed=12),
    ),
    "project-1k": (
        "1,000 documents, 5,000 spans (2 annotators)",
        lambda p: build_project(
            p / "project.barchasb", 1_000, [Layer("sara", spans=3), Layer("reza", spans=2, copies="sara")], seed=12
        ),
    ),
    "project-10k": (
        "10,000 documents, 100,000 spans (2 annotators)",
        lambda p: build_project(p / "project.barchasb", 10_000, TWO_LAYERS, seed=13),
    ),
    "project-100k": (
        "100,000 documents of 2-4 KB; 40% labelled by one annotator, 20% by two",
        lambda p: build_project(
            p / "project.barchasb",
            100_000,
            [Layer("sara", share=0.4, spans=6), Layer("reza", share=0.2, spans=6, copies="sara")],
            seed=14,
        ),
    ),
    "docs-50": (
        "55 documents of 60-100 KB with 1,000 spans each (50 different documents opened in turn)",
        lambda p: build_project(
            p / "project.barchasb", 55, [Layer("sara", spans=1000)], seed=18, low=60_000, high=100_000
        ),
    ),
    "doc-1mb": (
        "a 1 MB document with 20,000 spans (and a short one first)",
        lambda p: build_big_project(p / "project.barchasb", 1_000_000, 20_000, seed=15),
    ),
    "doc-5mb": (
        "a 5 MB document with 100,000 spans (and a short one first)",
        lambda p: build_big_project(p / "project.barchasb", 5_000_000, 100_000, seed=16),
    ),
}


# Corpora built only by hand (the scale case, bench/scale_corpus.py): not in CATALOGUE, so
# neither `corpus.py` without names nor the default run builds them.
LARGE: dict[str, tuple[str, Callable[[Path], dict]]] = {}


def register(name: str, description: str, build: Callable[[Path], dict]) -> None:
    LARGE[name] = (description, build)


def ensure(name: str, log: Callable[[str], None] = print) -> tuple[Path, dict]:
    """The folder of a corpus (built now if missing or stale) and its facts."""
    from desktop.storage.migrations import SCHEMA_VERSION

    folder = CORPORA / name
    facts_path = folder / "facts.json"
    if facts_path.is_file():
        facts = json.loads(facts_path.read_text())
        if (facts.get("version"), facts.get("schema")) == (VERSION, SCHEMA_VERSION):
            return folder, facts
        if facts.get("version") == VERSION and facts.get("schema", SCHEMA_VERSION) < SCHEMA_VERSION:
            return folder, _upgraded(folder, facts, log)
    description, build = CATALOGUE[name] if name in CATALOGUE else LARGE[name]
    log(f"building {name}: {description} ...")
    started = time.perf_counter()
    temp = CORPORA / f".{name}.building"
    shutil.rmtree(temp, ignore_errors=True)
    temp.mkdir(parents=True)
    facts = build(temp)
    facts.update(
        version=VERSION, schema=SCHEMA_VERSION, description=description, seconds=round(time.perf_counter() - started, 1)
    )
    (temp / "facts.json").write_text(json.dumps(facts, indent=1))
    shutil.rmtree(folder, ignore_errors=True)
    os.replace(temp, folder)
    log(f"built {name} in {facts['seconds']} s")
    return folder, facts


def _upgraded(folder: Path, facts: dict, log: Callable[[str], None]) -> dict:
    """A corpus of the same content made by an older schema, upgraded in place as opening it
    would (the migrations since add tables, no rows): seconds, where building the large ones
    again takes minutes. The upgrade's safety copy is removed (the corpus can be rebuilt)."""
    from desktop.storage.db import open_database
    from desktop.storage.migrations import SCHEMA_VERSION

    for path in folder.glob("*.barchasb"):
        log(f"upgrading {path} from schema {facts['schema']} ...")
        open_database(path).close()
        for backup in folder.glob(f"{path.name}.pre-upgrade-v*.bak"):
            backup.unlink()
    facts = {**facts, "schema": SCHEMA_VERSION}
    (folder / "facts.json").write_text(json.dumps(facts, indent=1))
    return facts


def project_copy(name: str, target: Path) -> Path:
    """A private copy of a cached project (for benchmarks that write to it)."""
    folder, _ = ensure(name)
    shutil.copyfile(folder / "project.barchasb", target)
    return target


def iter_names(args: list[str]) -> Iterator[str]:
    for name in args or CATALOGUE:
        if name not in CATALOGUE:
            raise SystemExit(f"unknown corpus {name!r}; known: {', '.join(CATALOGUE)}")
        yield name


if __name__ == "__main__":
    for corpus in iter_names(sys.argv[1:]):
        path, info = ensure(corpus)
        print(f"{corpus:<14} {path}  {json.dumps(info, ensure_ascii=False)}")
