"""The per-document cache and the package's import hygiene."""

from __future__ import annotations

import subprocess
import sys

from desktop.text import analyze, tokenize
from desktop.text.cache import ContentCache

ZWNJ = "\u200c"


def test_analysis_is_cached_by_content():
    text = f"کتاب{ZWNJ}ها را خواندم. بعد رفتم."
    first = analyze(text)
    assert analyze("".join(list(text))) is first  # equal content, other object
    assert first.tokens is first.tokens and first.tokens == tokenize(text)
    assert analyze(text + " ") is not first


def test_analysis_helpers():
    text = f"کتاب{ZWNJ}ها را خواندم. بعد رفتم."
    a = analyze(text)
    assert [text[s:e] for s, e in a.sentences] == [f"کتاب{ZWNJ}ها را خواندم.", "بعد رفتم."]
    assert a.token_at(2) == (0, 7)
    assert [text[s:e] for s, e in a.tokens_in(0, 15)] == [f"کتاب{ZWNJ}ها", "را"]
    assert a.snap(5, 6, split_zwnj=True) == (5, 7)
    assert a.find_all("کتابها") == [(0, 7)]


def test_content_cache_evicts_the_least_recently_used():
    calls = []
    cache = ContentCache(lambda t: calls.append(t) or len(t), size=2)
    for text in ["a", "b", "a", "c", "b"]:
        cache.get(text)
    assert calls == ["a", "b", "c", "b"] and len(cache) == 2


def test_content_cache_keeps_to_its_character_budget():
    cache = ContentCache(len, size=100, max_chars=10)
    for text in ["aaaa", "bbbb", "cccc"]:
        cache.get(text)
    assert len(cache) == 2
    cache.get("x" * 50)  # bigger than the budget: kept alone
    assert len(cache) == 1


def test_importing_the_text_layer_loads_no_qt_sqlite_or_hazm():
    code = (
        "import sys, desktop.text\n"
        "bad = [m for m in sys.modules if m.split('.')[0] in "
        "('PySide6', 'shiboken6', 'sqlite3', 'sqlite_utils', 'hazm', 'nltk')]\n"
        "assert not bad, bad\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)
