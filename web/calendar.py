"""A group's upcoming events as an iCalendar feed (RFC 5545), written with `icalendar`."""

from __future__ import annotations

from datetime import UTC, timedelta

from flask_babel import gettext
from icalendar import Calendar, Event

from store.models import Group, utcnow
from web.groups import Asked

EVENT_LENGTH = timedelta(hours=1)  # an event says when it starts; calendars want an end too
PRODUCT = "-//Commons//Group events//EN"


def ics(group: Group, events: list[Asked], base: str) -> bytes:
    """Write the group's upcoming events, who is coming in each one's description."""
    calendar = Calendar()
    calendar.add("prodid", PRODUCT)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", gettext("@%(group)s events", group=group.handle))
    stamp = utcnow().replace(tzinfo=UTC)
    host = base.split("//", 1)[-1].split("/", 1)[0] or "commons"
    for found in events:
        question = found.question
        start = question.start.replace(tzinfo=UTC)
        event = Event()
        event.add("uid", f"event-{question.number}@{host}")
        event.add("dtstamp", stamp)
        event.add("dtstart", start)
        event.add("dtend", start + EVENT_LENGTH)
        event.add("summary", question.text)
        coming = ", ".join(found.coming) or gettext("nobody yet")
        event.add("description", gettext(
            "@%(group)s event %(number)s: %(tally)s. Coming: %(who)s. "
            "Reply yes %(number)s by text.", group=group.handle, number=question.number,
            tally=found.tally, who=coming))
        event.add("url", f"{base}/@{group.handle}")
        event.add("status", "CONFIRMED")
        calendar.add_component(event)
    return calendar.to_ical()
