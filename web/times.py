"""Times in the viewer's zone: the member's `tz`, else the browser's (a cookie), else UTC."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from flask import g, request

TZ_COOKIE = "tz"  # set by static/live.js from the browser's own zone


def viewer_zone() -> ZoneInfo:
    """Return the zone to show times in for this request."""
    member = g.get("member")
    for name in (member.tz if member else None, request.cookies.get(TZ_COOKIE)):
        if name:
            try:
                return ZoneInfo(name)
            except (ZoneInfoNotFoundError, ValueError):
                continue
    return ZoneInfo("UTC")


def local(moment: datetime | None, fmt: str = "%b %d, %H:%M") -> str:
    """Format a stored (naive UTC) time in the viewer's zone."""
    if moment is None:
        return ""
    zone = viewer_zone()
    shown = moment.replace(tzinfo=UTC).astimezone(zone)
    return f"{shown.strftime(fmt)} {shown.tzname()}"


def iso(moment: datetime) -> str:
    """Format a stored (naive UTC) time as RFC 3339, for feeds and <time datetime>."""
    return moment.replace(tzinfo=UTC).isoformat().replace("+00:00", "Z")
