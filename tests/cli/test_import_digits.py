"""`barchasb import` keeps digits, numbers and Latin words as written by default;
`--unify-digits` (or `barchasb init --unify-digits`) makes the digits of numbers Persian."""

from __future__ import annotations

import json
import sqlite3

import pytest

from desktop.cli import main

RAW = "تاريخ 2025-11-12 نسخه 2.0 تلفن +98-21-1234 و COVID-19\n"


def stored(project) -> tuple[str, dict]:
    conn = sqlite3.connect(project)
    try:
        text, meta = conn.execute("SELECT text, meta FROM documents").fetchone()
    finally:
        conn.close()
    return text, json.loads(meta)


@pytest.fixture
def article(tmp_path):
    path = tmp_path / "article.txt"
    path.write_text(RAW, encoding="utf-8")
    return path


def test_default_import_keeps_every_digit_and_number(project_path, article):
    assert main(["init", str(project_path)]) == 0
    assert main(["import", str(project_path), str(article)]) == 0
    text, meta = stored(project_path)
    assert text == "تاریخ 2025-11-12 نسخه 2.0 تلفن +98-21-1234 و COVID-19"  # only the yeh changed
    assert meta["unified_digits"] is False


def test_unify_digits_converts_the_digits_of_numbers(project_path, article):
    assert main(["init", str(project_path)]) == 0
    assert main(["import", str(project_path), str(article), "--unify-digits"]) == 0
    text, meta = stored(project_path)
    assert text == "تاریخ ۲۰۲۵-۱۱-۱۲ نسخه ۲.۰ تلفن +۹۸-۲۱-۱۲۳۴ و COVID-19"
    assert meta["unified_digits"] is True and meta["changes"]["digits"] == 18


def test_init_unify_digits_is_the_projects_default_and_can_be_overridden(project_path, article, tmp_path):
    assert main(["init", str(project_path), "--unify-digits"]) == 0
    assert main(["import", str(project_path), str(article)]) == 0
    assert stored(project_path)[0].startswith("تاریخ ۲۰۲۵-۱۱-۱۲")
    other = tmp_path / "other.barchasb"
    assert main(["init", str(other), "--unify-digits"]) == 0
    assert main(["import", str(other), str(article), "--no-unify-digits"]) == 0
    assert stored(other)[0].startswith("تاریخ 2025-11-12")


def test_no_normalize_stores_verbatim_and_refuses_unify_digits(project_path, article, capsys):
    assert main(["init", str(project_path)]) == 0
    assert main(["import", str(project_path), str(article), "--no-normalize", "--unify-digits"]) == 1
    assert "--unify-digits" in capsys.readouterr().err
    assert main(["import", str(project_path), str(article), "--no-normalize"]) == 0
    assert stored(project_path)[0] == RAW
