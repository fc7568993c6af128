"""Inviting a list of numbers at once: an organiser's spreadsheet, row by row.

Each valid number that is not in the group yet gets the invitation `invite @team +1...` sends,
from the group's owner, once: the Invite row is the record that it was sent, so the same list
read again texts nobody twice. It is not counted toward the owner's numbers a day, but a number
texted an invitation this week is not texted again, and a stranger's text carries no words of
the group's (handlers/invitations.py). Nobody joins without answering `join`; opted-out numbers are
never texted; existing members are left as they are.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import phonenumbers
from phonenumbers import NumberParseException, ValidationResult

from handlers.context import Context
from handlers.invitations import send_invite
from handlers.language import first_language
from handlers.lookup import membership
from handlers.phone_numbers import phone_number
from store.models import Group, Invite, Member

# Why a number was refused, by phonenumbers' two kinds of verdict (their codes overlap).
UNREADABLE = {
    NumberParseException.NOT_A_NUMBER: "not a number",
    NumberParseException.INVALID_COUNTRY_CODE: "no such country code",
    NumberParseException.TOO_SHORT_AFTER_IDD: "too short",
    NumberParseException.TOO_SHORT_NSN: "too short",
    NumberParseException.TOO_LONG: "too long",
}
IMPOSSIBLE = {
    ValidationResult.TOO_SHORT: "too short",
    ValidationResult.TOO_LONG: "too long",
    ValidationResult.INVALID_COUNTRY_CODE: "no such country code",
    ValidationResult.IS_POSSIBLE_LOCAL_ONLY: "no area code",
}


@dataclass
class Roster:
    """What an import did (or would do) with each line, by line number."""

    invited: list[int] = field(default_factory=list)
    members: list[int] = field(default_factory=list)  # already in the group: left alone
    pending: list[int] = field(default_factory=list)  # invited before: not texted again
    opted_out: list[int] = field(default_factory=list)  # STOP: never texted
    invalid: list[tuple[int, str, str]] = field(default_factory=list)  # (line, as written, why)
    seen: dict[str, int] = field(default_factory=dict)  # number -> first line it was on


def read_number(raw: str, region: str) -> tuple[str | None, str]:
    """Read a typed number in `region`: (E.164, "") or (None, why it is not a number)."""
    raw = raw.strip()
    if not raw:
        return None, "blank"
    if any(char.isalpha() for char in raw):
        return None, "letters, not a number"
    found = phone_number(raw, region)
    if found:
        return found, ""
    try:
        parsed = phonenumbers.parse(raw, region)
    except NumberParseException as error:
        return None, UNREADABLE.get(error.error_type, "not a number")
    if not raw.startswith(("+", "(")):  # a number from abroad written without its "+"
        abroad = phone_number("+" + raw.lstrip("0"), region)
        if abroad:
            return None, f"not a {region} number; from abroad it needs a +, as in {abroad}"
    why = phonenumbers.is_possible_number_with_reason(parsed)
    return None, IMPOSSIBLE.get(why, f"not a valid {region} number")


def take(ctx: Context, group: Group, roster: Roster, line: int, raw: str,
         dry_run: bool = False) -> None:
    """Invite one line's number from `ctx.member`, or note why not; `dry_run` writes nothing."""
    phone, why = read_number(raw, ctx.region)
    if phone is None:
        roster.invalid.append((line, raw.strip(), why))
        return
    if phone in roster.seen:
        roster.invalid.append((line, raw.strip(), f"the same number as line {roster.seen[phone]}"))
        return
    roster.seen[phone] = line
    person = Member.get_or_none(Member.phone == phone)
    if person is not None and membership(person, group):
        roster.members.append(line)
    elif person is not None and person.opted_out:
        roster.opted_out.append(line)
    elif person is not None and person.phone_invalid:
        roster.invalid.append((line, raw.strip(), "Twilio said it cannot take texts"))
    elif person is not None and Invite.select().where(Invite.group == group,
                                                      Invite.member == person).exists():
        roster.pending.append(line)
    else:
        if not dry_run:
            person = person or Member.get_or_create(
                phone=phone, defaults={"language": first_language(phone)})[0]
            if not send_invite(ctx, group, person):  # invited meanwhile, or texted this week
                roster.pending.append(line)
                return
        roster.invited.append(line)
