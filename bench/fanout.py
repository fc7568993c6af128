"""Fan-out: one post to 5,000 members, from the webhook to the last send the provider received.

Run: python -m bench.fanout [--postgres URL] [--workers N]. On the default deployment (one
`python -m workers`, WORKERS = the core count) and again with WORKERS=1. Figures:
- provider_capacity: message creates/s the Twilio-compatible server answers with 128 clients
  at once, measured first; it must be at least twice any rate measured through it;
- fanout_ratio: messages/s with the provider answering at once, over a bare loop of `twilio`
  client sends from one process to the same server (measured just before and just after);
- fanout_latency_rate: messages/s with the provider taking 150 ms a request, and the most sends
  it held at once;
- webhook_size_ratio: the median webhook time of a post to 5,000 members over one to 5 members.
Each on SQLite, and on PostgreSQL when a server is given (a fresh database, dropped after).
"""

from __future__ import annotations

import argparse
import json

from bench.deployment import DEFAULT_WORKERS, Deployment, bare_send_rate, median_ms
from bench.provider import capacity
from loopback.crowds import crowd, most_in_flight

MEMBERS = 5_000
LATENCY = 0.150
WEBHOOK_ROUNDS = 15
BASELINE_SENDS = 2_000
# figure -> (target, whether the figure must be at least it, else at most it); "_1" figures are
# the WORKERS=1 run's.
TARGETS = {"fanout_ratio": (1.5, True), "fanout_ratio_1": (0.9, True),
           "fanout_latency_rate": (1000, True), "webhook_size_ratio": (1.5, False),
           "provider_headroom": (2.0, True)}


def measure(database: str, workers: int, latency: bool = True) -> dict:
    """Run the fan-out figures on one database with WORKERS=`workers`; return them."""
    with Deployment(database, workers=0, WORKERS=workers) as deployment:
        members = crowd(MEMBERS, handle="crowd", owner="+14155550100")
        few = crowd(5, handle="small", owner="+14155550100", first=3_000_000)
        provider, provider_cost = capacity(deployment.api)  # nothing else running yet
        # The webhook alone: no workers yet, so fan-outs wait and each post costs the same.
        # Authors take turns: one number texting 20 times a minute would be held as a flood.
        big, small = [], []
        for n in range(WEBHOOK_ROUNDS):
            small.append(deployment.post_webhook(few[n % 5], f"@small round {n}"))
            big.append(deployment.post_webhook(members[n], f"@crowd round {n}"))
        deployment.forget_posts()
        deployment.workers.append(deployment.start_worker())  # WORKERS worker processes
        deployment.post("+14155550100", "@small warm up")
        # The baseline runs just before and just after the fan-out it is held against, so a
        # shared machine getting busier or quieter meanwhile moves both alike.
        before = bare_send_rate(deployment.api, BASELINE_SENDS)
        fast = deployment.post("+14155550100", "@crowd hello everyone")
        after = bare_send_rate(deployment.api, BASELINE_SENDS)
        base = (before + after) / 2
        slow = None
        if latency:
            deployment.api.set_latency(LATENCY)
            slow = deployment.post("+14155550100", "@crowd hello again")
            deployment.api.set_latency(0)
    rate = fast["sent"] / fast["seconds"]
    figures = {
        "members": MEMBERS, "workers": workers, "provider_capacity": round(provider, 1),
        "provider_us_per_request": round(provider_cost),
        "fanout_rate": round(rate, 1),
        "bare_send_rate": round(base, 1),
        "bare_send_rates": f"{before:.0f}/{after:.0f}",
        "fanout_ratio": round(rate / base, 3),
        "provider_headroom": round(provider / max(rate, base), 2),
        "webhook_ms_5000": median_ms(big), "webhook_ms_5": median_ms(small),
        "webhook_size_ratio": round(median_ms(big) / median_ms(small), 3),
        "sent_once": fast["sent"] == MEMBERS and len({r["to"] for r in fast["records"]}) == MEMBERS,
    }
    if slow:
        figures.update({
            "fanout_latency_rate": round(slow["sent"] / slow["seconds"], 1),
            "fanout_latency_in_flight": most_in_flight(slow["records"]),
            "sent_once": figures["sent_once"] and slow["sent"] == MEMBERS
            and len({r["to"] for r in slow["records"]}) == MEMBERS})
    return figures


def verdicts(figures: dict) -> dict:
    """Return {figure: "value (target >= x: met)"} for each figure with a target."""
    found = {}
    for name, (target, at_least) in TARGETS.items():
        if name in figures:
            value = figures[name]
            met = value >= target if at_least else value <= target
            sign = ">=" if at_least else "<="
            found[name] = f"{value} ({sign} {target}: {'met' if met else 'MISSED'})"
    return found


def main() -> dict:
    """Print the fan-out table for SQLite (and PostgreSQL), then one JSON line."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--postgres", default="", help="postgresql://user@host:port/db")
    parser.add_argument("--workers", type=int, default=DEFAULT_WORKERS, help="WORKERS")
    args, _ = parser.parse_known_args()
    databases = ["sqlite"] + ([args.postgres] if args.postgres else [])
    results = {}
    for database in databases:
        label = "sqlite" if database == "sqlite" else "postgresql"
        found = measure(database, args.workers)
        one = measure(database, 1, latency=False)
        found.update({f"{name}_1": one[name] for name in (
            "provider_capacity", "fanout_rate", "bare_send_rate", "bare_send_rates",
            "fanout_ratio", "provider_headroom", "sent_once")})
        found["provider_headroom"] = min(found["provider_headroom"], one["provider_headroom"])
        found["sent_once"] = found["sent_once"] and one["sent_once"]
        results[label] = found
    names = list(results["sqlite"])
    print(f"{'fan-out figure':<28}" + "".join(f"{db:>14}" for db in results))
    for name in names:
        print(f"{name:<28}" + "".join(f"{str(r[name]):>14}" for r in results.values()))
    for db, found in results.items():
        print(f"targets, {db}:")
        for name, verdict in verdicts(found).items():
            print(f"  {name:<26}{verdict}")
    figures = dict(results["sqlite"])
    for db, found in results.items():
        if db != "sqlite":
            figures.update({f"{name}_{db}": value for name, value in found.items()})
    print(json.dumps(figures))
    return figures


if __name__ == "__main__":
    main()
