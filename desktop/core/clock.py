"""Timestamps: ISO 8601 in UTC with milliseconds, sortable as text."""

from datetime import UTC, datetime


def now() -> str:
    return datetime.now(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")
