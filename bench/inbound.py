"""Inbound: signed webhooks per second, each a post to a small group, beside a bare Flask route.

Run: python -m bench.inbound. Both apps are served by gunicorn as the Procfile serves the web
process (gthread, 8 threads), and loaded by the same client (16 threads, one session each).
The worker processes are stopped while the webhooks are timed, so the figure is the web tier's
own; the fan-outs they queued are dropped afterwards. Figures: inbound_rate, inbound_bare_rate,
inbound_ratio (target >= 0.3), and p50/p99 webhook latency.
"""

from __future__ import annotations

import threading
import time
from concurrent.futures import ThreadPoolExecutor

import requests

from bench.deployment import Deployment, gunicorn, percentile_ms, report, stop
from loopback.crowds import crowd
from loopback.services import free_port

GROUPS = 100  # of 5 members each: 500 authors, so nobody texts often enough to be held
WEBHOOKS = 2_000
CLIENTS = 16


def load(url: str, requests_: list[tuple[dict, dict]]) -> tuple[float, list[float]]:
    """POST every (form, headers) to `url` from CLIENTS threads; return rate and latencies."""
    local = threading.local()

    def one(request: tuple[dict, dict]) -> float:
        session = getattr(local, "session", None) or requests.Session()
        local.session = session
        started = time.perf_counter()
        response = session.post(url, data=request[0], headers=request[1], timeout=30)
        assert response.status_code == 200, response.status_code
        return time.perf_counter() - started

    started = time.perf_counter()
    with ThreadPoolExecutor(CLIENTS) as pool:
        latencies = list(pool.map(one, requests_))
    return len(requests_) / (time.perf_counter() - started), latencies


def main() -> dict:
    """Print the inbound table, then one JSON line."""
    with Deployment(workers=0) as deployment:
        authors = []
        for n in range(GROUPS):
            members = crowd(4, handle=f"g{n}", owner=f"+1415700{n:04d}",
                            first=4_000_000 + 4 * n, owner_handle=f"owner{n}")
            authors += [(f"g{n}", number) for number in members]
        phones = deployment.phones
        signed = []
        for n in range(WEBHOOKS):
            group, number = authors[n % len(authors)]
            params = phones.webhook_params(number, f"@{group} note {n}")
            signed.append((params, {"X-Twilio-Signature": phones.sign("/sms/twilio", params)}))
        load(phones.url + "/sms/twilio", signed[:50])  # warm up (these are posts too)
        rate, latencies = load(phones.url + "/sms/twilio", signed[50:])
        deployment.forget_posts()
        port = free_port()
        bare = gunicorn("bench.bare_app:create_app()", port, {}, deployment.dir / "bare.log")
        try:
            url = f"http://127.0.0.1:{port}/sms/twilio"
            load(url, signed[:50])
            bare_rate, _ = load(url, signed[50:])
        finally:
            stop(bare)
    figures = {"inbound_rate": round(rate, 1), "inbound_bare_rate": round(bare_rate, 1),
               "inbound_ratio": round(rate / bare_rate, 3),
               "inbound_p50_ms": percentile_ms(latencies, 0.5),
               "inbound_p99_ms": percentile_ms(latencies, 0.99)}
    return report(figures)


if __name__ == "__main__":
    main()
