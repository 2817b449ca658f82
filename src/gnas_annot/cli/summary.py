"""What one ``annotate`` run reports on stderr: its own module, so that a run in one
process does not import the ``--threads`` machinery (start-up, issue 15)."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Summary:
    """What one annotate run reports on stderr."""

    build: str
    region: str
    reference: str | None
    counts: Counter[str]
    written: int
