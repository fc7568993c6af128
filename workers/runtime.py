"""The settings of the worker process, bound once at its entry point and read by its jobs.

RQ calls a job with the arguments it was queued with (ids and plain values), so a job cannot be
handed the settings: the process that runs it binds them once, before it takes any job.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from store.settings import Settings

_bound: list[Settings] = []


def bind(settings: Settings) -> Settings:
    """Make `settings` the ones this process's jobs run with; return them."""
    _bound[:] = [settings]
    return settings


def settings() -> Settings:
    """Return the settings bound for this process; a job run before `bind` is a bug."""
    if not _bound:
        raise RuntimeError("no settings bound: call workers.runtime.bind(settings) at the entry")
    return _bound[0]


@contextmanager
def bound(settings: Settings) -> Iterator[Settings]:
    """Bind `settings` for a block (jobs run in-process, for one deployment), then restore."""
    before = list(_bound)
    bind(settings)
    try:
        yield settings
    finally:
        _bound[:] = before
