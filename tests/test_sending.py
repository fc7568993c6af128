"""Sends in flight: texts fill the pool; mails keep to what an SMTP server lets one client hold."""

from __future__ import annotations

import dataclasses
import threading

from workers.sending import CHANNEL_CONCURRENCY, SEND_CONCURRENCY, InFlight


@dataclasses.dataclass
class Row:
    to: str
    channel: str


def started(flight: InFlight, rows: list[Row]) -> list[threading.Event]:
    """Start a send for each row that lasts until its event is set."""
    events = []
    for row in rows:
        event = threading.Event()
        flight.submit(event.wait, row, 10)  # type: ignore[arg-type]  # a send that waits
        events.append(event)
    return events


def test_mails_wait_for_a_connection_while_texts_still_go():
    limit = CHANNEL_CONCURRENCY["email"]
    flight = InFlight()
    mails = [Row(f"m{n}@example.com", "email") for n in range(limit)]
    events = started(flight, mails)
    try:
        assert flight.fits([Row("+14155550100", "sms")])
        assert not flight.fits([Row("late@example.com", "email")])
        events[3].set()
        ended = flight.room([Row("late@example.com", "email")])
        assert [row.to for row, _ in ended] == ["m3@example.com"]
        assert flight.fits([Row("late@example.com", "email")])
    finally:
        for event in events:
            event.set()
        flight.drain()


def test_texts_take_the_whole_pool_and_then_wait():
    flight = InFlight()
    texts = [Row(f"+1415555{n:04d}", "sms") for n in range(SEND_CONCURRENCY)]
    events = started(flight, texts)
    try:
        assert len(flight) == SEND_CONCURRENCY > CHANNEL_CONCURRENCY["email"]
        assert not flight.fits([Row("+14155559999", "sms")])
        events[0].set()
        assert [row.to for row, _ in flight.room([Row("+14155559999", "sms")])] == [texts[0].to]
    finally:
        for event in events:
            event.set()
        flight.drain()


def test_mail_goes_out_on_threads_of_its_own_so_it_never_holds_more_connections():
    flight, threads = InFlight(), {}

    def send(to: str) -> str:
        threads[to] = threading.current_thread().name
        return to

    rows = [Row(f"m{n}@example.com" if n % 2 else f"+1415555{n:04d}",
                "email" if n % 2 else "sms") for n in range(200)]
    for row in rows:
        flight.room([row])
        flight.submit(send, row, row.to)
    flight.drain()
    mail = {threads[row.to] for row in rows if row.channel == "email"}
    texts = {threads[row.to] for row in rows if row.channel == "sms"}
    assert len(mail) <= CHANNEL_CONCURRENCY["email"] and not mail & texts
