"""One reviewed document with relations, shared by the tests of gold relations travelling
(export, import, merge): two annotators, one relation they agree on and one only ali drew."""

from __future__ import annotations

import sqlite3
from contextlib import closing

from desktop.workspace import Workspace
from desktop.workspace.relations import Relations
from desktop.workspace.review.gold import Review
from desktop.workspace.review.relations import RelationReview

from helpers import add_document

TEXT = "علی جهانگیری استاندار آذربایجان شرقی در باکو گفت که ۵۰ درصد رشد داشتیم."


def at(phrase: str) -> tuple[int, int]:
    start = TEXT.index(phrase)
    return start, start + len(phrase)


def review_relations(ws: Workspace) -> None:
    """ali and omid relate «علی جهانگیری» —holds→ «استاندار»; only ali «آذربایجان شرقی» —located_in→
    «باکو». The reviewer lead accepts holds into gold and rejects located_in."""
    add_document(ws, TEXT, "news.txt")
    for name in ("ali", "omid"):
        ws.set_annotator(name)
        official, title = (ws.add_span(1, *at(w), lab).id for w, lab in (("علی جهانگیری", "official"),
                                                                       ("استاندار", "title")))  # fmt: skip
        Relations(ws).add(official, title, "holds")
        if name == "ali":
            province, baku = (ws.add_span(1, *at(w), "place").id for w in ("آذربایجان شرقی", "باکو"))
            Relations(ws).add(province, baku, "located_in")
    ws.set_annotator("lead")
    review = RelationReview(Review(ws))
    review.accept(next(c for c in review.candidates(1) if c.type == "holds"))
    review.reject(next(c for c in review.candidates(1) if c.type == "located_in"))


def rows(path, sql: str) -> list[tuple]:
    with closing(sqlite3.connect(path)) as conn:
        return conn.execute(sql).fetchall()
