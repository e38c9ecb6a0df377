"""The agreement's fast path (stored token counts: only the stretches around spans tokenised,
tags written a run at a time, counts pooled in C) gives the report of the full path (every
document tokenised whole) on generated texts full of what tokenising gets wrong: ZWNJ, emoji
sequences, keycaps, flags, digits, URLs, CRLF, tabs and no-break spaces."""

from __future__ import annotations

import random
import sqlite3
from contextlib import closing

import pytest

from desktop.core.agreement import AlphaCounts, tag_tokens
from desktop.core.agreement.tokens import token_tags
from desktop.text.tokens import tokenize
from desktop.workspace.agreement import project as agreement
from desktop.workspace.agreement import share
from desktop.workspace.agreement.project import project_agreement
from desktop.workspace.agreement.tokens import TokenCache, spans_tokens

from helpers import add_document

LAYERS = ["sara", "reza", "omid"]
LABELS = ["place", "official", "title"]
PIECES = [
    "می‌شود", "کتاب‌ها", "‌نیم‌فاصله‌", "تهران", "وزیر", "امور", "خارجه", "«ایران»", "،", "؛", "؟", "!!",
    "🇮🇷", "👍🏽", "👨‍👩‍👧", "1️⃣", "❤️", "۱۴۰۲", "3.14", "۲۵٪", "https://example.com/a?b=1", "a.b@example.org",
    "Tehran", "COVID-19", "...", "(", ")", "ـ", "\u200d",
]  # fmt: skip
GAPS = [" ", " ", " ", "  ", "\n", "\r\n", "\t", "\u00a0", "\n\n", ""]


def generated_text(rng: random.Random) -> str:
    return "".join(rng.choice(PIECES) + rng.choice(GAPS) for _ in range(rng.randint(30, 80)))


def random_spans(rng: random.Random, text: str, tokens: list[tuple[int, int]]) -> set[tuple[int, int, str]]:
    """On token edges mostly; some inside words or emoji sequences; some nested or overlapping."""
    spans = set()
    for _ in range(rng.randint(0, 12)):
        if rng.random() < 0.7:
            first = rng.randrange(len(tokens))
            last = min(len(tokens) - 1, first + rng.randint(0, 3))
            start, end = tokens[first][0], tokens[last][1]
        else:
            start = rng.randrange(len(text) - 1)
            end = min(len(text), start + rng.randint(1, 25))
        spans.add((start, end, rng.choice(LABELS)))
    return spans


@pytest.fixture
def generated(workspace):
    """Twenty documents; three layers each label some of them, mostly alike, partly not."""
    rng = random.Random(17)
    texts = [generated_text(rng) for _ in range(20)]
    docs = [add_document(workspace, text, f"g{i}.txt") for i, text in enumerate(texts)]
    truth = {doc: random_spans(rng, text, tokenize(text)) for doc, text in zip(docs, texts)}
    for name in LAYERS:
        workspace.set_annotator(name)
        for doc, text in zip(docs, texts):
            if rng.random() < 0.15:
                continue  # this layer did not annotate this document
            mine = {s for s in sorted(truth[doc]) if rng.random() < 0.8}
            mine |= random_spans(rng, text, tokenize(text)) if rng.random() < 0.3 else set()
            for start, end, label in sorted(mine):
                workspace.add_span(doc, start, end, label)
    return workspace, dict(zip(docs, texts))


def _stored_count(path) -> int:
    with closing(sqlite3.connect(path)) as conn:
        return conn.execute("SELECT count(*) FROM document_tokens").fetchone()[0]


@pytest.mark.parametrize("per_document", [False, True])
def test_stored_counts_give_the_report_of_tokenising_whole_documents(
    generated, project_path, monkeypatch, per_document
):
    workspace, texts = generated
    agreement.TOKENS.clear()
    full = project_agreement(workspace, LAYERS, per_document=per_document).as_dict()  # counts every document
    assert _stored_count(project_path) == len(texts)
    assert full["documents"] >= 15 and full["alpha"] is not None

    class NoWholeText(TokenCache):
        def get(self, *args, **kwargs):
            raise AssertionError("a document with a stored count was tokenised whole")

    monkeypatch.setattr(agreement, "TOKENS", NoWholeText())
    assert project_agreement(workspace, LAYERS, per_document=per_document, snapshot=True).as_dict() == full
    for pair in (["sara", "reza"], ["omid", "sara"]):
        monkeypatch.setattr(agreement, "TOKENS", TokenCache())
        whole = project_agreement(workspace, pair, per_document=per_document).as_dict()
        monkeypatch.setattr(agreement, "TOKENS", NoWholeText())
        assert project_agreement(workspace, pair, per_document=per_document).as_dict() == whole


def test_the_tokens_around_spans_carry_the_whole_texts_tags(generated):
    """Per document and layer: tags over the stretches around spans are the whole text's tags
    on those tokens, and every token outside them is O."""
    _, texts = generated
    rng = random.Random(5)
    for text in texts.values():
        tokens = tokenize(text)
        layers = [sorted(random_spans(rng, text, tokens)) for _ in range(2)]
        starts, ends = spans_tokens(text, layers)
        assert set(zip(starts, ends)) <= set(tokens)
        for spans in layers:
            whole = tag_tokens(spans, [s for s, _ in tokens], [e for _, e in tokens])
            near = token_tags(spans, starts, ends)
            assert {tokens.index(t): tag for t, tag in zip(zip(starts, ends), near) if tag != "O"} == whole


def test_token_tags_are_tag_tokens_as_a_list():
    rng = random.Random(11)
    starts, ends = [2 * i for i in range(12)], [2 * i + 1 for i in range(12)]
    for _ in range(3000):
        spans = [(s, s + rng.randint(1, 8), rng.choice("abc")) for s in rng.sample(range(26), rng.randint(0, 7))]
        rng.shuffle(spans)
        tags = tag_tokens(spans, starts, ends)
        assert token_tags(spans, starts, ends) == [tags.get(i, "O") for i in range(12)]


def test_alpha_does_not_depend_on_the_order_units_come_in():
    rng = random.Random(2)
    units = [tuple(rng.choice("abc") for _ in range(rng.randint(2, 5))) for _ in range(500)]
    forward, backward = AlphaCounts(), AlphaCounts()
    for unit in units:
        forward.add_unit(unit, 3)
    for unit in reversed(units):
        backward.add_unit(unit, 3)
    assert forward.alpha() == backward.alpha()


@pytest.mark.parametrize("serve", [share._SERVE, "import sys; sys.exit(3)"])
def test_a_worker_process_takes_the_last_ids_and_the_report_is_the_same(generated, project_path, monkeypatch, serve):
    """Split with a worker (as a large project is), the report is the one pass's, per document
    too, whether the counts are stored yet or not; a worker that fails leaves its share to us."""
    workspace, texts = generated
    agreement.TOKENS.clear()
    monkeypatch.setattr(share, "MIN_DOCUMENTS", 10**9)
    alone = [project_agreement(workspace, LAYERS, per_document=per).as_dict() for per in (False, True)]
    with closing(sqlite3.connect(project_path)) as conn, conn:
        conn.execute("DELETE FROM document_tokens")
    agreement.TOKENS.clear()
    monkeypatch.setattr(share, "MIN_DOCUMENTS", 2)
    monkeypatch.setattr(share, "spare_cores", lambda: 1.0)
    monkeypatch.setattr(share, "_SERVE", serve)
    started, answered = [], []
    monkeypatch.setattr(share, "start", lambda job: started.append(job[3]) or share.Share(job))
    answer = share.Share.answer

    def recorded(self):
        got = answer(self)
        answered.append(got is not None)
        return got

    monkeypatch.setattr(share.Share, "answer", recorded)
    assert [project_agreement(workspace, LAYERS, per_document=per).as_dict() for per in (False, True)] == alone
    assert _stored_count(project_path) == len(texts)  # the worker's counts kept too
    first, last = min(texts), max(texts)
    assert started == [(share.split(first, last), last)] * 2 and first < started[0][0] <= last
    assert answered == [serve.startswith("from")] * 2  # the worker's report, or none from a failed one
    assert [project_agreement(workspace, LAYERS, per_document=per).as_dict() for per in (False, True)] == alone


def test_no_worker_for_a_small_project_or_on_a_busy_machine(monkeypatch):
    monkeypatch.setattr(share, "spare_cores", lambda: 1.0)
    assert share.split(1, share.MIN_DOCUMENTS - 1) is None
    cut = share.split(1, 10_000)
    assert cut is not None and 10_000 - cut + 1 == int(10_000 * share.SHARE)
    monkeypatch.setattr(share, "spare_cores", lambda: 0.2)  # every core busy
    assert share.split(1, 10_000) is None
