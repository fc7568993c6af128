"""Keep phone numbers and email addresses off every page, even inside what people typed.

Members are shown by handle, or as "a member"; never by number or address. Post bodies, bios
and task texts are user content, and people do type numbers ("call me on +1 415 555 0101",
"415 . 555 . 0198", "415/555/0197") and addresses (`alice＠example.com`, a full-width @).
The dashboard reads a text as its NFKC normal form, with invisible characters removed (so
full-width digits and @ are plain ones, and a zero-width space splits nothing), then masks
every address, every number phonenumbers' PhoneNumberMatcher finds in the viewer's region and
in a few common ones (with the separators people type), and anything else shaped like a
number (7+ digits), before the text is escaped and rendered. Texts by SMS are not changed.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from flask import g, has_request_context
from phonenumbers import Leniency, PhoneNumberMatcher

from handlers.phone_numbers import region_of
from store.models import Member

PHONE_SHAPE = re.compile(r"\+?\(?\d(?:[\s().-]{0,2}\d){6,}")
EMAIL_SHAPE = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
INVISIBLE = re.compile("[\u00ad\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\ufeff]")
PHONE_MASK = "[number hidden]"
EMAIL_MASK = "[address hidden]"
REGIONS = ("US", "GB")  # besides the viewer's own: where numbers are read without a country code
MIN_DIGITS = 7  # the shortest number anyone can be texted at; "pin 1234" or "#12" stay
MATCH_TRIES = 1000  # candidates looked at per text and region: bounds a text of many digits


def mask(text: str | None, regions: tuple[str, ...] = REGIONS) -> str:
    """Replace phone numbers and email addresses in `text` with a placeholder."""
    if not text:
        return ""
    return _masked(text, regions)


@lru_cache(maxsize=4096)  # pages refresh every few seconds, showing the same texts again
def _masked(text: str, regions: tuple[str, ...]) -> str:
    text = unicodedata.normalize("NFKC", INVISIBLE.sub("", text))
    text = EMAIL_SHAPE.sub(EMAIL_MASK, text)
    for region in regions:
        found = PhoneNumberMatcher(text, region, leniency=Leniency.POSSIBLE,
                                   max_tries=MATCH_TRIES)
        spans = [(match.start, match.end) for match in found
                 if sum(c.isdigit() for c in match.raw_string) >= MIN_DIGITS]
        for start, end in reversed(spans):
            text = text[:start] + PHONE_MASK + text[end:]
    return PHONE_SHAPE.sub(PHONE_MASK, text)


def mask_for_viewer(text: str | None) -> str:
    """Mask `text` for this request's viewer, reading numbers in their own region first."""
    member = g.get("member") if has_request_context() else None
    if member is None or not member.phone:
        return mask(text)
    own = region_of(member.phone)
    return mask(text, (own, *(r for r in REGIONS if r != own)))


def shown_name(member: Member | None) -> str:
    """Name a member as the dashboard shows them: @handle, else "a member"."""
    if member is None:
        return "someone"
    return f"@{member.handle}" if member.handle else "a member"
