"""An export report's problems (desktop/workspace/export/report.py): an overlap a worker dropped
comes as plain data and is made into an `ExportProblem` only when read; every reader of the report
(counts, unresolved, skipped, `--report FILE`, the CLI's lines) sees what it saw of the objects."""

from __future__ import annotations

from desktop.commands.transfer_text import problem_lines
from desktop.formats.align import Problem
from desktop.formats.records import span_record
from desktop.workspace.export import report as report_module
from desktop.workspace.export.report import ExportProblem, ExportReport, Problems, overlap_problem

GOLD = {"decided_by": "mina", "layers": ["sara"]}
OVERLAP = (
    7,
    "خبر ۷",
    "تهران",
    "skipped",
    (4, 9, "place", "sara", "manual", None),
    (2, 9, "org", "reza", "model", GOLD),
)
MISALIGNED = ExportProblem(
    3, "d3", "ab", Problem("misaligned", span_record(1, 3, "place", "sara", "manual", None, {}, None), "unresolved")
)


def made_as_drop_overlaps_makes_it() -> ExportProblem:
    dropped = span_record(4, 9, "place", "sara", "manual", None, {}, None)
    kept = span_record(2, 9, "org", "reza", "model", GOLD, {}, None)
    problem = Problem("overlap", dropped, "skipped", detail="overlaps org [2, 9)", other=kept)
    return ExportProblem(7, "خبر ۷", "تهران", problem)


def test_an_overlap_as_data_is_the_problem_drop_overlaps_reports():
    made = overlap_problem(OVERLAP)
    assert made == made_as_drop_overlaps_makes_it()
    assert made.problem.other is not None and made.problem.other.provenance == GOLD  # not compared by ==
    assert made.describe() == made_as_drop_overlaps_makes_it().describe()


def test_problems_read_in_order_and_made_once():
    problems = Problems([MISALIGNED])
    problems += [OVERLAP, OVERLAP]
    problems.append(MISALIGNED)
    assert len(problems) == 4 and problems
    assert list(problems) == [
        MISALIGNED,
        made_as_drop_overlaps_makes_it(),
        made_as_drop_overlaps_makes_it(),
        MISALIGNED,
    ]
    assert problems[1] is problems[1] and problems[-1] is MISALIGNED
    assert problems[1:3] == [made_as_drop_overlaps_makes_it()] * 2 and problems[5:] == []
    assert problems == Problems(list(problems)) and problems != [MISALIGNED] and Problems() == []
    [only] = Problems([OVERLAP])
    assert only == made_as_drop_overlaps_makes_it()


def test_counting_makes_no_problem(monkeypatch):
    made: list[object] = []
    monkeypatch.setattr(report_module, "overlap_problem", lambda entry: made.append(entry))
    report = ExportReport("conll", skips_asked=("overlap",))
    report.problems += [OVERLAP, MISALIGNED, (*OVERLAP[:3], "unresolved", *OVERLAP[4:])]
    assert report.problem_counts() == {"misaligned unresolved": 1, "overlap skipped": 1, "overlap unresolved": 1}
    assert (report.skipped, report.skipped_unasked, report.count("unresolved"), len(report.problems)) == (1, 0, 2, 3)
    assert made == []  # nothing was made to count
    assert report.unresolved[0] is MISALIGNED and len(made) == 1  # only the unresolved overlap is made


def test_a_report_with_overlaps_as_data_says_what_one_with_objects_says():
    unresolved = (*OVERLAP[:3], "unresolved", *OVERLAP[4:])
    entries = [OVERLAP, MISALIGNED, unresolved, OVERLAP]
    lazy, eager = ExportReport("hf"), ExportReport("hf")
    lazy.problems += entries
    for entry in entries:
        eager.problems.append(entry if isinstance(entry, ExportProblem) else overlap_problem(entry))
    assert lazy.as_dict() == eager.as_dict()
    assert lazy.as_dict()["problems"][0]["detail"] == "overlaps org [2, 9)"
    assert lazy.unresolved == eager.unresolved and len(lazy.unresolved) == 2
    assert (lazy.skipped, lazy.skipped_unasked) == (eager.skipped, eager.skipped_unasked) == (2, 2)
    fresh = ExportReport("hf")
    fresh.problems += entries
    assert problem_lines(fresh, 2) == problem_lines(eager, 2)
    assert problem_lines(fresh, 2)[1].endswith("«تهران» (sara): overlap, overlaps org [2, 9): skipped")
