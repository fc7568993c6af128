"""Times in the page's language and the viewer's zone: their `tz`, browser's, number's, UTC."""

from __future__ import annotations

from datetime import UTC, datetime
from functools import cache
from urllib.parse import unquote
from zoneinfo import ZoneInfo, available_timezones

from babel.dates import format_datetime, format_skeleton
from flask import g, request
from flask_babel import get_locale

from handlers.dates import guess_zone

TZ_COOKIE = "tz"  # set by static/live.js from the browser's own zone


@cache
def zone_names() -> frozenset[str]:
    """Return the names of every time zone this machine knows."""
    return frozenset(available_timezones())


def viewer_zone() -> ZoneInfo:
    """Return the zone to show times in for this request; a name that is no zone is ignored.

    The member's own `tz` first, then the browser's (live.js writes it URL-encoded:
    "America%2FNew_York"), then the zone of the member's number, as their texts use.
    """
    if "viewer_zone" not in g:
        g.viewer_zone = _zone(g.get("member"))
    return g.viewer_zone


def _zone(member) -> ZoneInfo:
    names = (member.tz if member else None, unquote(request.cookies.get(TZ_COOKIE, "")),
             guess_zone(member.phone) if member else None)  # what handlers.dates.zone_of guesses
    for name in names:
        # Only a known name reaches ZoneInfo, which reads any path it is given: a folder
        # (tz=America) raised IsADirectoryError, and every page answered 500.
        if name and name in zone_names():
            return ZoneInfo(name)
    return ZoneInfo("UTC")


ENGLISH_PATTERN = "MMM dd, HH:mm"  # "Dec 07, 18:30", as the pages always showed times


def local(moment: datetime | None) -> str:
    """Format a stored (naive UTC) time in the viewer's zone and the page's language.

    English keeps its short form; another language has its own weekday, day and month
    ("jue, 10 dic, 10:00"). The zone's abbreviation follows, as the texts name it.
    """
    if moment is None:
        return ""
    shown = moment.replace(tzinfo=UTC).astimezone(viewer_zone())
    language = get_locale() or "en"
    if str(language) == "en":
        words = format_datetime(shown, ENGLISH_PATTERN, locale=language)
    else:
        words = (f"{format_skeleton('MMMEd', shown, locale=language, fuzzy=True)}, "
                 f"{format_skeleton('Hm', shown, locale=language, fuzzy=True)}")
    return f"{words} {shown.tzname()}"


def iso(moment: datetime) -> str:
    """Format a stored (naive UTC) time as RFC 3339, for feeds and <time datetime>."""
    return moment.replace(tzinfo=UTC).isoformat().replace("+00:00", "Z")
