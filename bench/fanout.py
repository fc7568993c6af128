"""Fan-out: one post to 5,000 members, from the webhook to the last send the provider received.

Run: python -m bench.fanout [--postgres URL]. Figures:
- fanout_ratio: messages/s with the provider answering at once, over a bare loop of `twilio`
  client sends from one process to the same server (measured in the same run);
- fanout_latency_rate: messages/s with the provider taking 150 ms a request, and the most sends
  it held at once;
- webhook_size_ratio: the median webhook time of a post to 5,000 members over one to 5 members.
Each on SQLite, and on PostgreSQL when a server is given (a fresh database, dropped after).
"""

from __future__ import annotations

import argparse
import json

from bench.deployment import Deployment, bare_send_rate, median_ms
from tests.crowds import crowd, most_in_flight

MEMBERS = 5_000
LATENCY = 0.150
WEBHOOK_ROUNDS = 15
BASELINE_SENDS = 2_000


def measure(database: str, workers: int) -> dict:
    """Run the three fan-out figures on one database; return them."""
    with Deployment(database, workers=0) as deployment:
        members = crowd(MEMBERS, handle="crowd", owner="+14155550100")
        few = crowd(5, handle="small", owner="+14155550100", first=3_000_000)
        # The webhook alone: no workers yet, so fan-outs wait and each post costs the same.
        # Authors take turns: one number texting 20 times a minute would be held as a flood.
        big, small = [], []
        for n in range(WEBHOOK_ROUNDS):
            small.append(deployment.post_webhook(few[n % 5], f"@small round {n}"))
            big.append(deployment.post_webhook(members[n], f"@crowd round {n}"))
        deployment.forget_posts()
        for _ in range(workers):
            deployment.workers.append(deployment.start_worker())
        deployment.post("+14155550100", "@small warm up")
        # The baseline runs just before and just after the fan-out it is held against, so a
        # shared machine getting busier or quieter meanwhile moves both alike.
        before = bare_send_rate(deployment.api, BASELINE_SENDS)
        fast = deployment.post("+14155550100", "@crowd hello everyone")
        after = bare_send_rate(deployment.api, BASELINE_SENDS)
        base = (before + after) / 2
        deployment.api.set_latency(LATENCY)
        slow = deployment.post("+14155550100", "@crowd hello again")
        deployment.api.set_latency(0)
    return {
        "members": MEMBERS, "workers": workers,
        "fanout_rate": round(fast["sent"] / fast["seconds"], 1),
        "bare_send_rate": round(base, 1),
        "bare_send_rates": f"{before:.0f}/{after:.0f}",
        "fanout_ratio": round(fast["sent"] / fast["seconds"] / base, 3),
        "fanout_latency_rate": round(slow["sent"] / slow["seconds"], 1),
        "fanout_latency_in_flight": most_in_flight(slow["records"]),
        "webhook_ms_5000": median_ms(big), "webhook_ms_5": median_ms(small),
        "webhook_size_ratio": round(median_ms(big) / median_ms(small), 3),
        "sent_once": fast["sent"] == slow["sent"] == MEMBERS,
    }


def main() -> dict:
    """Print the fan-out table for SQLite (and PostgreSQL), then one JSON line."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--postgres", default="", help="postgresql://user@host:port/db")
    parser.add_argument("--workers", type=int, default=2, help="worker processes")
    args, _ = parser.parse_known_args()
    results = {"sqlite": measure("sqlite", args.workers)}
    if args.postgres:
        results["postgresql"] = measure(args.postgres, args.workers)
    names = list(results["sqlite"])
    print(f"{'fan-out figure':<28}" + "".join(f"{db:>14}" for db in results))
    for name in names:
        print(f"{name:<28}" + "".join(f"{str(r[name]):>14}" for r in results.values()))
    figures = dict(results["sqlite"])
    for db, found in results.items():
        if db != "sqlite":
            figures.update({f"{name}_{db}": value for name, value in found.items()})
    print(json.dumps(figures))
    return figures


if __name__ == "__main__":
    main()
