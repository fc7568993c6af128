"""SQLite shared by threads and processes: pooled connections, writers queued in Python.

SQLite takes one writer at a time. A writer that finds the database locked waits in SQLite's
busy handler, which sleeps in growing steps (up to 100 ms) whether or not the lock came free
meanwhile; eight web threads queueing that way turned a 5 ms webhook into a 700 ms one at p99.
So the threads of one process take a lock of our own before BEGIN IMMEDIATE, and wait for each
other there, in turn, with no sleeping; and a BEGIN that finds another process writing tries
again every millisecond instead of backing off.
"""

from __future__ import annotations

import threading
import time

from peewee import OperationalError, __exception_wrapper__  # type: ignore[attr-defined]
from playhouse.pool import PooledSqliteDatabase

BUSY_MS = 30_000  # any other statement waits this long for another process's write to end
BEGIN_BUSY_MS = 2  # a BEGIN waits in SQLite's busy handler this long, then steps in Python
BEGIN_STEP = 0.001  # seconds between BEGIN tries while another process writes
WRITE_WAIT = BUSY_MS / 1000  # then a BEGIN gives up: "database is locked"


class QueuedSqliteDatabase(PooledSqliteDatabase):
    """A pool of SQLite connections whose write transactions queue per process."""

    def __init__(self, path: str, **kwargs) -> None:
        # A pooled connection serves one thread at a time, but not always the same thread.
        super().__init__(path, max_connections=None, check_same_thread=False, **kwargs)
        self.writer = threading.Lock()
        self.holding = threading.local()

    def begin(self, lock_type: str | None = None) -> None:
        """Take this process's write turn, then the database's write lock."""
        self.writer.acquire()
        self.holding.lock = True
        try:
            self._begin_immediate()
        except BaseException:
            self._release()
            raise

    def commit(self) -> None:
        super().commit()  # a failed COMMIT leaves the transaction open: rollback() releases
        self._release()

    def rollback(self) -> None:
        try:
            super().rollback()
        finally:
            self._release()

    def _begin_immediate(self) -> None:
        cursor = self.cursor()
        deadline = time.monotonic() + WRITE_WAIT
        cursor.execute(f"PRAGMA busy_timeout = {BEGIN_BUSY_MS}")
        try:
            while True:
                try:
                    with __exception_wrapper__:
                        cursor.execute("BEGIN IMMEDIATE")
                    return
                except OperationalError as error:
                    if "locked" not in str(error) or time.monotonic() > deadline:
                        raise
                time.sleep(BEGIN_STEP)
        finally:
            cursor.execute(f"PRAGMA busy_timeout = {BUSY_MS}")

    def _release(self) -> None:
        if getattr(self.holding, "lock", False):
            self.holding.lock = False
            self.writer.release()
