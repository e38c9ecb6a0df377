"""bench/compare.py: a loaded --quick run's ratios against a quiet run's, within 1.5x or not."""

from __future__ import annotations

from bench.compare import compare, report, within


def _results(git: str, *rows: dict) -> dict:
    return {"machine": {"git": git, "load_before": 9.5, "load_after": 10.25}, "cases": list(rows)}


def _row(cid: str, ratio: float | None, cpu: float | None = None) -> dict:
    return {"id": cid, "ratio": ratio, "cpu_ratio": cpu, "others_cores": [1.5, 1.9]}


def test_within_is_symmetric_around_the_quiet_ratio_and_open_when_a_figure_is_missing():
    assert within(3.0, 2.0) and within(2.0, 3.0)
    assert not within(3.1, 2.0) and not within(2.0, 3.1)
    assert within(None, 2.0) is None and within(2.0, None) is None


def test_a_case_is_judged_by_wall_time_then_by_cpu_time_and_missing_ones_are_named():
    quiet = _results("q", _row("a", 2.0, 2.0), _row("b", 2.0, 2.0), _row("c", 2.0, 2.0), _row("d", None))
    loaded = _results(
        "l",
        _row("a", 2.9, 5.0),  # wall within
        _row("b", 6.0, 2.5),  # wall out, CPU within
        _row("c", 6.0, 6.0),  # both out
        _row("e", 1.0),  # no quiet figure
        _row("f", None),  # no ratio: not compared
    )
    verdicts = {row["id"]: row["verdict"] for row in compare(quiet, loaded)}
    assert verdicts == {"a": "ok", "b": "cpu", "c": "OUT", "e": "no quiet figure"}
    text = report(quiet, loaded)
    assert "| `c` | 2.00x | 6.00x | 3.00 | 2.00x, 6.00x | 1.5-1.9 | OUT |" in text
    assert text.endswith(
        "4 cases: 1 within 1.5x by wall time, 1 by CPU time only, 1 outside; quiet q, loaded l (load 9.50 -> 10.25)"
    )
