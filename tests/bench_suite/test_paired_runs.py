"""The bench suite's pairing (bench/paired.py): sides in turn, the median of per-pair ratios,
CPU ratios only where a run's CPU time is the case's value, and results files old and new."""

from __future__ import annotations

import io
import json

import pytest

from bench import harness, paired
from bench.harness import Budget, Case, Sample
from bench.run import _paired_note, format_row, markdown

CASE = Case(
    id="fake.case",
    title="a fake case",
    unit="s",
    measure=lambda ctx: Sample(0.5, {"run": ctx.run}),
    baseline=lambda ctx: Sample(0.1),
    budget=Budget("<= 3x", max_ratio=3.0),
)


def _pair(value: float, base: float, wall: tuple[float, float] | None = None, cpu=(0.4, 0.1)) -> dict:
    return {
        "first": "measure",
        "value": value,
        "baseline": base,
        "wall": list(wall or (value, base)),
        "cpu": list(cpu),
        "others_cores": [0.5, 1.5],
        "load": [2.0, 2.0],
    }


def _side(values: list[float]) -> dict:
    return {
        "values": values,
        "extra": [{} for _ in values],
        "peak_rss_mb": 50.0,
        "children_peak_rss_mb": 0.0,
        "run_wall": values,
        "run_cpu": values,
    }


class FakeSide:
    """Stands in for a child process: records the order runs are asked for in `log`."""

    log: list[str] = []
    values = {"measure": [0.2, 0.4, 0.9], "baseline": [0.1, 0.1, 0.1]}

    def __init__(self, case_id: str, role: str, runs: int, quick: bool) -> None:
        self.role, self.runs, self.done = role, runs, 0

    def ready(self) -> bool:
        return True

    def step(self) -> dict:
        value = self.values[self.role][self.done]
        self.done += 1
        FakeSide.log.append(f"{self.role}{self.done}")
        extra = {"cpu_s": value / 2} if self.role == "measure" else {"cpu_s": 0.05}
        return {"value": value, "extra": extra, "wall": value, "cpu": value, "others_cores": 1.0, "load": 2.0}

    def finish(self) -> dict:
        return _side(self.values[self.role][: self.done])


@pytest.fixture
def fake_sides(monkeypatch):
    monkeypatch.setitem(harness.CASES, CASE.id, CASE)
    monkeypatch.setattr(paired, "Side", FakeSide)
    FakeSide.log = []


def test_sides_run_in_turn_and_the_order_alternates_pair_by_pair(fake_sides):
    measured, baseline, pairs = paired.run_paired(CASE.id, runs=3, quick=False)

    assert FakeSide.log == ["measure1", "baseline1", "baseline2", "measure2", "measure3", "baseline3"]
    assert [p["first"] for p in pairs] == ["measure", "baseline", "measure"]
    assert [(p["value"], p["baseline"]) for p in pairs] == [(0.2, 0.1), (0.4, 0.1), (0.9, 0.1)]
    assert measured["values"] == [0.2, 0.4, 0.9] and baseline is not None


def test_a_quick_run_takes_more_pairs_of_a_cheap_case_up_to_its_full_count(fake_sides, monkeypatch):
    _, _, pairs = paired.run_paired(CASE.id, runs=1, quick=True, most=3)
    assert len(pairs) == 3

    monkeypatch.setattr(paired, "EXTRA_PAIRS_SECONDS", -1.0)  # the case took too long already
    FakeSide.log = []
    _, _, pairs = paired.run_paired(CASE.id, runs=1, quick=True, most=3)
    assert len(pairs) == 1


def test_the_ratio_is_the_median_of_the_pairs_ratios():
    # Load rose during the second pair's baseline: the ratio of medians (3.0) hides nothing here,
    # but a load that hits one side of one pair moves only that pair's ratio.
    pairs = [_pair(0.5, 0.1), _pair(0.6, 0.3), _pair(0.3, 0.1)]
    row = harness.summarise(CASE, _side([0.5, 0.6, 0.3]), _side([0.1, 0.3, 0.1]), pairs)

    assert row["ratio"] == pytest.approx(3.0)  # median of 5.0, 2.0, 3.0
    assert row["ratio_of_medians"] == pytest.approx(5.0)  # 0.5 / 0.1
    assert row["ratio_method"] == "median of per-pair ratios"
    assert row["verdict"] == "ok"  # the budget's ratio is the paired one
    assert row["others_cores"] == [0.5, 1.5]
    assert row["pairs"] == pairs


def test_a_rate_inverts_the_pairs_ratios():
    rate = Case(id="fake.rate", title="", unit="MB/s", measure=CASE.measure, baseline=CASE.baseline)
    pairs = [_pair(2.0, 6.0), _pair(1.0, 4.0), _pair(3.0, 6.0)]
    row = harness.summarise(rate, _side([2.0, 1.0, 3.0]), _side([6.0, 4.0, 6.0]), pairs)

    assert row["ratio"] == pytest.approx(3.0)  # median of 3, 4, 2
    assert "cpu_ratio" not in row  # a rate's run is not its value


def test_the_cpu_ratio_counts_only_runs_whose_cpu_time_is_the_value():
    first = _pair(0.5, 0.1, wall=(1.5, 0.1), cpu=(1.4, 0.1))  # the process's first run: imports too
    warm = [_pair(0.5, 0.1, cpu=(0.4, 0.1)), _pair(0.5, 0.1, cpu=(0.3, 0.1))]
    row = harness.summarise(CASE, _side([0.5] * 3), _side([0.1] * 3), [first, *warm])

    assert row["cpu_ratio"] == pytest.approx(3.5)
    assert row["cpu_pairs"] == 2
    assert row["cpu_of"] == "whole runs without imports"
    assert "CPU time 3.50x (of whole runs without imports, 2 pairs)" in _paired_note(row)

    inside = [_pair(0.005, 0.001, wall=(1.0, 0.5))]  # one step timed inside a longer run
    row = harness.summarise(CASE, _side([0.005]), _side([0.001]), inside)
    assert "cpu_ratio" not in row and row["ratio"] == pytest.approx(5.0)
    assert "median of 1 run pair, wall time" in _paired_note(row)


def test_the_cpu_time_a_case_reports_of_its_timed_work_comes_first(fake_sides):
    _, _, pairs = paired.run_paired(CASE.id, runs=3, quick=False)  # FakeSide: cpu_s = value / 2, base 0.05
    assert [p["timed_cpu"] for p in pairs] == [[0.1, 0.05], [0.2, 0.05], [0.45, 0.05]]

    row = harness.summarise(CASE, _side([0.2, 0.4, 0.9]), _side([0.1] * 3), pairs)
    assert row["cpu_ratio"] == pytest.approx(4.0)  # median of 2, 4, 9
    assert row["cpu_of"] == "the timed work" and row["cpu_pairs"] == 3


def test_without_pairs_the_ratio_is_the_ratio_of_medians_as_before():
    row = harness.summarise(CASE, _side([0.5, 0.6, 0.3]), _side([0.1, 0.3, 0.1]))
    assert row["ratio"] == pytest.approx(5.0)
    assert "pairs" not in row and "ratio_method" not in row
    assert _paired_note(row) == ""


def test_a_child_serves_one_run_per_order_and_stops_when_orders_end(monkeypatch):
    monkeypatch.setitem(harness.CASES, CASE.id, CASE)
    out = io.StringIO()
    paired.serve_child(CASE.id, "measure", 3, False, io.StringIO("go\ngo\n"), out)

    lines = [json.loads(line) for line in out.getvalue().splitlines()]
    assert lines[0] == paired.READY
    assert [line["run"] for line in lines[1:3]] == [0, 1]
    assert lines[1]["value"] == 0.5 and lines[1]["wall"] >= 0 and lines[1]["cpu"] >= 0
    final = lines[-1]
    assert final["values"] == [0.5, 0.5] and final["extra"] == [{"run": 0}, {"run": 1}]
    assert set(final) == {"values", "extra", "peak_rss_mb", "children_peak_rss_mb", "run_wall", "run_cpu"}


def test_a_child_that_fails_reports_why():
    side = paired.Side("no.such-case", "measure", 1, quick=False)
    assert not side.ready()
    assert side.step() is None
    assert "KeyError" in side.finish()["error"]


OLD_RESULTS = {  # a results file written before pairing (bench/out/results-fef3ba4.json, trimmed)
    "machine": {"cpus": 2, "git": "fef3ba4", "load_before": 1.12, "quick": False},
    "cases": [
        {
            "id": "import.doccano-1k",
            "title": "import doccano JSONL: 1,000 documents, 5,000 spans",
            "unit": "s",
            "budget": "<= 0.1 s",
            "baseline_title": "sqlite3",
            "note": "",
            "value": 0.3386,
            "values": [0.3878, 0.3386],
            "peak_rss_mb": 59.8,
            "children_peak_rss_mb": 0.0,
            "extra": {"documents": 1000, "spans": 5000},
            "baseline": 0.0482,
            "baseline_values": [0.0482, 0.0684],
            "baseline_peak_rss_mb": 40.0,
            "baseline_extra": {},
            "ratio": 7.02,
            "verdict": "MISSED",
        }
    ],
}


def test_markdown_reads_results_written_before_pairing():
    table = markdown(json.loads(json.dumps(OLD_RESULTS)))
    assert table.splitlines()[-1] == (
        "| `import.doccano-1k` | import doccano JSONL: 1,000 documents, 5,000 spans | 0.339 s | 0.048 s | "
        "7.02x | 60 MB | <= 0.1 s | MISSED |"
    )


def test_markdown_and_the_printed_row_show_the_cpu_ratio_of_paired_results():
    pairs = [_pair(0.5, 0.1, cpu=(0.4, 0.1))]
    row = harness.summarise(CASE, _side([0.5]), _side([0.1]), pairs)
    row = json.loads(json.dumps(row))  # as read back from a results file

    assert "| 5.00x (CPU 4.00x) |" in markdown({"machine": {}, "cases": [row]})
    assert "other processes kept 0.5-1.5 of" in format_row(row)


def test_a_budget_on_a_reported_figure_misses_when_the_figure_is_over_or_absent():
    from bench.harness import _verdict

    budget = Budget("<= 10 ms, idle 50 ms", max_value=0.010, max_extra=(("idle_s", 0.050),))
    row = {"value": 0.006, "peak_rss_mb": 100, "extra": {"idle_s": 0.041}}
    assert _verdict(budget, row) == "ok"
    assert _verdict(budget, {**row, "extra": {"idle_s": 0.051}}) == "MISSED"
    assert _verdict(budget, {**row, "extra": {}}) == "MISSED"
    assert _verdict(budget, {**row, "value": 0.011}) == "MISSED"


def test_a_budget_on_other_figures_prints_the_medians_it_judged_not_only_the_last_runs_note():
    """window.add-span-core was MISSED at 21:20 while its note said "first add 7 ms": the note is
    the last run's, the verdict the median of the runs' first adds."""
    row = {
        "id": "window.add-span-core",
        "unit": "ms",
        "value": 0.0051,
        "budget": "<= 10 ms, 1st 10 ms, idle 50 ms",
        "verdict": "MISSED",
        "peak_rss_mb": 195.0,
        "extra": {"first_add_s": 0.0112, "idle_s": 0.0142, "notes": "first add 7 ms (tokenises the document)"},
    }
    printed = format_row(row)
    assert "judged, the median of the runs: first_add_s 11.2 ms (<= 10), idle_s 14.2 ms (<= 50)" in printed
    assert "judged" not in format_row({**row, "id": "export.jsonl-10k", "extra": {}})
