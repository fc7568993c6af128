"""How a delivery job is retried: RQ's own Retry, with waits stretched by some jitter."""

from __future__ import annotations

import math
import random
from collections.abc import Sequence

from rq import Retry

from store.delivery_state import MAX_ATTEMPTS, wait_before

# RQ's own Retry re-runs a batch job after the rows' waits, each stretched by up to JITTER, so a
# 429 storm's retries spread out; the attempts count on each row bounds it.
JITTER = 0.25


def retry(waits: Sequence[int]) -> Retry:
    """Return RQ's Retry for a delivery job whose rows wait `waits` (RETRY_SECONDS) to retry.

    A row may be sent again once its own wait is over (store/delivery_state.py), so the job's
    retry, never earlier than that, always finds it ready.
    """
    stretched = [max(math.ceil(wait * random.uniform(1, 1 + JITTER)), job_wait(wait))
                 for wait in (wait_before(n, waits) for n in range(1, MAX_ATTEMPTS))]
    return Retry(max=len(stretched), interval=stretched)


def job_wait(seconds: int) -> int:
    """Return how long a job waits for rows due in `seconds`: a second longer.

    RQ schedules a job to the whole second, rounded down: a job due at 12.7 s may run at 12.1 s,
    find its rows not yet due, and leave them to the sweeper (SWEEP_SECONDS later).
    """
    return seconds + 1
