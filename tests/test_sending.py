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
        flight.submit(event.wait, row, 10)
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
