"""Importing a package with some of the packages it would pull in hidden.

hazm and sqlite-utils import numpy, pandas, spaCy and friends only because they are
installed (ours: the test extras), for features Barchasb never uses; hidden while they
load, start-up saves seconds and hundreds of MB. Importing the hidden ones later works.
"""

from __future__ import annotations

import importlib
import sys
from collections.abc import Iterable

# thinc (under spaCy) imports these whenever they are installed, to offer their models; Barchasb's
# DocBins and its from-scratch NER run on thinc's numpy ops. With the transformers extra installed,
# torch alone made `import spacy` 1.8 s slower and ~600 MB bigger (the spaCy export's peak 271 ->
# 826 MB). Hidden only while spaCy loads: importing torch afterwards works as usual.
THINC_EXTRAS = ("torch", "tensorflow", "mxnet", "cupy")


def import_without(module: str, hidden: Iterable[str]) -> None:
    """Import `module` (if not yet imported) while each of `hidden` that is not loaded yet
    raises ImportError; afterwards they import as usual."""
    if module in sys.modules:
        return
    hiding = [name for name in hidden if name not in sys.modules]
    for name in hiding:
        sys.modules[name] = None  # type: ignore[assignment]  # `import name` raises ImportError
    try:
        importlib.import_module(module)
    finally:
        for name in hiding:
            if sys.modules.get(name, 0) is None:
                del sys.modules[name]
