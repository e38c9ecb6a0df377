"""The writer side of the formats: what a writer receives and the table of writers.

The export use case turns each project document into an `ExportItem` (its
spans already filtered, mapped and, for token formats, fitted to tokens) and
hands it to the writer of the chosen format. Writers only serialise: every
decision that can lose a span is taken before, and reported.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import BinaryIO

from desktop.formats.align import TokenSpan
from desktop.formats.records import DocumentRecord, Range

FORMATS = ("jsonl", "doccano", "label-studio", "hf", "conll", "spacy", "brat", "rel-table")
EXTENSIONS = {
    "jsonl": ".jsonl",
    "doccano": ".jsonl",
    "label-studio": ".json",
    "hf": ".jsonl",
    "conll": ".conll",
    "spacy": ".spacy",
    "brat": "",  # a folder of .txt/.ann pairs and annotation.conf
    "rel-table": ".jsonl",
}
FOLDER_FORMATS = ("brat",)
# conll: what a space inside a token (PEYMA's `ثبت نام`) becomes. ZWNJ by default: readers that
# split lines on whitespace (spaCy's converter, seqeval scripts) then see one token, and ZWNJ is
# how Persian writes such compounds (`ثبت‌نام`). Each whitespace character becomes one character,
# so token lengths, and every offset, stay the same.
INNER_SPACES = {"keep": None, "zwnj": "\u200c", "underscore": "_"}
DEFAULT_INNER_SPACE = "zwnj"


@dataclass(frozen=True, slots=True)
class WriterOptions:
    tokens: bool = False  # jsonl: add tokens and token_start/token_end
    scheme: str = "bio"  # hf, conll: bio or bioes
    docstart: bool = False  # conll: a -DOCSTART- line before each document
    inner_space: str = DEFAULT_INNER_SPACE  # conll: keep, zwnj or underscore
    offsets: str = "utf16"  # doccano: utf16 (as its web UI counts) or codepoints
    relations: bool = False  # doccano: the relation-extraction shape (entities + relations)
    symmetric: tuple[str, ...] = ()  # relation types without a direction (label-studio: "bi")
    negatives: bool = False  # rel-table: also every unrelated candidate pair, as "no_relation"
    window: int | None = None  # rel-table: pairs within this many sentences (0: the same); None: any
    pairs: tuple[tuple[str, str], ...] = ()  # rel-table: (head label, tail label) candidates; (): any


@dataclass(frozen=True, slots=True)
class ExportItem:
    """One document ready to write."""

    document: DocumentRecord
    tokens: Sequence[Range] | None = None  # jsonl, hf, CoNLL: stored tokens come as `FlatRanges`
    token_spans: list[TokenSpan] | None = None  # token formats: the spans to write
    units: list[Range] | None = None  # token ranges: sentences or the document


class Writer:
    """Base of the format writers: one output file, one document at a time."""

    token_based = False  # spans must be fitted to tokens first
    overlaps = True  # the format can express overlapping spans
    overlaps_grouped = False  # ... but apart from the others (spaCy's span group): reported

    def __init__(self, out: BinaryIO, options: WriterOptions) -> None:
        self.out = out
        self.options = options
        self.records = 0

    def write(self, item: ExportItem) -> None:
        raise NotImplementedError

    def close(self) -> None:
        """Finish the file (footers, buffered formats)."""

    def _line(self, text: str) -> None:
        self.out.write(text.encode("utf-8"))
        self.out.write(b"\n")
        self.records += 1


def writer_class(fmt: str) -> type[Writer]:
    """The writer for a format name (spaCy is imported only when asked for); brat's
    writes a folder and is made apart (`desktop.formats.brat_write.BratWriter`)."""
    from desktop.formats import conll, doccano_write, hf, jsonl, labelstudio, rel_table, spacy_docbin

    table = {
        "jsonl": jsonl.NativeWriter,
        "doccano": doccano_write.DoccanoWriter,
        "label-studio": labelstudio.LabelStudioWriter,
        "hf": hf.HfWriter,
        "conll": conll.ConllWriter,
        "spacy": spacy_docbin.DocBinWriter,
        "rel-table": rel_table.RelTableWriter,
        "brat": Writer,  # its class attributes only: spans by characters, overlaps allowed
    }
    return table[fmt]


def token_based(fmt: str, options: WriterOptions) -> bool:
    return writer_class(fmt).token_based or (fmt == "jsonl" and options.tokens)
