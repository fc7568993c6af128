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
from flask_babel import gettext
from phonenumbers import Leniency, PhoneNumberMatcher

from handlers.phone_numbers import region_of
from store.models import Member

PHONE_SHAPE = re.compile(r"\+?\(?\d(?:[\s().-]{0,2}\d){6,}")
# Groups of digits joined by any punctuation people put between them (415_555_0149,
# (415)-(555)-(0191), 415|555|0173): a number when it ends in a group of four, as phone numbers
# do and amounts (1,000,000) and times (10:30-11:45) do not.
# Punctuation alone between the groups: "12, 13, 1400" is a list, not a number.
GROUPED_SHAPE = re.compile(
    r"(?<![^\W_])\+?\(?\d{1,4}\)?(?:(?:[^\w\s]|_){1,3}\(?\d{2,4}\)?){1,4}(?!\d)")
LAST_GROUP = 4
# An address with blanks around its @, a quoted local part or an IP literal for its domain.
EMAIL_SHAPE = re.compile(r"(?:\"[^\"\n]{1,64}\"|[\w.+-]+)[ \t]*@[ \t]*"
                         r"(?:\[[^\]\s]{1,64}\]|[\w-]+(?:\.[\w-]+)+)")
INVISIBLE = re.compile("[\u00ad\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\ufeff]")
BLANKS = re.compile("[\u2800\u3164\u115f\u1160\uffa0]")  # drawn as nothing, not spaces
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
    text = BLANKS.sub(" ", unicodedata.normalize("NFKC", INVISIBLE.sub("", text)))
    text = EMAIL_SHAPE.sub(EMAIL_MASK, text)
    for region in regions:
        found = PhoneNumberMatcher(text, region, leniency=Leniency.POSSIBLE,
                                   max_tries=MATCH_TRIES)
        spans = [(match.start, match.end) for match in found
                 if sum(c.isdigit() for c in match.raw_string) >= MIN_DIGITS]
        for start, end in reversed(spans):
            text = text[:start] + PHONE_MASK + text[end:]
    return GROUPED_SHAPE.sub(_grouped, PHONE_SHAPE.sub(PHONE_MASK, text))


def _grouped(match: re.Match) -> str:
    """Mask digits in groups shaped like a phone number; keep amounts, times and dates."""
    groups = re.findall(r"\d+", match.group())
    if sum(map(len, groups)) >= MIN_DIGITS and len(groups[-1]) >= LAST_GROUP:
        return PHONE_MASK
    return match.group()


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
        return gettext("someone")
    return f"@{member.handle}" if member.handle else gettext("a member")
