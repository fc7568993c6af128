"""Counts other parts of Commons offer to /metrics, each read from its own table at scrape time.

A module registers a count beside its model, e.g. `tally("answers", "Answers counted",
lambda: Answer.select().count())`; /metrics shows it as `commons_answers_total`. A count read
from the rows is the same whichever process is scraped, and survives any restart.
"""

from __future__ import annotations

from collections.abc import Callable

TALLIES: dict[str, tuple[str, Callable[[], int]]] = {}


def tally(name: str, description: str, count: Callable[[], int]) -> None:
    """Offer `count` (rows that only ever grow) to /metrics as commons_`name`_total."""
    TALLIES[name] = (description, count)
