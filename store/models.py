"""The tables: members, groups, memberships, messages in and out, delivery events."""

from __future__ import annotations

from datetime import UTC, datetime

from peewee import (
    AutoField,
    BooleanField,
    CharField,
    DateTimeField,
    ForeignKeyField,
    IntegerField,
    Model,
    TextField,
)

from store.db import db


def utcnow() -> datetime:
    """Return the current UTC time, naive, as every column stores it."""
    return datetime.now(UTC).replace(tzinfo=None)


class BaseModel(Model):
    # Each model declares, as annotations only (nothing at run time), the columns peewee adds
    # unseen so that a type checker knows them: `id`, and `<fk>_id` for each foreign key, the
    # related row's id without a query. On the class each is the field, in queries.
    class Meta:
        database = db
        legacy_table_names = False


# How a member without a handle is shown to anyone else: never by any digit of their number.
ANONYMOUS = "a member"


class Member(BaseModel):
    """A person: a phone number is an account."""

    id: AutoField[int]

    phone = CharField(unique=True, null=True)  # E.164
    email = CharField(unique=True, null=True)  # verified, lower-case: mail from it can be theirs
    # Bumped by `newtoken`: every mail token (store/addresses.py) is derived from it.
    mail_epoch = IntegerField(default=0)
    # Bumped by logging out: a web session carrying an older one is over.
    session_epoch = IntegerField(default=0)
    via = CharField(default="sms")  # where posts reach them: "sms" or "email"
    handle = CharField(unique=True, null=True)
    bio = TextField(default="")
    tz = CharField(null=True)
    language = CharField(max_length=8, null=True)  # "en", "es" (parsers/languages.py); None: en
    opted_out = BooleanField(default=False)  # STOP at the carrier: send nothing at all
    phone_invalid = BooleanField(default=False)  # 21211/21614: the number cannot take texts
    # Texts in a row that carriers could not deliver (30003/30005/30006), none delivered since;
    # at UNREACHABLE_AFTER the member is unreachable: no texts until they text in again.
    failed_texts = IntegerField(default=0)
    unreachable_at = DateTimeField(null=True)
    muted_until = DateTimeField(null=True)  # `off`: no posts until then
    # The current conversation: where plain chat goes (SPEC section 2).
    conv_kind = CharField(null=True)  # "group" or "member"
    conv_id = IntegerField(null=True)
    conv_at = DateTimeField(null=True)
    pages = TextField(null=True)  # JSON list of the rest of a long reply, for `more`
    # `quiet 22-7`: posts and digests are held between these hours of the member's zone.
    quiet_start = IntegerField(null=True)
    quiet_end = IntegerField(null=True)
    digest = CharField(null=True)  # `digest daily 8am`: "day 08:00"; None sends each post
    digest_offered = BooleanField(default=False)  # muting a group offers the digest once
    digest_since = DateTimeField(null=True)  # what the next digest counts from
    created_at = DateTimeField(default=utcnow)
    last_seen_at = DateTimeField(default=utcnow)

    @property
    def name(self) -> str:
        """Show the member as others see them: the handle, else "a member" (no digits, ever)."""
        return self.handle or ANONYMOUS

    @property
    def label(self) -> str:
        """Show the member where a handle can be answered: @handle, else "a member"."""
        return f"@{self.handle}" if self.handle else self.name


class Group(BaseModel):
    id: AutoField[int]
    owner_id: ForeignKeyField[int]

    handle = CharField(unique=True)
    description = TextField(default="")
    owner = ForeignKeyField(Member, backref="owned_groups")
    private = BooleanField(default=False)
    created_at = DateTimeField(default=utcnow)


class Handle(BaseModel):
    """One namespace for members and groups: a row here is the atomic claim of a name."""

    name = CharField(primary_key=True)
    kind = CharField()  # "member" or "group"


class Membership(BaseModel):
    id: AutoField[int]
    member_id: ForeignKeyField[int]
    group_id: ForeignKeyField[int]

    member = ForeignKeyField(Member, backref="memberships", on_delete="CASCADE")
    group = ForeignKeyField(Group, backref="memberships", on_delete="CASCADE")
    role = CharField(default="member")  # owner, admin, member
    muted_until = DateTimeField(null=True)
    joined_at = DateTimeField(default=utcnow)
    recap_at = DateTimeField(null=True)  # `recap` listed this group's missed posts up to here

    class Meta:
        indexes = ((("member", "group"), True),)


class Invite(BaseModel):
    id: AutoField[int]
    group_id: ForeignKeyField[int]
    member_id: ForeignKeyField[int]
    inviter_id: ForeignKeyField[int]

    group = ForeignKeyField(Group, backref="invites", on_delete="CASCADE")
    member = ForeignKeyField(Member, backref="invites", on_delete="CASCADE")
    inviter = ForeignKeyField(Member)
    created_at = DateTimeField(default=utcnow)

    class Meta:
        indexes = ((("group", "member"), True),)


class Invitation(BaseModel):
    """An invitation named by a number (or sent by `commons import`): the caps count these.

    `counted` toward the inviter's invitations a day (not an import's); `texted` when a text
    went (or waits for the invitee's hours): a number is texted once a week.
    """

    id: AutoField[int]
    member_id: ForeignKeyField[int | None]
    group_id: ForeignKeyField[int | None]
    inviter_id: ForeignKeyField[int | None]

    phone = CharField(null=True)  # E.164 of the number invited
    member = ForeignKeyField(Member, null=True, backref="invitations", on_delete="CASCADE")
    group = ForeignKeyField(Group, null=True, on_delete="CASCADE")
    inviter = ForeignKeyField(Member, null=True, backref="invitations_sent", on_delete="CASCADE")
    door = CharField()  # text, mail, web, terminal or import
    counted = BooleanField(default=True)
    texted = BooleanField(default=False)
    created_at = DateTimeField(default=utcnow)

    class Meta:
        indexes = ((("phone", "created_at"), False), (("inviter", "created_at"), False))


class Inbound(BaseModel):
    """A text as it arrived, kept before anything else happens to it."""

    id: AutoField[int]
    member_id: ForeignKeyField[int | None]

    channel = CharField()  # twilio, console, web, email
    provider_id = CharField(unique=True)  # MessageSid or Message-ID: a replay is the same row
    sender = CharField()  # E.164, or an email address
    address = CharField(null=True)  # for mail: the address it was sent to
    subject = CharField(null=True)  # for mail: its subject, which the answer says Re: to
    member = ForeignKeyField(Member, null=True, backref="inbound")
    body = TextField()
    media = TextField(default="[]")  # JSON list of {url, type}
    # received, cleaning (a member's mail, waiting for its worker), handling, handled, limited,
    # refused, loop, failed
    status = CharField(default="received")
    # Twilio's Advanced Opt-Out: STOP, START or HELP when the Messaging Service took the text
    # for one of its keywords (in any language it was given) and has answered it already.
    opt_out_type = CharField(null=True)
    error = TextField(null=True)
    received_at = DateTimeField(default=utcnow, index=True)
    # A mail's body as it came (JSON, handlers/mail_clean.py draft_of) until a worker cleans it.
    draft = TextField(null=True)

    class Meta:
        indexes = ((("sender", "received_at"), False),)  # the abuse checks' look-back


class Message(BaseModel):
    """A post to a group or a direct message: the conversation itself."""

    id: AutoField[int]
    author_id: ForeignKeyField[int]
    group_id: ForeignKeyField[int | None]
    recipient_id: ForeignKeyField[int | None]
    inbound_id: ForeignKeyField[int | None]

    author = ForeignKeyField(Member, backref="messages")
    group = ForeignKeyField(Group, null=True, backref="messages")
    recipient = ForeignKeyField(Member, null=True, backref="direct_messages")
    body = TextField()
    inbound = ForeignKeyField(Inbound, null=True)
    fanned_out = BooleanField(default=False, index=True)
    created_at = DateTimeField(default=utcnow, index=True)


class Outbox(BaseModel):
    """One outbound text: written with the action that caused it, then delivered."""

    id: AutoField[int]
    member_id: ForeignKeyField[int | None]
    inbound_id: ForeignKeyField[int | None]
    message_id: ForeignKeyField[int | None]

    member = ForeignKeyField(Member, null=True, backref="outbox")
    channel = CharField(default="sms")  # sms or email
    to = CharField()  # E.164, or an email address
    subject = CharField(null=True)  # mail only; None lets the mail channel choose
    body = TextField()
    segments = IntegerField(default=1)
    kind = CharField(default="reply")  # reply (to the sender's own text) or post (fan-out)
    status = CharField(default="queued", index=True)
    provider_sid = CharField(null=True, unique=True)
    error_code = IntegerField(null=True)
    error = TextField(null=True)
    attempts = IntegerField(default=0)
    claim = CharField(null=True, index=True)  # the delivery job that took the row
    inbound = ForeignKeyField(Inbound, null=True, backref="outbox")
    message = ForeignKeyField(Message, null=True, backref="deliveries")
    created_at = DateTimeField(default=utcnow)
    updated_at = DateTimeField(default=utcnow, index=True)
    next_attempt_at = DateTimeField(default=utcnow)
    sent_at = DateTimeField(null=True)
    # Past this moment a text held for quiet hours is not worth sending (an event's reminder
    # once the event has started); None: it always is.
    expires_at = DateTimeField(null=True)

    class Meta:
        # A post reaches a member once on each channel, however often its fan-out runs: by
        # text, and by mail when the text could not be delivered.
        indexes = ((("message", "member", "channel"), True),)


class OneTimeCode(BaseModel):
    """A code sent to prove an address: `verify` for email, and web log-ins. Kept hashed."""

    id: AutoField[int]
    member_id: ForeignKeyField[int]

    member = ForeignKeyField(Member, backref="codes", on_delete="CASCADE")
    purpose = CharField()  # "email" (linking an address) or "login"
    address = CharField(null=True)  # the email address being linked
    client = CharField(null=True)  # login codes: a hash of the browser's id that asked for it
    code_hash = CharField()
    attempts = IntegerField(default=0)
    created_at = DateTimeField(default=utcnow)
    expires_at = DateTimeField()
    used_at = DateTimeField(null=True)

    class Meta:
        indexes = ((("member", "purpose"), False),)


class DeliveryEvent(BaseModel):
    """A provider status callback, kept once per (sid, status)."""

    id: AutoField[int]

    sid = CharField()
    status = CharField()
    error_code = IntegerField(null=True)
    received_at = DateTimeField(default=utcnow)

    class Meta:
        indexes = ((("sid", "status"), True),)


class HeldText(BaseModel):
    """Chat with no conversation, waiting for "who is this for?" (SPEC section 2).

    Only the very next text, a bare @name within HOLD_MINUTES, sends it; anything else drops
    it. A dropped text is kept, never delivered.
    """

    id: AutoField[int]
    member_id: ForeignKeyField[int]
    inbound_id: ForeignKeyField[int | None]
    message_id: ForeignKeyField[int | None]

    member = ForeignKeyField(Member, backref="held_texts", on_delete="CASCADE")
    inbound = ForeignKeyField(Inbound, null=True)
    body = TextField()
    status = CharField(default="held")  # held, sent, dropped
    held_at = DateTimeField(default=utcnow)
    settled_at = DateTimeField(null=True)
    reason = CharField(null=True)  # why it was dropped: "next text" or "timeout"
    message = ForeignKeyField(Message, null=True)  # the post or DM it became

    class Meta:
        indexes = ((("member", "status"), False), (("status", "held_at"), False))


class Removal(BaseModel):
    """A kick: the member stays out of the group until an owner or admin invites them again."""

    id: AutoField[int]
    group_id: ForeignKeyField[int]
    member_id: ForeignKeyField[int]
    remover_id: ForeignKeyField[int]

    group = ForeignKeyField(Group, backref="removals", on_delete="CASCADE")
    member = ForeignKeyField(Member, backref="removals", on_delete="CASCADE")
    remover = ForeignKeyField(Member)
    created_at = DateTimeField(default=utcnow)

    class Meta:
        indexes = ((("group", "member"), True),)


class Block(BaseModel):
    """`block @x`: `member` gets no DMs from `blocked` until `unblock @x`."""

    id: AutoField[int]
    member_id: ForeignKeyField[int]
    blocked_id: ForeignKeyField[int]

    member = ForeignKeyField(Member, backref="blocks", on_delete="CASCADE")
    blocked = ForeignKeyField(Member, backref="blocked_by", on_delete="CASCADE")
    created_at = DateTimeField(default=utcnow)

    class Meta:
        indexes = ((("member", "blocked"), True),)


class KeyRotation(BaseModel):
    """A new SECRET_KEY from `commons rotate-secret`: members are told once it is in use.

    The key is named by its fingerprint (store/secret.py), never kept here.
    """

    id: AutoField[int]

    fingerprint = CharField(unique=True)
    created_at = DateTimeField(default=utcnow)
    announced_at = DateTimeField(null=True)  # when the first process with the key told them
    told = IntegerField(null=True)  # members told


MODELS = [Member, Group, Handle, Membership, Invite, Invitation, Inbound, Message, Outbox,
          OneTimeCode, DeliveryEvent, HeldText, Removal, Block, KeyRotation]
