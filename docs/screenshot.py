"""Make docs/screenshot.png: the real window on a sample document with some labels.

Run under a display (e.g. `xvfb-run -s "-screen 0 1400x900x24" .venv/bin/python
docs/screenshot.py`) or offscreen. Uses a throwaway project and settings.
`docs/screenshot.py OUT LANGUAGE THEME review|review-relations|agreement|find|scheme|relations|panels`
shoots review mode (docs/review.png), review mode with the two layers' relations
(docs/review-relations.png) or the agreement dialog (docs/agreement.png) on two
annotators' merged work, or the find bar (docs/find.png) or the label scheme
editor (docs/scheme.png), or relations drawn as arcs between chips, one chosen
(docs/relations-window.png), or the span details and entities panels (docs/panels.png), instead.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LABELS = [  # (text in sample document 000, label)
    ("معاون هماهنگی امور اقتصادی استاندار آذربایجان شرقی", "title"),
    ("آذربایجان شرقی", "place"),
    ("باکو", "place"),
    ("علی جهانگیری", "official"),
    ("جمهوری اسلامی ایران", "place"),
    ("سه روزه", "date"),
    ("وزیر صمت", "title"),
]


def build_project(folder: Path) -> Path:
    from desktop.workspace import Workspace
    from desktop.workspace.imports.plain import import_files
    from desktop.workspace.suggestions.decisions import Suggestions

    path = folder / "sample.barchasb"
    workspace = Workspace.create(path)
    workspace.set_annotator("سارا")
    import_files(workspace, "سارا", [ROOT / "seeds"])
    text = workspace.repo.document_text(1)
    for phrase, label in LABELS:
        start = text.find(phrase)
        if start >= 0:
            workspace.add_span(1, start, start + len(phrase), label)
    Suggestions(workspace).run_suggesters([1])  # rules and gazetteers: pale, dashed
    workspace.close()
    return path


TEAM = {  # annotator: (text, label) in sample document 000; they differ as teams do
    "سارا": LABELS[:5] + [("اقتصادی استان", "organisation")],
    "امید": [
        ("آذربایجان شرقی", "organisation"),
        ("باکو", "organisation"),
        ("علی جهانگیری", "official"),
        ("جمهوری اسلامی ایران", "place"),
        ("آذربایجان", "place"),
        ("وزیر صمت", "title"),
    ],
}


RELATED = {  # annotator: spans (text, label, occurrence) and relations (head, type, tail) by span index
    "سارا": (
        [("علی جهانگیری", "official", 0), ("معاون هماهنگی امور اقتصادی استاندار آذربایجان شرقی", "title", 0),
         ("باکو", "place", 2), ("جمهوری آذربایجان", "place", 0), ("هیأت تجاری و اقتصادی", "organisation", 0)],
        [(0, "holds", 1), (2, "located_in", 3)],
    ),
    "امید": (
        [("علی جهانگیری", "official", 0), ("معاون هماهنگی امور اقتصادی", "title", 0),
         ("باکو", "place", 2), ("جمهوری آذربایجان", "place", 0), ("هیأت تجاری و اقتصادی", "organisation", 0)],
        [(0, "holds", 1), (2, "located_in", 3), (0, "of", 4)],
    ),
}  # fmt: skip


def build_review_project(folder: Path, relations: bool = False) -> Path:
    """Each annotator's own file, merged into the reviewer's project (with `relations`: the
    spans and relations of RELATED)."""
    from desktop.workspace import Workspace
    from desktop.workspace.imports.plain import import_files
    from desktop.workspace.merge.projects import merge_projects

    files = []
    for name in TEAM:
        files.append(folder / f"{len(files)}.barchasb")
        workspace = Workspace.create(files[-1])
        workspace.set_annotator(name)
        import_files(workspace, name, [sorted((ROOT / "seeds").glob("000_*.txt"))[0]])
        if relations:
            _relate(workspace, *RELATED[name])
        else:
            text = workspace.repo.document_text(1)
            for phrase, label in TEAM[name]:
                start = text.find(phrase)
                workspace.add_span(1, start, start + len(phrase), label)
        workspace.close()
    path = folder / "review.barchasb"
    Workspace.create(path).close()
    with Workspace.open(path) as target:
        merge_projects(target, files)
    return path


def _relate(workspace, spans: list[tuple[str, str, int]], relations: list[tuple[int, str, int]]) -> None:
    from desktop.workspace.relations import Relations

    text, ids = workspace.repo.document_text(1), []
    for phrase, label, occurrence in spans:
        start = -1
        for _ in range(occurrence + 1):
            start = text.index(phrase, start + 1)
        ids.append(workspace.add_span(1, start, start + len(phrase), label).id)
    for head, kind, tail in relations:
        Relations(workspace).add(ids[head], ids[tail], kind)


def shoot_review_relations(application) -> object:
    """Review mode on two layers with relations: the agreed spans and relation accepted (gold
    arcs, starred), the rest drawn per layer, one candidate chosen."""
    review = shoot_review(application)
    review.relations.step(True)
    return review


def shoot_review(application) -> object:
    """Review mode with the agreed spans accepted: what is left, coloured by class."""
    window = application.window
    window.actions_by_id["review_mode"].trigger()
    review = window.review_window
    review.resize(1360, 820)
    review.commands.accept_agreed()
    return review


def shoot_agreement(application) -> object:
    """The agreement dialog with the pair's disagreements listed."""
    window = application.window
    window.actions_by_id["agreement"].trigger()
    dialog = window.agreement_dialog
    dialog.resize(1240, 560)
    return dialog


def shoot_find(application) -> object:
    """The main window with the find bar open: every «باکو» tinted, one selected."""
    window = application.window
    window.find_bar.open()
    window.find_bar.field.setText("باکو")
    window.find_bar.step(True)
    return window


def shoot_scheme(application) -> object:
    """The label scheme editor over the main window."""
    from desktop.qt.scheme_dialog import SchemeDialog

    dialog = SchemeDialog(application.window.bridge, application.window)
    dialog.show()
    return dialog


def shoot_relations(application) -> object:
    """The main window with relations between the labelled spans, the first one chosen."""
    from desktop.workspace.relations import Relations

    window = application.window
    relations = Relations(window.bridge.workspace)
    spans = {window.editor.text[s.start : s.end]: s.id for s in window.editor.spans.values()}
    first = None
    for head, kind, tail in (
        ("علی جهانگیری", "holds", "وزیر صمت"),
        ("آذربایجان شرقی", "located_in", "جمهوری اسلامی ایران"),
        ("باکو", "located_in", "آذربایجان شرقی"),
    ):
        if head in spans and tail in spans:
            changes = relations.add(spans[head], spans[tail], kind)
            first = first or changes.relations_added[0]
    window.relations.choose(first)
    return window


def shoot_panels(application) -> object:
    """The span details panel on a chosen title (its role level set, linked to an entity)
    and the entities panel: the registry, the chosen entity's mentions."""
    from desktop.workspace.relations import Entities, SpanAttributes

    window = application.window
    workspace = window.bridge.workspace
    spans = {window.editor.text[s.start : s.end]: s.id for s in window.editor.spans.values()}
    entities = Entities(workspace)
    entities.create_from_span(spans["علی جهانگیری"])
    [minister] = entities.create("وزیر صنعت، معدن و تجارت", "title", ("وزیر صمت",)).entities_added
    entities.link(spans["وزیر صمت"], minister)
    SpanAttributes(workspace).set(spans["وزیر صمت"], "role_level", "minister")
    window.editor.select_span(spans["وزیر صمت"])
    window.show_entities()
    window.entity_panel.list.setCurrentRow(1)
    return window


def main(out: str, language: str = "fa", theme: str = "light", screen: str = "main") -> None:
    folder = Path(tempfile.mkdtemp())
    os.environ["XDG_CONFIG_HOME"] = str(folder / "config")
    os.environ["BARCHASB_HOME"] = str(folder / "data")
    from PySide6.QtCore import QTimer

    from desktop.qt.app import Application, create_qt_app
    from desktop.settings import Settings

    settings = Settings()
    settings.set("language", language)
    settings.set("theme", theme)
    app = create_qt_app(settings)
    application = Application(app, settings)
    own = screen in ("main", "find", "scheme", "relations", "panels")
    project = build_project(folder) if own else build_review_project(folder, screen == "review-relations")
    application.open(project, annotator="سارا" if own else "مریم")
    window = application.window
    window.resize(1360, 860)
    if screen == "main":
        window.editor.select_span(next(iter(window.editor.spans)))
    shown = {
        "main": lambda _: window,
        "review": shoot_review,
        "review-relations": shoot_review_relations,
        "agreement": shoot_agreement,
        "find": shoot_find,
        "scheme": shoot_scheme,
        "relations": shoot_relations,
        "panels": shoot_panels,
    }[screen](application)

    def shoot() -> None:
        if screen == "agreement":
            if shown.report is None:  # still computing
                QTimer.singleShot(200, shoot)
                return
            shown.matrix.cellClicked.emit(0, 1)  # the pair's disagreements
        shown.grab().save(out)
        print(f"wrote {out}")
        app.quit()

    QTimer.singleShot(800, shoot)
    app.exec()


if __name__ == "__main__":
    main(*(sys.argv[1:] or [str(ROOT / "docs" / "screenshot.png")]))
