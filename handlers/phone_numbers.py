"""Reading the phone numbers people type: E.164, and the region a number's owner dials in."""

from __future__ import annotations

import phonenumbers


def phone_number(raw: str, region: str) -> str | None:
    """Return `raw` as E.164, read in `region` when it has no country code; None if invalid."""
    try:
        number = phonenumbers.parse(raw, region)
    except phonenumbers.NumberParseException:
        return None
    if not phonenumbers.is_valid_number(number):
        return None
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def region_of(phone: str | None, default: str = "US") -> str:
    """Return the two-letter region of an E.164 number, for reading numbers its owner types."""
    if not phone:
        return default
    try:
        return phonenumbers.region_code_for_number(phonenumbers.parse(phone)) or default
    except phonenumbers.NumberParseException:
        return default
