"""Shared data and helpers of the import/export tests (importable as `formats.transfer_data`)."""

from __future__ import annotations

import json

from desktop.text.tokens import tokenize

# Phrases labelled wherever they occur as whole tokens in the sample documents.
SARA = {
    "آذربایجان شرقی": "place",
    "باکو": "place",
    "اردبیل": "place",
    "جمهوری اسلامی ایران": "place",
    "علی جهانگیری": "official",
    "استاندار": "title",
}
# reza labels the whole title: it overlaps sara's place inside it.
REZA = {"استاندار آذربایجان شرقی": "title", "باکو": "place"}


def phrase_spans(text: str, phrase: str) -> list[tuple[int, int]]:
    """Every occurrence of `phrase` as a run of whole tokens."""
    tokens = tokenize(text)
    words = [text[s:e] for s, e in tokens]
    target = phrase.split()
    found = []
    for i in range(len(words) - len(target) + 1):
        if words[i : i + len(target)] == target:
            found.append((tokens[i][0], tokens[i + len(target) - 1][1]))
    return found


def label_phrases(workspace, phrases: dict[str, str], documents: list[int]) -> int:
    count = 0
    for doc_id in documents:
        text = workspace.repo.document_text(doc_id)
        for phrase, label in phrases.items():
            for start, end in phrase_spans(text, phrase):
                workspace.add_span(doc_id, start, end, label)
                count += 1
    return count


def read_jsonl(path) -> list[dict]:
    raw = path.read_bytes()
    assert not raw.startswith(b"\xef\xbb\xbf"), "no BOM"
    return [json.loads(line) for line in raw.decode("utf-8").splitlines()]


def stored_spans(workspace, annotator: str | None = None) -> set[tuple]:
    """(document text slice, start, end, label, annotator) of every stored span."""
    sql = (
        'SELECT d.text, s.start, s."end", s.label, a.name, s.origin FROM spans s'
        " JOIN documents d ON d.id = s.document_id JOIN annotators a ON a.id = s.annotator_id"
    )
    rows = workspace.repo.db.execute(sql).fetchall()
    return {
        (text[start:end], start, end, label, name, origin)
        for text, start, end, label, name, origin in rows
        if annotator is None or name == annotator
    }
