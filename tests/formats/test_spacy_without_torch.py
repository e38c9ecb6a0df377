"""spaCy loads without torch, even where the transformers extra installed it.

thinc imports torch whenever it is installed; for the spacy export and the from-scratch NER that
cost 1.8 s and ~600 MB a process (the export's peak 271 -> 826 MB). Each case runs in a fresh
interpreter, since this test process may have loaded torch already.
"""

from __future__ import annotations

import importlib.util
import subprocess
import sys

import pytest

pytest.importorskip("spacy")

PROBE = """
import sys
from {module} import _spacy
_spacy()
print("torch" in sys.modules)
if {torch_installed}:
    import torch  # afterwards torch imports as usual (the local-model suggester needs it)
    print(torch.__name__)
"""


@pytest.mark.parametrize("module", ["desktop.formats.spacy_docbin", "desktop.suggest.spacy_ner"])
def test_spacy_is_loaded_without_torch_and_torch_imports_afterwards(module: str) -> None:
    installed = importlib.util.find_spec("torch") is not None
    out = subprocess.run(
        [sys.executable, "-c", PROBE.format(module=module, torch_installed=installed)],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    assert out[0] == "False"
    assert out[1:] == (["torch"] if installed else [])
