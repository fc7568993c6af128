"""The worker process: an RQ worker (with RQ's scheduler, for retries) and the sweeper."""

from __future__ import annotations

import logging
import multiprocessing

from rq import Worker

from gateway.config import Settings
from gateway.embedded_redis import ensure_redis
from store.db import open_database
from workers import sweeper
from workers.queues import QUEUE_NAMES, redis_for


def main() -> None:
    """Run the sweeper beside an RQ worker that drains replies before posts."""
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(message)s")
    settings = ensure_redis(Settings.from_env())
    open_database(settings.DATABASE_URL)
    sweeping = multiprocessing.get_context("fork").Process(
        target=sweeper.run_forever, args=(settings,), daemon=True, name="sweeper")
    sweeping.start()
    worker = Worker(QUEUE_NAMES, connection=redis_for(settings.REDIS_URL, blocking=True))
    try:
        worker.work(with_scheduler=True)
    finally:
        sweeping.terminate()


if __name__ == "__main__":
    main()
