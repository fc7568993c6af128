"""The worker process: an RQ worker (with RQ's scheduler, for retries) and the sweeper.

Jobs run in this process, not in a fork per job (RQ's SimpleWorker): a delivery job carries a
batch and sends it from a pool of threads that outlives the job, so the clients and their
connections are reused, and nothing is paid per job for a fork. Run several worker processes,
on one host or many, for more: they share the queues, the pacer and the outbox.
"""

from __future__ import annotations

import logging
import multiprocessing
import sys
import time

from redis.exceptions import RedisError
from rq import SimpleWorker

from store.db import open_database
from store.embedded_redis import ensure_redis
from store.settings import Settings
from workers import runtime, sweeper
from workers.delivery import channel_and_pacer
from workers.lifeline import bind_forked_children
from workers.queues import QUEUE_NAMES, redis_for

log = logging.getLogger(__name__)

RESTART_WAIT = 1  # seconds between tries while Redis is away
SWITCH_INTERVAL = 0.0005  # seconds a thread may hold the GIL while another waits (default 5 ms)


class SteadyWorker(SimpleWorker):
    """An RQ worker that remembers being asked to stop, so a lost Redis is not taken for it."""

    stopping = False

    def request_stop(self, signum, frame) -> None:
        """Note the stop, then let RQ finish the current job and leave."""
        self.stopping = True
        super().request_stop(signum, frame)


def main() -> None:
    """Run the sweeper beside an RQ worker that drains replies before posts."""
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(message)s")
    logging.getLogger("twilio.http_client").setLevel(logging.WARNING)  # ten lines a send
    settings = runtime.bind(ensure_redis(Settings.from_env()))
    open_database(settings.DATABASE_URL)
    # The job's own thread paces, marks and records every send; with 32 send threads busy
    # parsing answers, it would otherwise wait up to 5 ms for the GIL each time it needs it.
    sys.setswitchinterval(SWITCH_INTERVAL)
    channel, _ = channel_and_pacer()
    if hasattr(channel, "warm"):
        channel.warm()
    bind_forked_children()  # the sweeper and RQ's scheduler die with this process, however it dies
    sweeping = multiprocessing.get_context("fork").Process(
        target=sweeper.run_forever, args=(settings,), daemon=True, name="sweeper")
    sweeping.start()
    try:
        while True:
            # RQ's work() gives up ("unhandled exception, quitting") when Redis drops mid-job;
            # a new worker, under a new name, takes over once Redis answers again.
            worker = None
            try:  # building the worker already talks to Redis, which may still be away
                worker = SteadyWorker(QUEUE_NAMES,
                                      connection=redis_for(settings.REDIS_URL, blocking=True))
                worker.work(with_scheduler=True)
            except RedisError as error:
                log.warning("worker lost Redis: %s", error)
            if worker is not None and worker.stopping:
                break
            time.sleep(RESTART_WAIT)
    finally:
        sweeping.terminate()


if __name__ == "__main__":
    main()
