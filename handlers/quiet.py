"""Quiet hours and digests: `quiet 22-7`, `digest daily 8am`, and the offer made on `off @g`.

During a member's quiet hours their posts and digests are written "quiet" rather than queued;
when the hours end (or they change them) those rows are bundled into one text
(handlers/bundles.py). A digest is a repeating reminder row of its own kind.
"""

from __future__ import annotations

from handlers import bundles, dates, repeats
from handlers.bundles import is_quiet
from handlers.context import Context
from handlers.registry import handles, says
from parsers import Command
from store.models import Member
from store.reminders import CANCELLED, DIGEST, PENDING, Reminder

DIGEST_HOUR = "8am"  # `digest daily` with no time


SAY = says("quiet", {
    "quiet_set": "Quiet {start}-{end} your time ({zone}): posts wait and come as one text after. "
                 "quiet off ends it.",
    "quiet_off": "Quiet hours off: posts come as they are sent.",
    "digest_set": "Digest {when}: one text with your groups' news instead of each post. "
                  "digest off to stop.",
    "digest_off": "Digest off: posts come one by one again.",
    "digest_bad": "Can't read that time. Try e.g. digest daily 8am or digest weekly mon",
    "offer": "Or get one text a day with its news: digest daily 8am",
})


@handles("quiet")
def quiet(ctx: Context, cmd: Command) -> None:
    """Set or end the sender's quiet hours; what they held comes out once they are over."""
    member = ctx.member
    if cmd.text == "off":
        member.quiet_start = member.quiet_end = None
        ctx.reply(SAY["quiet_off"])
    else:
        member.quiet_start, member.quiet_end = (int(h) for h in cmd.text.split("-"))
        ctx.reply(SAY["quiet_set"].format(start=dates.show_hour(member.quiet_start),
                                          end=dates.show_hour(member.quiet_end),
                                          zone=dates.zone_of(member).key))
    member.save(only=[Member.quiet_start, Member.quiet_end])
    if not is_quiet(member, ctx.now):
        ctx.outbox_ids.extend(bundles.release(member, ctx.now))


@handles("digest")
def digest(ctx: Context, cmd: Command) -> None:
    """Start, move or stop the sender's digest."""
    member = ctx.member
    (Reminder.update(status=CANCELLED)
     .where(Reminder.member == member, Reminder.kind == DIGEST, Reminder.status == PENDING)
     .execute())
    if cmd.text == "off":
        member.digest = None
        member.save(only=[Member.digest])
        ctx.reply(SAY["digest_off"])
        return
    rule = repeats.read_every(cmd.text, cmd.when or DIGEST_HOUR, member, ctx.now)
    if rule is None:
        ctx.reply(SAY["digest_bad"])
        return
    member.digest = rule
    member.digest_since = member.digest_since or ctx.now
    member.digest_offered = True
    member.save(only=[Member.digest, Member.digest_since, Member.digest_offered])
    at = repeats.next_time(rule, member, ctx.now)
    Reminder.create(member=member, kind=DIGEST, due_at=at, every=rule)
    ctx.wake_at.append(at)
    ctx.reply(SAY["digest_set"].format(when=repeats.show_rule(rule)))


def offer_digest(ctx: Context) -> None:
    """Offer the digest, once ever, to a member who just muted a group."""
    member = ctx.member
    if member.digest_offered or member.digest:
        return
    member.digest_offered = True
    member.save(only=[Member.digest_offered])
    ctx.reply(SAY["offer"])
