"""How a delivery job is retried: RQ's own Retry, with waits stretched by some jitter."""

from __future__ import annotations

import math
import random

from rq import Retry

from store.delivery_state import RETRY_INTERVALS

# RQ's own Retry re-runs a batch job after the rows' waits, each stretched by up to JITTER, so a
# 429 storm's retries spread out; the attempts count on each row bounds it.
JITTER = 0.25


def retry() -> Retry:
    """Return RQ's Retry for a delivery job: exponential waits, each stretched by some jitter.

    A row may be sent again once its own base wait is over (workers/delivery.py), so the job's
    retry, never earlier than that, always finds it ready.
    """
    waits = [math.ceil(wait * random.uniform(1, 1 + JITTER)) for wait in RETRY_INTERVALS]
    return Retry(max=len(waits), interval=waits)
