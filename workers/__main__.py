"""The worker processes: WORKERS of them, each an RQ worker (with RQ's scheduler) and a sweeper.

Jobs run in the worker process, not in a fork per job (RQ's SimpleWorker): a delivery job
carries a batch and sends it on the process's sends in flight, which outlive the job, so
connections are reused and nothing is paid per job for a fork. One process uses one core (the
GIL), so `python -m workers` starts WORKERS of them (default: the core count) and stops them
all when it is stopped; with WORKERS=1 it is the worker itself. Run it on more hosts for more:
every worker shares the queues, the pacer and the outbox.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import signal
import socket
import sys
import time
from multiprocessing.process import BaseProcess

from redis.exceptions import RedisError
from rq import SimpleWorker

from store.db import open_database
from store.embedded_redis import ensure_redis
from store.secret import require_key
from store.settings import Settings
from workers import sweeper
from workers.lifeline import bind_forked_children
from workers.queues import QUEUE_NAMES
from workers.runtime import Runtime, serving
from workers.supervision import Child, Supervisor

log = logging.getLogger(__name__)

RESTART_WAIT = 1  # seconds between tries while Redis is away
SWITCH_INTERVAL = 0.0005  # seconds a thread may hold the GIL while another waits (default 5 ms)


class SteadyWorker(SimpleWorker):
    """An RQ worker that remembers being asked to stop, so a lost Redis is not taken for it,
    and that starts RQ's scheduler again as soon as its process is found dead."""

    stopping = False

    def request_stop(self, signum, frame) -> None:
        """Note the stop, then let RQ finish the current job and leave."""
        self.stopping = True
        super().request_stop(signum, frame)

    def heartbeat(self, timeout: int | None = None, pipeline=None) -> None:
        """Refresh the worker in Redis, then look after RQ's scheduler."""
        super().heartbeat(timeout, pipeline)
        if pipeline is None:  # not inside RQ's own transaction
            self.tend_scheduler()

    def tend_scheduler(self) -> None:
        """Start RQ's scheduler again if its process died, or take over a dead worker's.

        A lost Redis kills the scheduler process (its loop lets the error out), and RQ looks
        for a dead one only every 10 minutes: retries and reminders waited that long. This
        runs at every heartbeat, in the main thread (the one that may fork), so within
        SCHEDULER_CHECK_SECONDS, or as soon as Redis answers again.
        """
        scheduler = self.scheduler
        if scheduler is None or (scheduler._process is not None and scheduler._process.is_alive()):
            return
        died = scheduler._process is not None
        scheduler.acquire_locks(auto_start=True)  # its own name: its lock, if still there
        if died and scheduler._process is not None and scheduler._process.is_alive():
            log.warning("RQ's scheduler process had ended; started again as [%s]",
                        scheduler._process.pid)


# Each line names its process ("worker-2[4711]"), so the workers' logs can be told apart.
LOG_FORMAT = "%(asctime)s %(processName)s[%(process)d] %(name)s %(message)s"
STOP_WAIT = 15  # seconds the supervisor gives its workers to finish their jobs on a stop


def main() -> None:
    """Run WORKERS worker processes (this one alone when WORKERS is 1) until stopped."""
    logging.basicConfig(level=logging.INFO, format=LOG_FORMAT)
    for client in ("twilio.http_client", "twilio.async_http_client"):  # ten lines a send
        logging.getLogger(client).setLevel(logging.WARNING)
    settings = Settings.from_env()
    require_key(settings)
    settings = ensure_redis(settings)
    if settings.WORKERS <= 1:
        multiprocessing.current_process().name = "worker-1"
        work(settings)
    else:
        supervise(settings)


def supervise(settings: Settings) -> None:
    """Run WORKERS workers, starting again any that dies; on SIGTERM or Ctrl-C stop them all.

    One worker dying (killed, out of memory) never stops the others: its rows are taken over
    by the sweepers (claims without a heartbeat), and it is started again, with backoff.
    """
    multiprocessing.current_process().name = "workers"
    bind_forked_children()  # killed outright, the supervisor takes its workers with it
    context = multiprocessing.get_context("fork")  # nothing is open here: each fork is clean

    def starter(name: str):
        def start() -> BaseProcess:
            process = context.Process(target=work, args=(settings,), name=name)
            process.start()
            return process
        return start

    names = [f"worker-{n}" for n in range(1, settings.WORKERS + 1)]
    workers = Supervisor([Child(name, starter(name)) for name in names], settings.RESTART_SECONDS)
    workers.start()
    log.info("started %d worker processes: %s", len(names),
             ", ".join(f"{c.name}[{c.pid}]" for c in workers.children))

    def stop(signum, frame) -> None:
        raise SystemExit(0)

    signal.signal(signal.SIGTERM, stop)
    forward = True
    try:
        workers.watch()
    except KeyboardInterrupt:
        # Ctrl-C reached the whole terminal's process group, the workers too: each is already
        # finishing its job. A second signal would make RQ stop them mid-job.
        forward = False
    except SystemExit:
        pass
    finally:
        signal.signal(signal.SIGTERM, signal.SIG_IGN)
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        workers.stop(forward, STOP_WAIT)  # RQ's warm stop: each finishes its job


def work(settings: Settings) -> None:
    """Run the sweeper beside an RQ worker that drains replies before posts."""
    with serving(Runtime(settings)) as runtime:
        open_database(settings.DATABASE_URL)
        # The job's own thread paces, marks and records every send; with the send loop's thread
        # busy parsing answers, it would otherwise wait up to 5 ms for the GIL each time it
        # needs it.
        sys.setswitchinterval(SWITCH_INTERVAL)
        channel, _ = runtime.sms
        if hasattr(channel, "warm"):
            channel.warm()
        # The sweeper and RQ's scheduler die with this process, however it dies.
        bind_forked_children()
        sweeping = multiprocessing.get_context("fork").Process(
            target=sweeper.run_forever, args=(runtime,), daemon=True, name="sweeper")
        sweeping.start()
        try:
            serve(runtime)
        finally:
            sweeping.terminate()


def serve(runtime: Runtime) -> None:
    """Take jobs until asked to stop; RQ's work() gives up ("unhandled exception, quitting")
    when Redis drops mid-job, so a new worker, under a new name, takes over once Redis answers
    again."""
    while True:
        worker = None
        try:  # building the worker already talks to Redis, which may still be away
            # An idle worker waits SCHEDULER_CHECK_SECONDS for a job before its heartbeat (RQ's
            # default, 405, would leave a dead scheduler unnoticed that long): RQ waits ttl - 15.
            worker = SteadyWorker(QUEUE_NAMES, name=worker_name(),
                                  connection=runtime.redis(blocking=True),
                                  worker_ttl=runtime.settings.SCHEDULER_CHECK_SECONDS + 15)
            worker.work(with_scheduler=True)
        except RedisError as error:
            log.warning("worker lost Redis: %s", error)
        if worker is not None and worker.stopping:
            break
        time.sleep(RESTART_WAIT)


def worker_name() -> str:
    """Name the RQ worker by process, host and pid, as /ops and RQ's dashboard list it.

    A worker made again after Redis came back gets a new name: RQ refuses a name still listed.
    """
    name = f"{multiprocessing.current_process().name}.{socket.gethostname()}.{os.getpid()}"
    _names.append(name)
    return name if len(_names) == 1 else f"{name}.{len(_names)}"


_names: list[str] = []


if __name__ == "__main__":
    main()
