"""Account commands: help, name, bio, whois, off/on, tz, and the carrier keywords."""

from __future__ import annotations

import re
import unicodedata
from datetime import datetime, timedelta

from peewee import IntegrityError

from handlers import carrier_keywords, quiet
from handlers.context import Context
from handlers.dates import zone_of
from handlers.lookup import group_named, joined, member_named, membership, unknown
from handlers.registry import handles, says
from parsers import KEYWORDS, Command, is_valid_handle
from parsers.commands import HELP, index
from parsers.counts import plural
from parsers.handles import HANDLE_MAX, HANDLE_MIN
from parsers.zones import find_zone
from store.db import db
from store.models import Group, Handle, Member, Membership

FOREVER = datetime(9999, 1, 1)
HANDLE_SHAPE = re.compile(rf"[a-z][a-z0-9_]{{{HANDLE_MIN - 1},{HANDLE_MAX - 1}}}")
MAX_BIO = 160
MAX_MUTE_HOURS = 24 * 30


SAY = says("account", {
    "welcome": "Welcome to Commons! Pick a name: name yourname. HELP for commands.",
    "back": "You're back on Commons. HELP for commands, STOP to opt out.",
    "stop_how": "To stop every text from Commons, text STOP alone (START brings them back). To "
                "leave one group: leave @group; to quiet it: off @group.",
    "no_help": "No command {topic}. HELP lists them.",
    "named": "You are now @{handle}.",
    "bad_handle": f"Names are {HANDLE_MIN}-{HANDLE_MAX} letters, digits or _, "
                  "starting with a letter.",
    "plain_letters": "Names use plain letters a-z, digits and _ so every phone can type them: "
                     "try name {suggestion}",
    "reserved": "@{handle} is reserved. Try another name.",
    "taken": "@{handle} is taken. Try another name.",
    "same_name": "You are already @{handle}.",
    "bio_saved": "Bio saved. whois @{handle} shows it.",
    "bio_saved_anon": "Bio saved. Pick a name so others can find it: name yourname",
    "bio_long": f"Bio too long: keep it under {MAX_BIO} characters.",
    "whois_member": "@{handle}: {bio}",
    "whois_group": "@{handle} ({people}, {kind}): {description}",
    "whois_private": "@{handle} is a private group.",
    "no_bio": "no bio yet",
    "private": "private",
    "public": "public",
    "muted_all": "Group posts muted{until}; direct messages still arrive. Text on to hear posts "
                 "again.",
    "muted_group": "@{group} muted{until}. Text on @{group} to unmute.",
    "unmuted_all": "Posts are on again.",
    "unmuted_group": "@{group} is on again.",
    "mute_hours": f"Mute for 1 to {MAX_MUTE_HOURS} hours, e.g. off 2h",
    "for_hours": " for {hours}h",
    "tz_set": "Time zone set to {zone}.",
    "tz_is": "Your time zone is {zone}. Change it with a city or zone, e.g. tz paris or tz EST",
    "tz_guessed": "Your time zone is {zone}, from your number. Change it with a city or zone, "
                  "e.g. tz paris",
    "tz_bad": "Unknown time zone {zone}. Try a city or zone, e.g. tz paris, tz EST or tz "
              "America/Chicago",
})


@handles("help")
def help_(ctx: Context, cmd: Command) -> None:
    """Answer HELP with the index, or one command's help line."""
    if not cmd.topic:
        ctx.reply(index())
        return
    topic = KEYWORDS.get(cmd.topic, cmd.topic)
    if topic in HELP:  # every command has its line: parsers.commands declares them together
        ctx.reply(HELP[topic])
    else:
        ctx.reply(SAY["no_help"].format(topic=cmd.topic[:20]))


@handles("name")
def name(ctx: Context, cmd: Command) -> None:
    """Claim a handle in the one namespace of members and groups."""
    handle = (cmd.target or "").lower()
    if handle == ctx.member.handle:
        ctx.reply(SAY["same_name"].format(handle=handle))
        return
    problem = handle_problem(handle)
    if problem:
        ctx.reply(problem)
        return
    if not claim_handle(handle, "member"):
        ctx.reply(SAY["taken"].format(handle=handle))
        return
    if ctx.member.handle:
        Handle.delete().where(Handle.name == ctx.member.handle).execute()
    ctx.member.handle = handle
    ctx.member.save(only=[Member.handle])
    ctx.reply(SAY["named"].format(handle=handle))


def handle_problem(handle: str) -> str | None:
    """Say why `handle` can't be a member's or group's name, or None when it can."""
    if is_valid_handle(handle):
        return None
    if HANDLE_SHAPE.fullmatch(handle):
        return SAY["reserved"].format(handle=handle)
    # "José" would turn every text naming them into the 70-character alphabet: say so, in words.
    plain = plain_letters(handle)
    if plain != handle and HANDLE_SHAPE.fullmatch(plain):
        return SAY["plain_letters"].format(suggestion=plain)
    return SAY["bad_handle"]


def plain_letters(text: str) -> str:
    """Fold `text` to the letters a-z every phone has: "josé" -> "jose", "zoë" -> "zoe"."""
    bare = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return bare.lower().replace("-", "_")


def claim_handle(handle: str, kind: str) -> bool:
    """Claim `handle` atomically; False when someone has it."""
    try:
        with db.atomic():  # a savepoint, so a clash spoils nothing else
            Handle.insert(name=handle, kind=kind).execute()
    except IntegrityError:
        return False
    return True


@handles("bio")
def bio(ctx: Context, cmd: Command) -> None:
    """Set the sender's bio."""
    if len(cmd.text) > MAX_BIO:
        ctx.reply(SAY["bio_long"])
        return
    ctx.member.bio = cmd.text
    ctx.member.save(only=[Member.bio])
    if ctx.member.handle:
        ctx.reply(SAY["bio_saved"].format(handle=ctx.member.handle))
    else:  # "whois @~0101" would not work: without a handle nobody can look the bio up
        ctx.reply(SAY["bio_saved_anon"])


@handles("whois")
def whois(ctx: Context, cmd: Command) -> None:
    """Show a member's bio or a group's description."""
    person = member_named(cmd.target)
    if person:
        ctx.reply(SAY["whois_member"].format(handle=person.handle, bio=person.bio or SAY["no_bio"]))
        return
    group = group_named(cmd.target)
    if group is None:
        ctx.reply(unknown(cmd.target or "", ctx.member, "group or member"))
        return
    if group.private and membership(ctx.member, group) is None:
        ctx.reply(SAY["whois_private"].format(handle=group.handle))  # nothing else about it
        return
    count = Membership.select().where(Membership.group == group).count()
    ctx.reply(SAY["whois_group"].format(
        handle=group.handle, people=plural(count, "member"),
        kind=SAY["private" if group.private else "public"],
        description=group.description or f"owner {group.owner.label}"))


@handles("off")
def off(ctx: Context, cmd: Command) -> None:
    """Mute all posts, or one group's, for a while or until `on`."""
    if cmd.hours is not None and not 1 <= cmd.hours <= MAX_MUTE_HOURS:
        ctx.reply(SAY["mute_hours"])
        return
    until = ctx.now + timedelta(hours=cmd.hours) if cmd.hours else FOREVER
    until_text = SAY["for_hours"].format(hours=cmd.hours) if cmd.hours else ""
    if cmd.target is None:
        ctx.member.muted_until = until
        ctx.member.save(only=[Member.muted_until])
        ctx.reply(SAY["muted_all"].format(until=until_text))
        return
    group = _my_group(ctx, cmd.target)
    if group:
        Membership.update(muted_until=until).where(
            Membership.member == ctx.member, Membership.group == group).execute()
        ctx.reply(SAY["muted_group"].format(group=group.handle, until=until_text))
        quiet.offer_digest(ctx)


@handles("on")
def on(ctx: Context, cmd: Command) -> None:
    """Unmute everything, or one group."""
    if cmd.target is None:
        ctx.member.muted_until = None
        ctx.member.save(only=[Member.muted_until])
        Membership.update(muted_until=None).where(Membership.member == ctx.member).execute()
        ctx.reply(SAY["unmuted_all"])
        return
    group = _my_group(ctx, cmd.target)
    if group:
        Membership.update(muted_until=None).where(
            Membership.member == ctx.member, Membership.group == group).execute()
        ctx.reply(SAY["unmuted_group"].format(group=group.handle))


def _my_group(ctx: Context, handle: str) -> Group | None:
    """Return the sender's group `handle`, replying why not when it isn't one."""
    mine = joined(ctx, handle)
    return mine.group if mine else None


@handles("tz")
def tz(ctx: Context, cmd: Command) -> None:
    """Set the sender's time zone from a city, a common name or a zone; alone, tell it."""
    wanted = cmd.text.strip()
    if not wanted:
        if ctx.member.tz:
            ctx.reply(SAY["tz_is"].format(zone=ctx.member.tz))
        else:
            ctx.reply(SAY["tz_guessed"].format(zone=zone_of(ctx.member).key))
        return
    zone = find_zone(wanted)
    if zone is None:
        ctx.reply(SAY["tz_bad"].format(zone=wanted[:30]))
        return
    ctx.member.tz = zone
    ctx.member.save(only=[Member.tz])
    ctx.reply(SAY["tz_set"].format(zone=zone))


@handles("opt_out")
def opt_out(ctx: Context, cmd: Command) -> None:
    """Stop sending to a member after STOP; the carrier confirms it, so no reply."""
    ctx.member.opted_out = True
    ctx.member.save(only=[Member.opted_out])


@handles("stop_how")
def stop_how(ctx: Context, cmd: Command) -> None:
    """Tell a member who asked in words to be sent nothing more how to, instead of posting it."""
    ctx.reply(SAY["stop_how"])


@handles("opt_in")
def opt_in(ctx: Context, cmd: Command) -> None:
    """Welcome a member back after START, unless Twilio has confirmed it already.

    A second confirmation costs a text and tells the member nothing new.
    """
    if not carrier_keywords.confirmed_by_carrier(ctx):
        ctx.reply(SAY["back"])

