"""Random sequences of analyst actions against the real window, checked after every
step against a small reference model of what the project file must hold.

The model is the window's labelling contract in a few lines: a chosen span and
a text selection exclude each other; a hotkey relabels the chosen span, else
labels the selection (relabelling a span that already covers exactly those
words); Ctrl+hotkey adds a second label; the same label twice changes nothing;
undo and redo replay whole steps and travel to their document; switching
documents forgets the choice, switching languages keeps a chosen span. Relations are
drawn chip to chip with the mouse and their type chosen in the popup by its hotkey (only the
types the two labels allow are offered; the same relation twice is not drawn), chosen by a
click on their arc, retyped with Alt+R, deleted with Delete; deleting a span takes its
relations, relabelling one the relations its new label does not allow, and undo brings
them back in the same step. Label all (Ctrl+L, its dialog) ticks
the whole-word occurrences that carry no span yet, here or in the whole project,
and labels them as one step. Suggestions come from the window (propagation, a
moment after a label), so deciding one is checked by its effect: at most one new
span, in the shown document, equal to a suggestion now accepted. The view shows
the model's document, spans, chosen span and selection; the span list, once the
event loop has turned, its spans.

CI runs BARCHASB_STATEFUL_EXAMPLES (default 10) sequences of
BARCHASB_STATEFUL_STEPS (default 25) steps, at least 200 actions, the same
ones each run (derandomized when CI is set); by hand each run draws new ones,
and higher numbers run thousands:
`BARCHASB_STATEFUL_EXAMPLES=200 BARCHASB_STATEFUL_STEPS=50 make test`.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, rule, run_state_machine_as_test
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialogButtonBox

from desktop import i18n
from desktop.text.tokens import tokenize

from helpers import add_document
from journey import back_from_dialog, choose_menu, drag_select, on_modal, on_type_chooser, press, ready

pytestmark = [pytest.mark.gui, pytest.mark.slow]

DOCUMENTS = (
    ("a.txt", "😀 علی جهانگیری، معاون اول، به باکو رفت. در باکو با وزیر دیدار کرد."),
    ("b.txt", "بانک مرکزی نرخ را ۲۵ درصد اعلام کرد و بانک مرکزی می‌گوید تهران آرام است."),
    ("c.txt", "شرکت‌های ایرانی در تهران و باکو گسترش یافتند و باکو آرام ماند."),
)
HOTKEYS = {"1": "official", "2": "title", "3": "organisation", "4": "place"}
KEYS = {"1": Qt.Key_1, "2": Qt.Key_2, "3": Qt.Key_3, "4": Qt.Key_4}
EXAMPLES = int(os.environ.get("BARCHASB_STATEFUL_EXAMPLES", "10"))
STEPS = int(os.environ.get("BARCHASB_STATEFUL_STEPS", "25"))

# Relation types: name shown, hotkey, head labels, tail labels (the default scheme's for
# these labels, and «leads», a second type between an official and an organisation).
TYPES = {
    "holds": ("holds", "H", {"official"}, {"title"}),
    "of": ("of", "O", {"official", "title"}, {"organisation"}),
    "located_in": ("located in", "L", {"place"}, {"place"}),
    "leads": ("leads", "E", {"official"}, {"organisation"}),
}

Layer = dict[int, tuple[int, int, int, str]]  # span id -> (document index, start, end, label)
Relations = dict[int, tuple[int, int, int, str]]  # relation id -> (document index, head, tail, type)
State = tuple[Layer, Relations]
COUNTS: dict[str, int] = {}  # rule name -> times run (a run that did nothing proves nothing)


def _persian(word: str) -> bool:
    return all("\u0621" <= c <= "\u06cc" and not c.isdigit() or c == "\u200c" for c in word)


def _word_ranges(text: str) -> list[tuple[int, int]]:
    """One or two neighbouring Persian words: what an analyst drags over. (Where a
    drag starts or ends at the edge of a number or a Latin word, the edge is a
    right-to-left/left-to-right seam and its screen position is ambiguous to a
    mouse as much as to this test: those are labelled by double-click in the
    journeys instead.)"""
    tokens = tokenize(text)
    persian = [_persian(text[s:e]) for s, e in tokens]
    # Beside a Latin word or a number, the boundary's screen position is ambiguous too.
    inner = [
        tokens[i]
        for i in range(len(tokens))
        if persian[i]
        and (i == 0 or persian[i - 1] or not text[tokens[i - 1][0]].isalnum())
        and (i + 1 == len(tokens) or persian[i + 1] or not text[tokens[i + 1][0]].isalnum())
    ]
    pairs = [(a[0], b[1]) for a, b in zip(inner, inner[1:]) if text[a[1] : b[0]] == " "]
    return inner + pairs


RANGES = [_word_ranges(text) for _, text in DOCUMENTS]


def _occurrences(text: str, words: str) -> list[tuple[int, int]]:
    """Where `words` stand in `text` as whole words: from a token's start to a token's end."""
    tokens = tokenize(text)
    starts, ends = {s for s, _ in tokens}, {e for _, e in tokens}
    found, at = [], text.find(words)
    while at >= 0:
        if at in starts and at + len(words) in ends:
            found.append((at, at + len(words)))
        at = text.find(words, at + 1)
    return found


class WindowMachine(RuleBasedStateMachine):
    def __init__(self) -> None:
        super().__init__()
        self.folder = Path(tempfile.mkdtemp(prefix="barchasb-stateful-"))
        self.path = self.folder / "p.barchasb"
        self.application = None

    # --- set-up --------------------------------------------------------------------------

    @initialize()
    def open_window(self) -> None:
        from desktop.core.relations import RelationType
        from desktop.qt.app import Application, create_qt_app
        from desktop.settings import Settings
        from desktop.workspace import Workspace
        from desktop.workspace.relations import RelationSchemeEditor

        workspace = Workspace.create(self.path)
        workspace.set_annotator("sara")
        self.ids = [add_document(workspace, text, name) for name, text in DOCUMENTS]
        leads = RelationType("leads", "رهبری", "leads", "#1f6f8b", "E", heads=("official",), tails=("organisation",))
        RelationSchemeEditor(workspace).save_type(leads)
        workspace.close()
        app_settings = Settings()
        app_settings.set("language", "en")
        self.application = Application(create_qt_app(app_settings), app_settings)
        assert self.application.open(self.path, annotator="sara")
        ready(self.qtbot, self.window)
        self.layer: Layer = {}
        self.relations: Relations = {}
        self.doc = 0
        self.chosen: int | None = None
        self.selection: tuple[int, int] | None = None
        self.done: list[tuple[set[int], State, State]] = []  # (documents, before, after)
        self.undone: list[tuple[set[int], State, State]] = []

    def teardown(self) -> None:
        try:
            if self.application is not None:
                self.window.close()
                self.application.workspace.close()
        finally:
            shutil.rmtree(self.folder, ignore_errors=True)  # one folder per example: 140 a run

    @property
    def window(self):
        return self.application.window

    # --- reading the file ----------------------------------------------------------------

    def _stored(self) -> Layer:
        conn = sqlite3.connect(f"file:{self.path}?mode=ro", uri=True)
        try:
            rows = conn.execute('SELECT id, document_id, start, "end", label FROM spans').fetchall()
        finally:
            conn.close()
        return {i: (self.ids.index(doc), s, e, label) for i, doc, s, e, label in rows}

    def _stored_relations(self) -> Relations:
        conn = sqlite3.connect(f"file:{self.path}?mode=ro", uri=True)
        try:
            rows = conn.execute("SELECT id, document_id, head, tail, type FROM relations").fetchall()
        finally:
            conn.close()
        return {i: (self.ids.index(doc), head, tail, kind) for i, doc, head, tail, kind in rows}

    def _decided(self, state: str) -> set[tuple[int, int, str]]:
        """The shown document's suggestions in `state`, as (start, end, label)."""
        conn = sqlite3.connect(f"file:{self.path}?mode=ro", uri=True)
        try:
            rows = conn.execute(
                'SELECT start, "end", label FROM suggestions WHERE state = ? AND document_id = ?',
                [state, self.ids[self.doc]],
            ).fetchall()
        finally:
            conn.close()
        return {tuple(r) for r in rows}

    # --- the model's steps ---------------------------------------------------------------

    def _step(self, change, always: bool = False, documents: set[int] | None = None) -> None:
        """Apply a change to the model as one undo step (clearing redo); `always`: a
        step even when no span changes (a suggestion decided); `documents`: the ones
        it changes, when not only the shown one (label all in the whole project)."""
        before = (dict(self.layer), dict(self.relations))
        change()
        if (self.layer, self.relations) != before or always:
            self.done.append((documents or {self.doc}, before, (dict(self.layer), dict(self.relations))))
            self.undone.clear()

    def _relabel(self, span_id: int, label: str) -> None:
        """The span's new label, and its relations that label does not allow gone with it."""
        self.layer[span_id] = (*self.layer[span_id][:3], label)
        for rid, (_, head, tail, kind) in list(self.relations.items()):
            if span_id in (head, tail) and kind not in self._allowed(head, tail):
                del self.relations[rid]

    def _delete_span(self, span_id: int) -> None:
        del self.layer[span_id]
        for rid, (_, head, tail, _) in list(self.relations.items()):
            if span_id in (head, tail):
                del self.relations[rid]

    def _allowed(self, head: int, tail: int) -> list[str]:
        """The relation types allowed from span `head` to span `tail`, by their labels."""
        a, b = self.layer[head][3], self.layer[tail][3]
        return sorted(key for key, (_, _, heads, tails) in TYPES.items() if a in heads and b in tails)

    def _new_id(self, before: Layer) -> int:
        fresh = set(self._stored()) - set(before)
        assert len(fresh) == 1, f"expected one new span, the file has {fresh}"
        return fresh.pop()

    def _mine_at(self, start: int, end: int) -> list[int]:
        return sorted(i for i, (d, s, e, _) in self.layer.items() if d == self.doc and (s, e) == (start, end))

    def _label(self, label: str, another: bool) -> None:
        target = self.selection
        if target is None and self.chosen is not None:
            target = self.layer[self.chosen][1:3]
        if target is None:
            return
        here = self._mine_at(*target)
        same = [i for i in here if self.layer[i][3] == label]
        self.selection = None
        if same:
            self.chosen = same[0]
            return
        chosen_here = self.chosen if self.chosen in here else None
        relabel = None if another else (chosen_here if chosen_here is not None else (here[0] if here else None))
        if relabel is not None:
            self._step(lambda: self._relabel(relabel, label))
            self.chosen = relabel
            return
        before = dict(self.layer)
        new_id = self._new_id(before)
        self._step(lambda: self.layer.__setitem__(new_id, (self.doc, *target, label)))
        self.chosen = new_id

    def _open(self, doc: int) -> None:
        self.doc, self.chosen, self.selection = doc, None, None

    # --- rules: what an analyst does -------------------------------------------------------

    @rule(data=st.data())
    def select_words(self, data) -> None:
        start, end = data.draw(st.sampled_from(RANGES[self.doc]), label="words")
        drag_select(self.qtbot, self.window.view, start, end)
        self.selection, self.chosen = (start, end), None

    @rule(data=st.data(), key=st.sampled_from(sorted(HOTKEYS)))
    def label_words(self, data, key: str) -> None:
        """The commonest step, drawn as one so sequences build layers worth checking."""
        self.select_words(data)
        self.hotkey(key, False)

    @rule(key=st.sampled_from(sorted(HOTKEYS)), another=st.booleans())
    def hotkey(self, key: str, another: bool) -> None:
        press(self.qtbot, self.window, KEYS[key], Qt.ControlModifier if another else Qt.NoModifier)
        self._label(HOTKEYS[key], another)
        self.qtbot.wait(60)  # propagation runs a moment after the label

    @rule(forward=st.booleans())
    def tab(self, forward: bool) -> None:
        press(
            self.qtbot,
            self.window,
            Qt.Key_Tab if forward else Qt.Key_Backtab,
            Qt.NoModifier if forward else Qt.ShiftModifier,
        )
        ordered = sorted((s, e, i) for i, (d, s, e, _) in self.layer.items() if d == self.doc)
        if not ordered:
            return
        ids = [i for *_, i in ordered]
        if self.chosen not in ids:
            self.chosen = ids[0] if forward else ids[-1]
        else:
            self.chosen = ids[(ids.index(self.chosen) + (1 if forward else -1)) % len(ids)]
        self.selection = None

    @rule(data=st.data())
    def click_in_span_list(self, data) -> None:
        ordered = sorted((s, e, i) for i, (d, s, e, _) in self.layer.items() if d == self.doc)
        if not ordered:
            return
        row = data.draw(st.integers(0, len(ordered) - 1), label="row")
        table = self.window.span_panel.table
        self._wait_for_span_list([i for *_, i in ordered])
        index = table.model().index(row, 0)
        table.scrollTo(index)
        self.qtbot.mouseClick(table.viewport(), Qt.LeftButton, Qt.NoModifier, table.visualRect(index).center())
        self.chosen, self.selection = ordered[row][2], None

    def _wait_for_span_list(self, ids: list[int]) -> None:
        """The list follows the text one turn of the event loop behind (a 0 ms timer):
        an eye sees it current, but keys sent by a test run no event loop, so wait as
        an eye does. It must then show exactly the model's spans, in reading order."""
        model = self.window.span_panel.table.model()

        def listed() -> list[int]:
            return [model.span_at(r).id for r in range(model.rowCount())]

        try:
            self.qtbot.waitUntil(lambda: listed() == ids, timeout=2000)
        except Exception:
            raise AssertionError(f"the span list shows {listed()}, the model has {ids}") from None

    @rule(key=st.sampled_from(sorted(HOTKEYS)), everywhere=st.booleans(), apply=st.booleans())
    def label_all(self, key: str, everywhere: bool, apply: bool) -> None:
        """Ctrl+L on the selected words (or the chosen span): the dialog lists every
        whole-word occurrence, in this document or the project, and ticks those that
        carry no span yet (one with another label stays unticked); Apply labels the
        ticked ones as one undo step, Cancel nothing."""
        target = self.selection or (self.layer[self.chosen][1:3] if self.chosen is not None else None)
        if target is None:
            press(self.qtbot, self.window, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
            assert QApplication.activeModalWidget() is None
            return
        from desktop.qt.label_all import LabelAllDialog

        ticked: list[tuple[int, int, int]] = []

        def act(dialog) -> None:
            dialog.labels.setCurrentIndex(dialog.labels.findData(HOTKEYS[key]))
            if everywhere:
                self.qtbot.mouseClick(dialog.everywhere, Qt.MouseButton.LeftButton)
            ticked.extend((self.ids.index(o.document_id), o.start, o.end) for o in dialog.chosen())
            button = QDialogButtonBox.StandardButton.Apply if apply else QDialogButtonBox.StandardButton.Cancel
            self.qtbot.mouseClick(dialog.buttons.button(button), Qt.MouseButton.LeftButton)

        shown = on_modal(self.qtbot, act, wanted=lambda dialog: isinstance(dialog, LabelAllDialog))
        press(self.qtbot, self.window, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
        assert shown, "Ctrl+L showed no dialog"
        back_from_dialog(self.qtbot, self.window)
        assert QApplication.focusWidget() is self.window.view, "the text lost the keyboard to the dialog"
        words = DOCUMENTS[self.doc][1][slice(*target)]
        expected = [
            (d, s, e)
            for d in (range(len(DOCUMENTS)) if everywhere else [self.doc])
            for s, e in _occurrences(DOCUMENTS[d][1], words)
            if not any((d2, s2, e2) == (d, s, e) for d2, s2, e2, _ in self.layer.values())
        ]
        assert ticked == expected, f"ticked {ticked}, the model expects {expected}"
        if not apply or not expected:
            return
        COUNTS["label all"] = COUNTS.get("label all", 0) + 1
        before = dict(self.layer)
        fresh = {i: row for i, row in self._stored().items() if i not in before}
        assert sorted(row[:3] for row in fresh.values()) == expected, f"label all made {fresh}"
        self._step(lambda: self.layer.update(fresh), documents={d for d, *_ in expected})

    @rule()
    def delete(self) -> None:
        press(self.qtbot, self.window, Qt.Key_Delete)
        if self.chosen is not None:
            gone = self.chosen
            self._step(lambda: self._delete_span(gone))
            self.chosen = None

    # --- relations ------------------------------------------------------------------------

    def _drag_chip(self, head: int, tail: int) -> None:
        view = self.window.view
        view.viewport().repaint()
        a, b = view.chip_rect(head), view.chip_rect(tail)
        assert a is not None and b is not None, "a span's chip is not on screen"
        start, end = a.center().toPoint(), b.center().toPoint()
        port = view.viewport()
        self.qtbot.mousePress(port, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, start)
        self.qtbot.mouseMove(port, (start + end) / 2)
        self.qtbot.mouseMove(port, end)
        self.qtbot.mouseRelease(port, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, end)

    def _answer_chooser(self, kind: str | None, offered: list[str], act) -> None:
        """`act` pops the type chooser up: it must list `offered`; answer with `kind`'s hotkey (None: Escape)."""
        seen = on_type_chooser(self.qtbot, TYPES[kind][1] if kind else None)
        act()
        self.qtbot.waitUntil(lambda: bool(seen), timeout=5000)
        self.qtbot.waitUntil(lambda: QApplication.focusWidget() is self.window.view, timeout=5000)
        if i18n.language() == "en":
            assert sorted(seen[0]) == sorted(f"{TYPES[k][0]}\t{TYPES[k][1]}" for k in offered), seen[0]
        else:  # the types' Persian names: told by their hotkeys
            assert sorted(item.split("\t")[-1] for item in seen[0]) == sorted(TYPES[k][1] for k in offered), seen[0]

    def _click_arc(self, relation_id: int) -> None:
        view = self.window.view
        view.viewport().repaint()
        arc = next(a for a in view.relation_arcs() if a.relation.id == relation_id)
        point = arc.label.center().toPoint()
        self.qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, point)
        assert self.window.relations.chosen == relation_id, "the click on the arc chose another relation"

    def _free(self, head: int, tail: int, but: str | None = None) -> list[str]:
        """Types allowed from head to tail that these spans do not have yet."""
        have = {kind for d, h, t, kind in self.relations.values() if (h, t) == (head, tail)}
        return [k for k in self._allowed(head, tail) if k not in have and k != but]

    def _alone(self) -> list[int]:
        """The shown document's spans no other span shares its words with. (A drag from a chip
        relates the span of the chip's words: of two on the same words, the older one.)"""
        here = [(s, e) for d, s, e, _ in self.layer.values() if d == self.doc]
        return sorted(i for i, (d, s, e, _) in self.layer.items() if d == self.doc and here.count((s, e)) == 1)

    @rule(data=st.data(), kind=st.sampled_from(sorted(TYPES)))
    def label_and_relate(self, data, kind: str) -> None:
        """Label two places with labels a type allows, then relate them: drawn as one step so
        sequences hold relations worth checking."""
        _, _, heads, tails = TYPES[kind]
        keys = {label: key for key, label in HOTKEYS.items()}
        self.select_words(data)
        self.hotkey(keys[data.draw(st.sampled_from(sorted(heads)), label="head label")], False)
        head = self.chosen
        self.select_words(data)
        self.hotkey(keys[data.draw(st.sampled_from(sorted(tails)), label="tail label")], False)
        tail = self.chosen
        alone = self._alone()
        if head in alone and tail in alone and head != tail:
            self._relate(data, head, tail)

    # Drawn twice as often as any other rule: a relation needs two labels a type allows first.
    label_and_relate_again = label_and_relate

    @rule(data=st.data())
    def relate(self, data) -> None:
        """Drag from one span's chip to another's; the popup offers the types their labels allow."""
        here = self._alone()
        if len(here) < 2:
            return
        head, tail = data.draw(st.permutations(here), label="head, tail")[:2]
        self._relate(data, head, tail)

    def _relate(self, data, head: int, tail: int) -> None:
        offered = self._allowed(head, tail)
        kind = data.draw(st.sampled_from([*self._free(head, tail), None]), label="type")
        self.escape()
        if not offered:
            self._drag_chip(head, tail)
            said = i18n.tr("No relation type is allowed between these two labels")
            assert self.window.statusBar().currentMessage() == said
        else:
            self._answer_chooser(kind, offered, lambda: self._drag_chip(head, tail))
        if kind is not None:
            fresh = {i: row for i, row in self._stored_relations().items() if i not in self.relations}
            assert list(fresh.values()) == [(self.doc, head, tail, kind)], f"drawing made {fresh}"
            COUNTS["relations drawn"] = COUNTS.get("relations drawn", 0) + 1
            self._step(lambda: self.relations.update(fresh))
        self.escape()

    @rule(data=st.data())
    def retype_relation(self, data) -> None:
        """Click a relation's arc, Alt+R: the popup offers the types its ends allow."""
        here = sorted(i for i, (d, *_) in self.relations.items() if d == self.doc)
        if not here:
            return
        rid = data.draw(st.sampled_from(here), label="relation")
        doc, head, tail, old = self.relations[rid]
        kind = data.draw(st.sampled_from([*self._free(head, tail, but=old), None]), label="type")
        self.escape()
        self._click_arc(rid)
        self._answer_chooser(
            kind, self._allowed(head, tail), lambda: press(self.qtbot, self.window, Qt.Key.Key_R, Qt.AltModifier)
        )
        if kind is not None:
            COUNTS["relations retyped"] = COUNTS.get("relations retyped", 0) + 1
            self._step(lambda: self.relations.__setitem__(rid, (doc, head, tail, kind)))
        self.escape()

    @rule(data=st.data())
    def delete_relation(self, data) -> None:
        """Click a relation's arc, Delete: the relation goes, its spans stay."""
        here = sorted(i for i, (d, *_) in self.relations.items() if d == self.doc)
        if not here:
            return
        rid = data.draw(st.sampled_from(here), label="relation")
        self.escape()
        self._click_arc(rid)
        press(self.qtbot, self.window, Qt.Key_Delete)
        COUNTS["relations deleted"] = COUNTS.get("relations deleted", 0) + 1
        self._step(lambda: self.relations.pop(rid))
        self.escape()

    @rule()
    def escape(self) -> None:
        press(self.qtbot, self.window, Qt.Key_Escape)
        self.chosen, self.selection = None, None

    @rule(redo=st.booleans())
    def undo_or_redo(self, redo: bool) -> None:
        if redo:
            press(self.qtbot, self.window, Qt.Key_Z, Qt.ControlModifier | Qt.ShiftModifier)
        else:
            press(self.qtbot, self.window, Qt.Key_Z, Qt.ControlModifier)
        source, target = (self.undone, self.done) if redo else (self.done, self.undone)
        if not source:
            return
        documents, before, after = source.pop()
        target.append((documents, before, after))
        self.layer, self.relations = (dict(part) for part in (after if redo else before))
        if self.doc not in documents:  # a step elsewhere: the window shows its first document
            self._open(min(documents))
        elif self.chosen not in self.layer:
            self.chosen = None

    @rule(forward=st.booleans())
    def next_document(self, forward: bool) -> None:
        press(self.qtbot, self.window, Qt.Key_PageDown if forward else Qt.Key_PageUp, Qt.ControlModifier)
        self._open((self.doc + (1 if forward else -1)) % len(DOCUMENTS))

    @rule(accept=st.booleans())
    def decide_suggestion(self, accept: bool) -> None:
        """S then Y or X. Which suggestions exist is the window's business (propagation
        runs a moment after a label, later under load), so this step is judged by its
        effect: S chose one or nothing; Y made at most one span, in the shown document,
        from a suggestion it accepted; X made none. Every decision is an undo step, also
        accepting words the layer already has with that label (no span is made then)."""
        before = dict(self.layer)
        decided = self._decided("accepted"), self._decided("rejected")
        press(self.qtbot, self.window, Qt.Key.Key_S)
        stepped = (self.window.view.current_mark() or 0) < 0
        if stepped:
            self.chosen = None  # S chose a suggestion instead
        press(self.qtbot, self.window, Qt.Key.Key_Y if accept else Qt.Key.Key_X)
        fresh = set(self._stored()) - set(before)
        if fresh:
            assert accept and len(fresh) == 1, f"{'Y' if accept else 'X'} made spans {fresh}"
            new_id = fresh.pop()
            stored = self._stored()[new_id]
            assert stored[0] == self.doc and stored[1:] in self._decided("accepted"), stored
            self._step(lambda: self.layer.__setitem__(new_id, stored))
            self.chosen, self.selection = new_id, None
        elif (self._decided("accepted"), self._decided("rejected")) != decided:
            self._step(lambda: None, always=True)

    @rule()
    def switch_language(self) -> None:
        other = "English" if i18n.language() == "fa" else "فارسی"
        # The new window takes the old one's geometry, which the offscreen platform's
        # 800-pixel screen makes narrower: from here on the lines wrap.
        choose_menu(self.qtbot, self.window, i18n.tr("View"), other)
        ready(self.qtbot, self.window)
        self.selection = None  # the chosen span is carried into the rebuilt window; a bare selection is not

    # --- after every step ----------------------------------------------------------------

    @invariant()
    def file_matches_model(self) -> None:
        if self.application is None:
            return
        COUNTS["steps"] = COUNTS.get("steps", 0) + 1
        COUNTS["spans"] = max(COUNTS.get("spans", 0), len(self.layer))
        assert self._stored() == self.layer
        assert self.window.view.text() == DOCUMENTS[self.doc][1]
        shown = {i: (self.window.view.mark(i).start, self.window.view.mark(i).end) for i in self.window.editor.spans}
        assert shown == {i: (s, e) for i, (d, s, e, _) in self.layer.items() if d == self.doc}
        assert self._stored_relations() == self.relations
        COUNTS["relations"] = max(COUNTS.get("relations", 0), len(self.relations))
        self.window.view.viewport().repaint()
        drawn = sorted(a.relation.id for a in self.window.view.relation_arcs())
        assert drawn == sorted(i for i, (d, *_) in self.relations.items() if d == self.doc)

    @invariant()
    def choice_matches_model(self) -> None:
        if self.application is None:
            return
        mark = self.window.view.current_mark()
        if self.chosen is None:
            assert mark is None or mark < 0  # nothing chosen, or a suggestion
        else:
            assert self.window.view.current_mark() == self.chosen
        assert self.window.view.selected_range() == self.selection  # what a hotkey would label


def test_random_action_sequences_keep_the_file_equal_to_the_model(qtbot):
    WindowMachine.qtbot = qtbot
    COUNTS.clear()
    run_state_machine_as_test(
        WindowMachine,
        settings=settings(
            max_examples=EXAMPLES,
            stateful_step_count=STEPS,
            deadline=None,
            derandomize=bool(os.environ.get("CI")),  # CI: the same sequences every run; by hand: new ones
            suppress_health_check=list(HealthCheck),
        ),
    )
    print(COUNTS)
    assert COUNTS["steps"] >= 200 and COUNTS["spans"] >= 3 and COUNTS.get("relations drawn", 0) >= 1
