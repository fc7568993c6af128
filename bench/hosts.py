"""Fan-out across hosts: one post to 5,000 members sent by one worker host, then by two.

Run: python -m bench.hosts [--host-workers N] [--members N] (root: hosts are network namespaces,
loopback/hosts.py; `make bench` runs it when root). The web on a host of its own, `python -m
workers` (WORKERS=1 unless told: a host stands for one core's worth of machine) on one worker
host, then on two, every host reaching one PostgreSQL, one Redis and the Twilio-compatible API
(in a process of its own) over TCP. Figures:
- hosts_provider_capacity: message creates/s the Twilio-compatible server answers, measured first;
  it must be at least twice any rate measured through it;
- hosts_rate_1, hosts_rate_2: texts/s from the webhook to the last send, with one worker host
  (measured before and after the two-host run, averaged) and with two;
- hosts_ratio: two hosts over one. On one machine the hosts share its cores: a second host
  adds what the cores left free allow, not a second machine's own.
"""

from __future__ import annotations

import argparse
import time

from bench.deployment import ACCOUNT_MPS, report
from bench.provider import capacity
from loopback.crowds import crowd
from loopback.hosts import Cluster, unavailable

MEMBERS = 5_000
AUTHOR = "+14155550100"
TARGETS = {"hosts_ratio": 1.3, "hosts_provider_headroom": 2.0}  # each figure must be at least this


def fan_out(cluster: Cluster, text: str, timeout: float = 600) -> dict:
    """Post `text` to the crowd and wait for every send; return the count and the rate."""
    assert cluster.api is not None  # started
    since = len(cluster.api.messages())
    started = time.time()
    cluster.phones.text(AUTHOR, text)
    cluster.phones.settle(timeout)
    records = [r for r in cluster.api.messages(since) if r.get("sid")]
    seconds = max(r["received_at"] for r in records) - started
    return {"sent": len(records), "recipients": len({r["to"] for r in records}),
            "rate": len(records) / seconds}


def measure(members: int, workers: int) -> dict:
    """Return the figures of one run: one worker host, two, then one again."""
    cluster = Cluster(worker_hosts=2, own_api_process=True, WORKERS=workers,
                      TWILIO_MPS=ACCOUNT_MPS, SWEEP_SECONDS=5)
    try:
        with cluster.bound():
            crowd(members, handle="crowd", owner=AUTHOR)
            assert cluster.api is not None  # bound: started
            provider, _ = capacity(cluster.api)  # nothing else running yet
            first, second = cluster.workers
            cluster.start_workers(first)
            fan_out(cluster, "@crowd warm up")  # connections, caches, the pacer's script
            before = fan_out(cluster, "@crowd hello from one host")
            cluster.start_workers(second)
            both = fan_out(cluster, "@crowd hello from two hosts")
            cluster.lose(second)
            after = fan_out(cluster, "@crowd hello from one host again")
    finally:
        cluster.close()
    one = (before["rate"] + after["rate"]) / 2
    runs = (before, both, after)
    return {
        "hosts_members": members, "hosts_workers_per_host": workers,
        "hosts_provider_capacity": round(provider, 1),
        "hosts_rate_1": round(one, 1), "hosts_rates_1": f"{before['rate']:.0f}/{after['rate']:.0f}",
        "hosts_rate_2": round(both["rate"], 1),
        "hosts_ratio": round(both["rate"] / one, 3),
        "hosts_provider_headroom": round(provider / max(one, both["rate"]), 2),
        "hosts_sent_once": all(r["sent"] == r["recipients"] == members for r in runs),
    }


def main() -> dict:
    """Print the figures (or why they cannot be measured here), then one JSON line."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--host-workers", type=int, default=1, help="WORKERS on each host")
    parser.add_argument("--members", type=int, default=MEMBERS)
    args, _ = parser.parse_known_args()
    reason = unavailable()
    if reason:
        return report({"hosts_skipped": reason})
    figures = measure(args.members, args.host_workers)
    for name, target in TARGETS.items():
        met = "met" if figures[name] >= target else "MISSED"
        print(f"  {name:<26}{figures[name]} (>= {target}: {met})")
    return report(figures)


if __name__ == "__main__":
    main()
