"""Reading the phone numbers people type: E.164, and the region a number's owner dials in."""

from __future__ import annotations

import re

import phonenumbers

from parsers.intake import strip_controls

# What a number can be written with; anything else ("whatsapp:+1...", a name, markup) is not a
# number that can take texts, however phonenumbers would read the digits inside it.
NUMBER_SHAPE = re.compile(r"\+?[0-9 ().-]{1,30}")


def phone_number(raw: str, region: str) -> str | None:
    """Return `raw` as E.164, read in `region` when it has no country code; None if invalid."""
    try:
        number = phonenumbers.parse(raw, region)
    except phonenumbers.NumberParseException:
        return None
    if not phonenumbers.is_valid_number(number):
        return None
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def sender_number(raw: str, region: str = "US") -> str | None:
    """Return a sender as E.164, or None when it is not a number that can take texts."""
    raw = strip_controls(raw).strip()
    if not NUMBER_SHAPE.fullmatch(raw):
        return None
    return phone_number(raw, region)


def region_of(phone: str | None, default: str = "US") -> str:
    """Return the two-letter region of an E.164 number, for reading numbers its owner types."""
    if not phone:
        return default
    try:
        return phonenumbers.region_code_for_number(phonenumbers.parse(phone)) or default
    except phonenumbers.NumberParseException:
        return default
