"""What carriers said about our texts: failures kept per member, and what the operator must see."""

from __future__ import annotations

from peewee import AutoField, CharField, DateTimeField, ForeignKeyField, IntegerField, TextField

from store.models import BaseModel, Member, Outbox, utcnow

PAUSED = "paused"  # a sender held after a burst of carrier filtering (30007)
YES_OPT_IN = "yes_opt_in"  # Twilio took a member's answer for an opt-in keyword (START)


class DeliveryFailure(BaseModel):
    """One text that a carrier or Twilio refused or could not deliver, with its error code."""

    id: AutoField[int]
    member_id: ForeignKeyField[int | None]
    outbox_id: ForeignKeyField[int | None]

    member = ForeignKeyField(Member, null=True, backref="failures", on_delete="CASCADE")
    outbox = ForeignKeyField(Outbox, null=True, on_delete="SET NULL")
    code = IntegerField(null=True)
    sender = CharField(null=True)  # the number (or Messaging Service) it was sent from
    at = DateTimeField(default=utcnow)

    class Meta:
        indexes = ((("member", "at"), False), (("code", "sender", "at"), False))


class OpsAlert(BaseModel):
    """Something the operator must hear about: a paused sender, a misread opt-in."""

    id: AutoField[int]

    kind = CharField()  # PAUSED or YES_OPT_IN
    subject = CharField()  # the sender paused; the member's label for a misread "yes"
    detail = TextField(default="")
    created_at = DateTimeField(default=utcnow)
    until = DateTimeField(null=True)  # a pause's end

    class Meta:
        indexes = ((("kind", "created_at"), False), (("kind", "until"), False))


CARRIER_MODELS = [DeliveryFailure, OpsAlert]
