"""Tokens plus the whitespace between them, the way spaCy describes a text.

spaCy (and Prodigy's `ws`) give each token at most one trailing space. Any
other whitespace the tokens leave out (a line break, a second space, a tab,
a ZWNJ after a word) becomes a token of its own, exactly as spaCy's own
tokenizer makes it, so `Doc(vocab, words, spaces)` rebuilds the text.
These *whitespace tokens* are never a span's first or last token, and the
word-per-line formats (hf, CoNLL) never list them: they use the document's
tokens alone.
"""

from __future__ import annotations

from desktop.formats.records import Range

# (start, end, ws): `text[start:end]`, then one space if `ws`. A plain tuple: an export makes
# one per token, and anything richer (a frozen dataclass) made `jsonl --tokens` 3x slower.
Piece = tuple[int, int, bool]


def pieces(text: str, tokens: list[Range]) -> tuple[list[Piece], list[int]]:
    """The pieces that rebuild `text`, and each token's index among them."""
    out: list[Piece] = []
    index: list[int] = []
    first = tokens[0][0] if tokens else len(text)
    if first:
        out.append((0, first, False))
    following = [start for start, _ in tokens[1:]] + [len(text)]
    for (start, end), after in zip(tokens, following):
        ws = end < after and text[end] == " "  # one space is the token's; the rest a piece
        index.append(len(out))
        out.append((start, end, ws))
        if end + ws < after:
            out.append((end + ws, after, False))
    return out, index
