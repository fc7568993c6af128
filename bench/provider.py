"""The Twilio-compatible server's own capacity: message creates/s from many clients at once.

The fan-out figures mean something only while the server is not what limits them, so each
deployment measures it before the figures it serves (bench.fanout prints it beside them).
"""

from __future__ import annotations

import asyncio
import multiprocessing
import time
from pathlib import Path

import aiohttp

from loopback.twilio_api import API_VERSION, TwilioAPI

CONCURRENCY = 128  # requests in flight at once from each client process
CLIENTS = 2  # client processes: one alone, on a core of its own, could be the limit
SECONDS = 3.0
FROM = "+15005550006"


async def _load(api: TwilioAPI, seconds: float, concurrency: int) -> int:
    url = f"{api.url}/{API_VERSION}/Accounts/{api.account_sid}/Messages.json"
    auth = aiohttp.BasicAuth(api.account_sid, api.auth_token)
    done = 0
    connector = aiohttp.TCPConnector(limit=concurrency)
    async with aiohttp.ClientSession(connector=connector, auth=auth) as session:
        deadline = time.monotonic() + seconds

        async def client(n: int) -> None:
            nonlocal done
            while time.monotonic() < deadline:
                form = {"To": f"+1415800{n:04d}", "From": FROM, "Body": "[@crowd] alice: hi",
                        "StatusCallback": "http://127.0.0.1:9/sms/twilio/status?row=1"}
                async with session.post(url, data=form) as response:
                    await response.read()
                    assert response.status == 201, response.status
                done += 1

        await asyncio.gather(*(client(n) for n in range(concurrency)))
    return done


def _client(api: TwilioAPI, seconds: float, concurrency: int, done) -> None:
    done.put(asyncio.run(_load(api, seconds, concurrency)))


def cpu_seconds(pid: int) -> float:
    """Return the CPU time process `pid` has used (user + system), in seconds."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / 100  # clock ticks; Linux's USER_HZ is 100


def capacity(api: TwilioAPI, seconds: float = SECONDS,
             concurrency: int = CONCURRENCY) -> tuple[float, float]:
    """Return the message creates/s `api` answers from CLIENTS processes at once, each with
    `concurrency` requests in flight, and the server's CPU microseconds per request."""
    context = multiprocessing.get_context("fork")
    asyncio.run(_load(api, 0.3, concurrency))  # warm up: connections, the server's caches
    done = context.Queue()
    clients = [context.Process(target=_client, args=(api, seconds, concurrency, done))
               for _ in range(CLIENTS)]
    pid = api.pid
    used = cpu_seconds(pid) if pid else 0.0
    started = time.perf_counter()
    for client in clients:
        client.start()
    total = sum(done.get() for _ in clients)
    rate = total / (time.perf_counter() - started)
    for client in clients:
        client.join()
    cost = (cpu_seconds(pid) - used) / total * 1e6 if pid else 0.0
    api.reset()  # the benchmark's records start empty
    return rate, cost
