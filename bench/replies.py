"""Replies: one-reply texts at once, and replies to people's own texts during a big fan-out.

Run: python -m bench.replies [--postgres URL]. On the default deployment (WORKERS = cores).
Figures, each from the webhook's start to the reply's arrival at the provider:
- reply_rate, reply_p50_ms, reply_p99_ms: 2,000 people text `join @big` at once (32 clients);
  the rate is replies sent over the time from the first webhook to the last reply;
- reply_p99_under_fanout_ms: people texting `help`, one every 20 ms, while a post to 5,000
  members is being sent (target under 500 ms); `reply_during_fanout` tells whether every reply
  went out while the fan-out still had texts to send.
"""

from __future__ import annotations

import argparse
import threading
import time
from concurrent.futures import ThreadPoolExecutor

import requests

from bench.deployment import DEFAULT_WORKERS, Deployment, percentile_ms, report, sign_all
from loopback.crowds import crowd

JOINERS = 2_000
CLIENTS = 32
MEMBERS = 5_000
ASKERS = 60
ASK_GAP = 0.020  # seconds between two people's texts
ASK_LEAD = 0.3  # seconds after the post before the first person texts
TARGET_UNDER_FANOUT_MS = 500


def storm(deployment: Deployment, texts: list[tuple[str, str]]) -> dict[str, float]:
    """Post every text at once from CLIENTS threads; return each author's webhook start."""
    signed = sign_all(deployment.phones, texts)
    url = deployment.phones.url + "/sms/twilio"
    local = threading.local()
    started: dict[str, float] = {}

    def one(request: tuple[dict, dict]) -> None:
        session = getattr(local, "session", None) or requests.Session()
        local.session = session
        started[request[0]["From"]] = time.time()
        response = session.post(url, data=request[0], headers=request[1], timeout=60)
        assert response.status_code == 200, response.status_code

    with ThreadPoolExecutor(CLIENTS) as pool:
        list(pool.map(one, signed))
    return started


def reply_times(deployment: Deployment, started: dict[str, float], since: int) -> list[float]:
    """Return, per author, the time from their webhook to the first text back to them."""
    arrived: dict[str, float] = {}
    for record in deployment.api.messages(since):
        if record.get("sid") and record["to"] in started and record["to"] not in arrived:
            arrived[record["to"]] = record["received_at"]
    assert set(arrived) == set(started), f"{len(started) - len(arrived)} got no reply"
    return [arrived[author] - at for author, at in started.items()]


def measure(database: str, workers: int) -> dict:
    """Run both reply figures on one database; return them."""
    with Deployment(database, workers=1, WORKERS=workers) as deployment:
        crowd(0, handle="big", owner="+14155550190", owner_handle="bigowner")
        crowd(MEMBERS, handle="crowd", owner="+14155550100")
        deployment.post("+14155550100", "@crowd warm up")
        joiners = [f"+1415{6_000_000 + n:07d}" for n in range(JOINERS)]
        since = len(deployment.api.messages())
        started = storm(deployment, [(number, "join @big") for number in joiners])
        deployment.phones.settle(600)
        joins = reply_times(deployment, started, since)
        last = max(at + took for at, took in zip(started.values(), joins, strict=True))
        rate = JOINERS / (last - min(started.values()))

        since = len(deployment.api.messages())
        askers = [f"+1415{7_000_000 + n:07d}" for n in range(ASKERS)]
        deployment.phones.text("+14155550100", "@crowd busy now")
        time.sleep(ASK_LEAD)
        asked: dict[str, float] = {}
        for number in askers:
            asked[number] = time.time()
            deployment.phones.text(number, "help")
            time.sleep(ASK_GAP)
        deployment.phones.settle(600)
        under = reply_times(deployment, asked, since)
        records = deployment.api.messages(since)
        last_post = max(r["received_at"] for r in records if r["to"] not in asked)
        last_reply = max(at + took for at, took in zip(asked.values(), under, strict=True))
    return {"reply_workers": workers, "reply_rate": round(rate, 1),
            "reply_p50_ms": percentile_ms(joins, 0.5), "reply_p99_ms": percentile_ms(joins, 0.99),
            "reply_p50_under_fanout_ms": percentile_ms(under, 0.5),
            "reply_p99_under_fanout_ms": percentile_ms(under, 0.99),
            "reply_p99_under_fanout_target": f"< {TARGET_UNDER_FANOUT_MS}: "
            + ("met" if percentile_ms(under, 0.99) < TARGET_UNDER_FANOUT_MS else "MISSED"),
            "reply_during_fanout": last_reply < last_post}


def main() -> dict:
    """Print the replies table (SQLite, and PostgreSQL when given), then one JSON line."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--postgres", default="", help="postgresql://user@host:port/db")
    parser.add_argument("--workers", type=int, default=DEFAULT_WORKERS, help="WORKERS")
    args, _ = parser.parse_known_args()
    figures = measure("sqlite", args.workers)
    if args.postgres:
        found = measure(args.postgres, args.workers)
        figures.update({f"{name}_postgresql": value for name, value in found.items()})
    return report(figures)


if __name__ == "__main__":
    main()
