"""hazm loads without the heavy packages its own package imports only because they are
installed (spaCy, numpy, ...): a first normalisation in the window or the CLI takes ~1.5 s
and ~200 MB, not ~3.7 s and ~400 MB (docs/performance.md, session 5)."""

from __future__ import annotations

import subprocess
import sys
import textwrap


def test_normalising_loads_neither_spacy_nor_numpy_and_both_still_import_later():
    script = textwrap.dedent(
        """
        import sys
        from desktop.text.hazm_bridge import hazm_normalize

        print(hazm_normalize("مي روم به كتابخانه"))
        print(sorted(name for name in ("spacy", "numpy", "scipy") if name in sys.modules))
        import numpy  # hidden only while hazm loaded

        print(numpy.__name__)
        """
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    normalised, loaded, later = done.stdout.splitlines()[-3:]
    assert normalised == "می‌روم به کتابخانه"
    assert (loaded, later) == ("[]", "numpy")
