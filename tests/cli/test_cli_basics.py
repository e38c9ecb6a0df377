import json
import os
import subprocess
import sys

import pytest

from desktop.cli import main

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def run_cli(*args: str, **env) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "desktop", *args],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={**os.environ, **env},
        timeout=120,
    )


def test_importing_the_cli_loads_no_qt():
    code = (
        "import sys, desktop, desktop.cli, desktop.workspace, desktop.workspace.imports.plain;"
        "from desktop.cli import build_parser; build_parser();"
        "print(sorted(m for m in sys.modules if m.startswith(('PySide6', 'shiboken'))))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_stats_runs_without_loading_qt(project_path):
    main(["init", str(project_path)])
    code = (
        "import sys; from desktop.cli import main; rc = main(['stats', sys.argv[1], '--json']);"
        "assert not [m for m in sys.modules if m.startswith('PySide6')], 'Qt loaded'; sys.exit(rc)"
    )
    out = subprocess.run([sys.executable, "-c", code, str(project_path)], capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    assert json.loads(out.stdout)["documents"] == 0


def test_python_dash_m_desktop_is_the_cli():
    out = run_cli("--version")
    assert out.returncode == 0 and out.stdout.strip() == "barchasb 0.1.0"


def test_init_then_stats_json(project_path, capsys):
    assert main(["init", str(project_path)]) == 0
    assert "8 labels" in capsys.readouterr().out
    assert main(["stats", str(project_path), "--json"]) == 0
    stats = json.loads(capsys.readouterr().out)
    assert stats["documents"] == 0 and stats["spans"] == 0
    assert list(stats["spans_per_label"]) == [
        "official",
        "title",
        "organisation",
        "place",
        "figure",
        "date",
        "agreement",
        "event",
    ]


def test_init_twice_is_a_one_line_error(project_path, capsys):
    main(["init", str(project_path)])
    capsys.readouterr()
    assert main(["init", str(project_path)]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "already exists" in err and str(project_path) in err


@pytest.mark.parametrize("content", [b"not sqlite at all" * 50, b"SQLite format 3\x00" + b"\x00" * 50])
def test_a_broken_project_is_one_line_on_stderr_no_traceback(tmp_path, content):
    bad = tmp_path / "bad.barchasb"
    bad.write_bytes(content)
    out = run_cli("stats", str(bad))
    assert out.returncode == 1
    assert "Traceback" not in out.stderr
    assert out.stderr.startswith(f"barchasb: error: {bad}") and out.stderr.count("\n") == 1
    assert bad.read_bytes() == content


def test_unknown_command_is_a_usage_error():
    out = run_cli("frobnicate")
    assert out.returncode == 2 and "invalid choice" in out.stderr


def test_gui_without_a_display_is_a_clear_error():
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")}
    out = subprocess.run(
        [sys.executable, "-m", "desktop", "gui"], capture_output=True, text=True, cwd=ROOT, env=env, timeout=60
    )
    assert out.returncode == 1
    assert "no display" in out.stderr and "Traceback" not in out.stderr
