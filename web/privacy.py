"""Keep phone numbers and email addresses off every page, even inside what people typed.

Members are shown by handle, or as "a member"; never by number or address. Post bodies, bios
and task texts are user content, and people do type numbers ("call me on +1 415 555 0101"):
the dashboard masks anything shaped like a phone number (7+ digits, with the usual separators)
or an email address before it is escaped and rendered. Texts by SMS are not changed.
"""

from __future__ import annotations

import re

from store.models import Member

PHONE_SHAPE = re.compile(r"\+?\(?\d(?:[\s().-]{0,2}\d){6,}")
EMAIL_SHAPE = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
PHONE_MASK = "[number hidden]"
EMAIL_MASK = "[address hidden]"


def mask(text: str | None) -> str:
    """Replace phone numbers and email addresses in `text` with a placeholder."""
    if not text:
        return ""
    return PHONE_SHAPE.sub(PHONE_MASK, EMAIL_SHAPE.sub(EMAIL_MASK, text))


def shown_name(member: Member | None) -> str:
    """Name a member as the dashboard shows them: @handle, else "a member"."""
    if member is None:
        return "someone"
    return f"@{member.handle}" if member.handle else "a member"
