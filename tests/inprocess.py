"""The worker's part, done in the test's own process: for conversation tests, no worker process.

The phones text the real app through its signed webhook, as ever. What a worker process would
do next happens here, synchronously, each time the phones settle: RQ's own SimpleWorker, in
burst mode, runs every job waiting on the real Redis (the real job functions: fan-out and
delivery, sending to the loopback Twilio-compatible API), its scheduler hands over retries that
are due, and the sweeper sweeps every SWEEP_SECONDS, as in a worker process.
"""

from __future__ import annotations

import time

from rq import SimpleWorker

from store.settings import Settings
from workers import sweeper
from workers.queues import QUEUE_NAMES
from workers.runtime import Runtime, serving


class BurstWorker(SimpleWorker):
    """RQ's in-process worker, for one burst: it leaves the test process's signal handlers
    (Ctrl-C) alone, and listens for no remote commands (a thread that takes a second to stop).
    """

    def _install_signal_handlers(self) -> None:
        pass

    def subscribe(self) -> None:
        pass

    def unsubscribe(self) -> None:
        pass


class InlineWorker:
    """Runs the jobs and sweeps of one test's deployment, whenever asked."""

    def __init__(self, settings: Settings) -> None:
        self.runtime = Runtime(settings)  # as a worker process of this deployment builds it
        self.settings = settings
        self.next_sweep = time.monotonic() + settings.SWEEP_SECONDS
        # One RQ worker for the test, as a worker process has one: it cleans RQ's registries
        # when it first works, then every ten minutes, not at each burst (10 ms each time).
        self.worker = BurstWorker(QUEUE_NAMES, connection=self.runtime.redis())

    def waiting(self) -> tuple[bool, bool]:
        """Tell whether a job waits on a queue, and whether a retry is due."""
        queues = [self.runtime.queue(name) for name in QUEUE_NAMES]
        due = any(q.scheduled_job_registry.get_jobs_to_schedule(chunk_size=1) for q in queues)
        return any(q.count for q in queues), due

    def work(self) -> None:
        """Run every job waiting (and the retries now due), and a sweep when one is due."""
        with serving(self.runtime):
            jobs, retries = self.waiting()
            if jobs or retries:  # RQ's scheduler queues the retries that are due
                self.worker.work(burst=True, with_scheduler=retries, logging_level="WARNING")
            if time.monotonic() >= self.next_sweep:
                sweeper.sweep(self.runtime)
                self.next_sweep = time.monotonic() + self.settings.SWEEP_SECONDS

    def close(self) -> None:
        self.runtime.close()
