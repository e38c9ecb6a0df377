"""Project statistics: documents, spans per label and annotator, status counts."""

from __future__ import annotations

from typing import Any

from desktop.storage.repository import Repository


def project_stats(repo: Repository) -> dict[str, Any]:
    documents = repo.document_count()
    labels = [label.key for label in repo.labels()]
    per_label = dict.fromkeys(labels, 0)
    per_label.update(_pairs(repo, "SELECT label, count(*) FROM spans GROUP BY label"))
    per_annotator = _pairs(
        repo, "SELECT a.name, count(s.id) FROM annotators a LEFT JOIN spans s"
        " ON s.annotator_id = a.id GROUP BY a.id ORDER BY a.id")
    return {
        "project": str(repo.path),
        "documents": documents,
        "characters": repo.scalar("SELECT coalesce(sum(length), 0) FROM documents"),
        "spans": repo.span_count(),
        "labels": len(labels),
        "spans_per_label": per_label,
        "spans_per_annotator": per_annotator,
        "status": _status_counts(repo, documents),
    }


def _pairs(repo: Repository, sql: str) -> dict[str, int]:
    return {key: count for key, count in repo.db.execute(sql)}


def _status_counts(repo: Repository, documents: int) -> dict[str, dict[str, int]]:
    counts: dict[str, dict[str, int]] = {}
    for annotator in repo.annotators():
        counts[annotator.name] = {"new": documents, "in_progress": 0, "done": 0}
    rows = repo.db.execute(
        "SELECT a.name, s.status, count(*) FROM document_status s"
        " JOIN annotators a ON a.id = s.annotator_id GROUP BY a.name, s.status")
    for name, status, count in rows:
        counts[name][status] += count
        if status != "new":
            counts[name]["new"] -= count
    return counts


def format_stats(stats: dict[str, Any]) -> str:
    """A plain-text report for the terminal."""
    lines = [
        f"project     {stats['project']}",
        f"documents   {stats['documents']}  ({stats['characters']} characters)",
        f"spans       {stats['spans']}",
        "",
        "spans per label",
    ]
    lines += [f"  {key:<16}{n:>8}" for key, n in stats["spans_per_label"].items()]
    lines += ["", "spans per annotator"]
    lines += [f"  {name:<16}{n:>8}" for name, n in stats["spans_per_annotator"].items()] or ["  (none)"]
    lines += ["", "document status per annotator   new  in progress  done"]
    for name, c in stats["status"].items():
        lines.append(f"  {name:<30}{c['new']:>5}{c['in_progress']:>13}{c['done']:>6}")
    if not stats["status"]:
        lines.append("  (no annotators yet)")
    return "\n".join(lines)
