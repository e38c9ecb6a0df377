"""Real news and tweets (read in place from ../shared/data, never copied):
CRLF files, emoji, hashtags, URLs. Every stored token maps back to the raw
characters it came from. Skipped when the corpora are not present."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from text.text_strategies import fold_key

from desktop.text import normalize, tokenize

DATA = Path(__file__).resolve().parents[3] / "shared" / "data"
PEYMA = DATA / "peyma-nsurl2019" / "300K"
TWEETS = DATA / "parstwiner" / "test.txt"


def _loose(text: str) -> str:
    # hazm shortens letter runs in tweets (واااقعا -> وااقعا): compare runs as one.
    return re.sub(r"(.)\1+", r"\1", fold_key(text))


def _sentences(conll: str) -> list[str]:
    """Token-per-line IOB text back to plain sentences (tokens joined by spaces)."""
    out, current = [], []
    for line in conll.splitlines():
        if line.strip():
            current.append(line.split("\t")[0])
        elif current:
            out.append(" ".join(current))
            current = []
    return out + ([" ".join(current)] if current else [])


def _raw_documents() -> list[str]:
    docs = []
    for path in sorted(PEYMA.glob("*.txt"))[:60]:
        docs.append("\r\n".join(_sentences(path.read_text(encoding="utf-8"))))
    tweets = _sentences(TWEETS.read_text(encoding="utf-8"))[:300]
    docs += ["\n".join(tweets[i : i + 30]) for i in range(0, len(tweets), 30)]
    return docs


@pytest.mark.skipif(not PEYMA.is_dir() or not TWEETS.is_file(), reason="shared corpora not available")
def test_real_documents_map_every_token_back():
    checked = 0
    for raw in _raw_documents():
        result = normalize(raw)
        assert "\r" not in result.text
        for start, end in tokenize(result.text):
            token = result.text[start:end]
            rs, re_ = result.offsets.raw_span(start, end)
            if token != "…":  # hazm's "..." -> "…" is the one rewrite folding cannot see
                assert _loose(raw[rs:re_]) == _loose(token), (token, raw[rs:re_])
            checked += 1
    assert checked > 20_000
