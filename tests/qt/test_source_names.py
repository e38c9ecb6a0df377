"""Suggestion sources as the chips name them: imported Label Studio predictions by their model."""

from __future__ import annotations

import pytest

from desktop import i18n
from desktop.qt.source_names import source_name

pytestmark = pytest.mark.gui


@pytest.mark.parametrize(
    "language, shown",
    [
        ("en", "Label Studio model «\u2068ner v2\u2069»"),
        ("fa", "مدل «\u2068ner v2\u2069» در Label Studio"),
    ],
)
def test_an_imported_prediction_is_named_after_its_model(language, shown):
    i18n.set_language(language)
    try:
        assert source_name("label-studio:ner v2") == shown
    finally:
        i18n.set_language("en")
