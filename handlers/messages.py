"""Messages: posts to groups, direct messages, plain chat, held texts, `more`, near misses."""

from __future__ import annotations

import json
from collections import Counter

from handlers import blocks
from handlers.context import Context
from handlers.conversation import converse, current_conversation
from handlers.held import HOLD_MINUTES
from handlers.inline import carry_out
from handlers.language import speaking_to
from handlers.lookup import group_named, member_named, membership, my_groups, not_in, unknown
from handlers.reach import last_sent, tell_dm, tell_post, tell_where
from handlers.registry import handles, says
from parsers import Command, tags_in
from parsers.commands import HELP, USAGE
from store.cooperation import MessageTag
from store.models import Group, HeldText, Member, Message

# A carrier delivers 1600 characters as one concatenated text; "[@group] name: " takes up to 46.
MAX_BODY = 1550
MEDIA_KINDS = {"image": "photo", "video": "video", "audio": "audio"}  # else "file"


SAY = says("messages", {
    "post_format": "[@{group}] {author}: {text}",
    "dm_format": "{author}: {text}",
    "who_for": "Who is this for? Reply @name within {minutes} min, or it won't be sent.",
    "who_for_example": " E.g. {example}",
    "empty": "Say something after @{target}, e.g. @{target} hello",
    "self": "That's you! Text d @name message to reach someone else.",
    "no_more": "Nothing more to show.",
    "did_you_mean": "Did you mean: {suggestion} ?",
    "too_long": f"Too long to send: keep it under {MAX_BODY} characters.",
    # What an MMS carried, noted after its words ("(photo)", "(2 photos, video)").
    "media": "({kinds})",
    "photo": "photo", "photos": "{n} photos", "video": "video", "videos": "{n} videos",
    "audio": "audio", "audios": "{n} audios", "file": "file", "files": "{n} files",
})


@handles("post", "dm")
def post(ctx: Context, cmd: Command) -> None:
    """Post to a group or text a member, by handle."""
    # "@family" alone answers "who is this for?": the held text goes, with any photo attached.
    answering = ctx.held if not cmd.text and cmd.action == "post" else None
    text = with_media(ctx, answering.body if answering else cmd.text)
    if not text:
        ctx.reply(SAY["empty"].format(target=cmd.target))
        return
    target = group_named(cmd.target) or member_named(cmd.target)
    if target is None:
        ctx.reply(unknown(cmd.target or "", ctx.member, "group or member"))
        return
    # A held text is let go only once it is sent: a mistyped answer leaves it waiting.
    message = send_to(ctx, target, text)
    if message is not None and answering is not None:
        (HeldText.update(status="sent", settled_at=ctx.now, message=message.id)
         .where(HeldText.id == answering.id).execute())


def send_to(ctx: Context, target: Group | Member, text: str) -> Message | None:
    """Send `text` from the sender to a group or a member, and make it the conversation.

    Task and thanks actions written in the text are carried out too (SPEC section 3).
    """
    if len(text) > MAX_BODY:
        ctx.reply(SAY["too_long"])
        return None
    if isinstance(target, Group):
        if membership(ctx.member, target) is None:
            ctx.reply(not_in(target))
            return None
        message = Message.create(author=ctx.member, group=target, body=text,
                                 inbound=ctx.inbound)
        tags = tags_in(text)
        if tags:
            MessageTag.insert_many([{"message": message.id, "tag": t} for t in tags]).execute()
        ctx.fan_out(message)  # after commit: the note below is in the copy everyone gets
        converse(ctx.member, "group", target.id, ctx)
        _with_notes(message, carry_out(ctx, message))
        tell_post(ctx, message)
        return message
    if target.id == ctx.member.id:
        ctx.reply(SAY["self"])
        return None
    if not blocks.may_dm(ctx, target):
        return None
    if blocks.is_blocked(target, ctx.member):
        return None  # as a DM that went: the sender learns nothing of the block
    message = Message.create(author=ctx.member, recipient=target, body=text,
                             inbound=ctx.inbound, fanned_out=True)
    _with_notes(message, carry_out(ctx, message))
    # `off` quiets groups, not a person writing to you: a DM always arrives.
    with speaking_to(target):
        ctx.notify(target, SAY["dm_format"].format(author=ctx.member.label,
                                                    text=shown_body(message)),
                   message=message)
    tell_dm(ctx, target)
    converse(ctx.member, "member", target.id, ctx)
    converse(target, "member", ctx.member.id, ctx)  # a DM received moves their conversation
    return message


def _with_notes(message: Message, notes: list[str]) -> None:
    """Name what a post's actions did ("done task 1 (fix the sink: done)"), so readers know."""
    if notes:
        message.body = f"{message.body} ({'; '.join(notes)})"
        message.save(only=[Message.body])


def with_media(ctx: Context, text: str) -> str:
    """Add a note of what an MMS carried ("(photo)", "(2 photos)"), which SMS can't show, in
    the sender's language (shown_body says it again in each reader's)."""
    note = media_note(json.loads(ctx.inbound.media) if ctx.inbound else [])
    return f"{text} {note}".strip() if note else text


def media_note(media: list[dict]) -> str:
    """Return the note of what an MMS carried, in the language being spoken; "" for none."""
    if not media:
        return ""
    kinds = Counter(MEDIA_KINDS.get((m.get("type") or "").split("/")[0], "file") for m in media)
    return SAY["media"].format(kinds=", ".join(
        SAY[f"{kind}s"].format(n=n) if n > 1 else SAY[kind] for kind, n in kinds.items()))


def shown_body(message: Message) -> str:
    """Return a message's words with the note of its media in the language being spoken: the
    body keeps the note in its author's ("(foto)"), a reader gets it in theirs ("(photo)")."""
    inbound = message.inbound
    media = json.loads(inbound.media) if inbound is not None and inbound.media else []
    here = media_note(media)
    with speaking_to(message.author):
        written = media_note(media)
    at = message.body.rfind(written) if written else -1
    if at < 0 or here == written:
        return message.body
    return message.body[:at] + here + message.body[at + len(written):]


def chat(ctx: Context, cmd: Command) -> None:
    """Send plain chat to the current conversation, or hold it and ask who it is for.

    Registered by handlers/answers.py, which first takes an option's word as an answer.
    """
    text = with_media(ctx, cmd.text)
    if not text:
        return  # an empty text says nothing: answering it would only cost a text
    target = current_conversation(ctx.member, ctx)
    if target is not None:
        before = last_sent(ctx.member)
        if send_to(ctx, target, text) is not None:
            tell_where(ctx, target, before)
        return
    HeldText.create(member=ctx.member, inbound=ctx.inbound, body=text, held_at=ctx.now)
    groups = my_groups(ctx.member)
    example = " or ".join(f"@{g.handle}" for g in groups[:3])
    ctx.reply(SAY["who_for"].format(minutes=HOLD_MINUTES)
              + (SAY["who_for_example"].format(example=example) if example else ""))


@handles("more")
def more(ctx: Context, cmd: Command) -> None:
    """Send the next page of the last long reply."""
    pages = json.loads(ctx.member.pages or "[]")
    if not pages:
        ctx.reply(SAY["no_more"])
        return
    ctx.lines.append(pages[0])
    ctx.member.pages = json.dumps(pages[1:]) if len(pages) > 1 else None
    ctx.member.save(only=[Member.pages])
    ctx.keep_pages = True


@handles("usage")
def usage(ctx: Context, cmd: Command) -> None:
    """Answer a command word whose arguments don't fit with its usage; post nothing."""
    # Every keyword's canonical name has a line (tests/test_parser_table.py checks it).
    ctx.reply(USAGE.get(cmd.topic or "", HELP["help"]))


@handles("near_miss")
def near_miss(ctx: Context, cmd: Command) -> None:
    """Suggest the command a typo was one letter away from; post nothing."""
    ctx.reply(SAY["did_you_mean"].format(suggestion=cmd.suggestion))
