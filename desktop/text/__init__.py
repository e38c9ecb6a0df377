"""Persian text layer: normalisation with offset maps, tokens, sentences,
selection snapping and folded search. Pure Python; hazm is loaded lazily by
`normalize` only, and nothing here imports Qt or SQLite.

All offsets are code points, end-exclusive, into the stored text
(`text[start:end]`); `Utf16Index` converts them for Qt.
"""

from desktop.text.analysis import TextAnalysis, analyze
from desktop.text.folding import FoldedText, find_all, fold
from desktop.text.map_builder import MapBuilder
from desktop.text.normalize import Normalized, normalize
from desktop.text.offsets import OffsetMap
from desktop.text.query import compile_query
from desktop.text.snap import snap_to_tokens, token_at, trim
from desktop.text.tokens import sentences, tokenize
from desktop.text.utf16 import Utf16Index

__all__ = [
    "FoldedText",
    "MapBuilder",
    "Normalized",
    "OffsetMap",
    "TextAnalysis",
    "Utf16Index",
    "analyze",
    "compile_query",
    "find_all",
    "fold",
    "normalize",
    "sentences",
    "snap_to_tokens",
    "token_at",
    "tokenize",
    "trim",
]
