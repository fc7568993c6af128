"""Every benchmark in turn, then one JSON line holding all their figures.

bench.hosts needs root (its hosts are network namespaces); it says why it measured nothing
otherwise.

Run: python -m bench [--postgres postgresql://user@host:port/db] [--messages N] [--count N]
(or `make bench`; MESSAGES=N and REMINDERS=N set the search and reminder sizes).
"""

from __future__ import annotations

import json
import os
import platform
import sys

from bench import (
    answers,
    fanout,
    hosts,
    inbound,
    memory,
    pacing,
    parse_rate,
    reminders,
    replies,
    search,
    times,
)


def main() -> None:
    """Run each benchmark (each prints its table and JSON line), then print all figures."""
    figures = {"machine": {"nproc": os.cpu_count(), "python": platform.python_version(),
                           "platform": platform.platform()}}
    for bench in (times, parse_rate, fanout, hosts, replies, answers, pacing, inbound, memory,
                  reminders, search):
        print(f"\n== {bench.__name__}", flush=True)
        figures.update(bench.main())
    sys.stdout.flush()
    print(json.dumps(figures))


if __name__ == "__main__":
    main()
