"""A team project's refusal (the server's "permission denied") in the window's language."""

from __future__ import annotations

import pytest

from desktop import i18n
from desktop.qt.reasons import explain_error
from desktop.storage.postgres.refusal import refusal

pytestmark = pytest.mark.gui


@pytest.fixture
def persian():
    i18n.set_language("fa")
    yield
    i18n.set_language("en")


def test_the_persian_window_words_the_servers_refusal(persian):
    refused = refusal('new row violates row-level security policy for table "spans"', "annotator")
    assert explain_error(refused) == "دسترسی رد شد: نوشتن در لایهٔ برچسب‌گذار دیگر برای برچسب‌گذاران مجاز نیست"
    assert str(refused) == "permission denied: annotators cannot write into another annotator's layer"


def test_the_english_window_shows_what_the_terminal_prints():
    refused = refusal("permission denied for table labels", "curator")
    assert explain_error(refused) == str(refused) == "permission denied: curators cannot change the scheme"
