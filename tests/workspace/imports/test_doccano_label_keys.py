"""A doccano record whose span label cannot be a label key is refused with its line, every such
record named (`annotated._check`, which looks each label up in the keys passed so far; issue 17
made it do so without a list and a dict of the record's labels). Passes before and after: the
check's behaviour, which no import test covered, is what it keeps."""

from __future__ import annotations

import json

from desktop.workspace import Workspace
from desktop.workspace.imports.annotated import ImportOptions, import_annotated


def test_each_record_with_a_label_that_cannot_be_a_key_is_named(tmp_path):
    lines = [
        {"text": "تهران و شیراز", "label": [[0, 5, "place"]]},
        {"text": "تهران و شیراز", "label": [[0, 5, "place"], [8, 13, "bad label"]]},
        {"text": "شیراز", "label": [[0, 5, "bad label"]]},
        {"text": "تبریز", "label": [[0, 5, "place"], [0, 5, "city"]]},
    ]
    source = tmp_path / "a.jsonl"
    source.write_text("".join(json.dumps(line, ensure_ascii=False) + "\n" for line in lines), encoding="utf-8")
    workspace = Workspace.create(tmp_path / "project.barchasb")
    try:
        refused = import_annotated(workspace, "tester", source, ImportOptions("doccano"))
        kept = import_annotated(workspace, "tester", source, ImportOptions("doccano", skip_invalid=True))
    finally:
        workspace.close()
    assert refused.outcome == "skipped" and [b.line for b in refused.bad_records] == [2, 3]
    assert refused.bad_records[0].reason == "label key 'bad label' must be 1-64 letters, digits or _-."
    assert kept.outcome == "imported" and kept.spans_added == 3 and kept.labels_added == ["city"]
