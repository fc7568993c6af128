"""Time zones as people name them: `tz paris`, `tz EST`, `tz pacific`, `tz America/Chicago`.

Cities come from the zoneinfo database itself (the last part of each name: Europe/Paris is
"paris"); the few abbreviations and regions people say instead are a small table beside it.
"""

from __future__ import annotations

from functools import cache
from zoneinfo import available_timezones

# What people type for the zones they live in, in winter or summer alike.
COMMON = {
    "est": "America/New_York", "edt": "America/New_York", "eastern": "America/New_York",
    "et": "America/New_York",
    "cst": "America/Chicago", "cdt": "America/Chicago", "central": "America/Chicago",
    "ct": "America/Chicago",
    "mst": "America/Denver", "mdt": "America/Denver", "mountain": "America/Denver",
    "mt": "America/Denver", "arizona": "America/Phoenix",
    "pst": "America/Los_Angeles", "pdt": "America/Los_Angeles", "pacific": "America/Los_Angeles",
    "pt": "America/Los_Angeles",
    "akst": "America/Anchorage", "akdt": "America/Anchorage", "alaska": "America/Anchorage",
    "hst": "Pacific/Honolulu", "hawaii": "Pacific/Honolulu",
    "ast": "America/Halifax", "atlantic": "America/Halifax",
    "nst": "America/St_Johns", "newfoundland": "America/St_Johns",
    "gmt": "UTC", "utc": "UTC", "z": "UTC",
    "bst": "Europe/London", "uk": "Europe/London", "ireland": "Europe/Dublin",
    "wet": "Europe/Lisbon", "cet": "Europe/Paris", "cest": "Europe/Paris",
    "eet": "Europe/Athens", "eest": "Europe/Athens", "msk": "Europe/Moscow",
    "ist": "Asia/Kolkata", "india": "Asia/Kolkata", "pkt": "Asia/Karachi",
    "jst": "Asia/Tokyo", "japan": "Asia/Tokyo", "kst": "Asia/Seoul", "korea": "Asia/Seoul",
    "hkt": "Asia/Hong_Kong", "sgt": "Asia/Singapore", "china": "Asia/Shanghai",
    "aest": "Australia/Sydney", "aedt": "Australia/Sydney", "acst": "Australia/Adelaide",
    "awst": "Australia/Perth", "nzst": "Pacific/Auckland", "nzdt": "Pacific/Auckland",
    "new zealand": "Pacific/Auckland", "sast": "Africa/Johannesburg", "wat": "Africa/Lagos",
    "eat": "Africa/Nairobi", "brt": "America/Sao_Paulo",
}
# Areas whose zones name cities people live in; the rest (Etc, SystemV, posix...) are not cities.
_AREAS = ("Africa/", "America/", "Antarctica/", "Asia/", "Atlantic/", "Australia/", "Europe/",
          "Indian/", "Pacific/")


def _key(text: str) -> str:
    return " ".join(text.lower().replace("_", " ").replace("-", " ").split())


@cache
def _names() -> tuple[dict[str, str], dict[str, str]]:
    """Return the zone names by their lower-case selves, and by their city."""
    zones = sorted(available_timezones())
    full = {z.lower(): z for z in zones}
    cities: dict[str, str] = {}
    for zone in sorted((z for z in zones if z.startswith(_AREAS)), key=lambda z: z.count("/")):
        cities.setdefault(_key(zone.rsplit("/", 1)[1]), zone)  # America/X before America/Y/X
    return full, cities


def find_zone(text: str) -> str | None:
    """Return the zoneinfo name `text` means (a zone, a city, an abbreviation), or None."""
    full, cities = _names()
    key = _key(text)
    return COMMON.get(key) or full.get(text.strip().lower()) or cities.get(key)


def is_city(text: str) -> bool:
    """Tell whether words like "new york" name a city of the zoneinfo database."""
    return _key(text) in _names()[1] or _key(text) in COMMON
