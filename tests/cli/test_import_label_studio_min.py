"""Label Studio's JSON_MIN export: detected as Label Studio (not doccano) and imported.

The fixture is shaped like label-studio-converter's `convert_to_json_min` output
(`json.dump(record, indent=2, ensure_ascii=False)` per record): one object per
annotation with the task's data keys, the regions under the control tag's name
(`label`), and `annotator` as the user's id. It holds the annotations of tasks
41-43 of label-studio-1.23.2.json, so both imports must give the same layers.
"""

from __future__ import annotations

import json
from pathlib import Path

from desktop.cli import main
from desktop.formats.detect import detect_by_content
from tests.cli.test_import_label_studio import FIXTURE as FULL
from tests.cli.test_import_label_studio import MAP, done, layers, rows

FIXTURE = Path(__file__).parent.parent / "fixtures" / "label-studio-json-min.json"


def test_json_min_is_detected_as_label_studio():
    assert detect_by_content(FIXTURE, FIXTURE.read_text(encoding="utf-8")) == "label-studio"


def test_json_min_imports_the_same_layers_as_the_full_export(tmp_path, capsys):
    project, full = tmp_path / "min.barchasb", tmp_path / "full.barchasb"
    for path in (project, full):
        assert main(["init", str(path)]) == 0
    capsys.readouterr()
    assert main(["import", str(project), str(FIXTURE), *MAP]) == 0
    captured = capsys.readouterr()
    assert captured.err == ""
    assert f"imported {FIXTURE} (label-studio: 3 documents added" in captured.out
    assert main(["import", str(full), str(FULL), *MAP]) == 0
    assert layers(project) == {
        "sara": [("باکو", "LOC"), ("تهران", "LOC"), ("علی جهانگیری", "PER")],
        "omid": [("باکو", "LOC"), ("تهران", "LOC")],
    }
    # the empty annotations of task 43 are finished work too, as in the full export
    assert done(project) == done(full)[:6]
    assert rows(project, "SELECT count(*) FROM documents") == [(3,)]


def test_an_unmapped_user_id_gets_the_same_layer_as_in_the_full_export(tmp_path):
    project = tmp_path / "p.barchasb"
    assert main(["init", str(project)]) == 0
    assert main(["import", str(project), str(FIXTURE)]) == 0
    assert set(layers(project)) == {"ls-1", "ls-2"}


def test_a_data_key_stays_metadata_and_annotation_keys_do_not(tmp_path):
    record = json.loads(FIXTURE.read_text(encoding="utf-8"))[0]
    record["source"] = "irna"
    path = tmp_path / "one.json"
    path.write_text(json.dumps([record], ensure_ascii=False), encoding="utf-8")
    project = tmp_path / "p.barchasb"
    assert main(["init", str(project)]) == 0
    assert main(["import", str(project), str(path), *MAP]) == 0
    [(meta,)] = rows(project, "SELECT meta FROM documents")
    assert json.loads(meta)["fields"] == {"source": "irna"}  # no annotator, annotation_id, lead_time
