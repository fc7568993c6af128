"""Senders paused after a burst of carrier filtering (30007), as the operator is told of them.

Carriers filter a text (30007) for its content or for the sender's standing. One filtered text
can be a single recipient's carrier; several from one sender within minutes are the carriers
refusing that sender, and every further text burns its standing (and money) for nothing. So the
sender is paused: its texts wait, kept in the outbox, and go out when the pause ends. The
operator hears of it in the log, on /ops, in `commons doctor` and in /metrics.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

from store.carrier import PAUSED, DeliveryFailure, OpsAlert
from store.db import take_turns
from store.models import utcnow
from store.settings import Settings

log = logging.getLogger(__name__)

CARRIER_FILTERED = 30007
BURST = 5  # filtered texts from one sender within BURST_WINDOW: carriers refuse the sender
BURST_WINDOW = timedelta(minutes=10)
# Long enough for an operator to read the alert and look at the campaign before more texts are
# filtered; short enough that a false alarm only delays texts, never loses them.
PAUSE = timedelta(hours=1)


def line_of(sender: str | None, settings: Settings) -> str:
    """Return the line to pause for texts that `sender` sent: the number, or the service.

    A Messaging Service picks the number of each text itself, so only the whole service can
    be held; a number of ours is held alone.
    """
    if sender and sender == settings.TWILIO_FROM:
        return sender
    return settings.TWILIO_MESSAGING_SERVICE_SID or sender or "unknown sender"


def filtered(sender: str | None, settings: Settings) -> OpsAlert | None:
    """After a 30007 from `sender`, pause its line if that makes a burst; return a new pause.

    In the caller's transaction, which kept the failure. Callbacks for a burst arrive together:
    they take turns, so the last one counts every failure before it, and only one pauses.
    """
    line = line_of(sender, settings)
    take_turns(f"pause {line}")
    now = utcnow()
    recent = (DeliveryFailure.select()
              .where(DeliveryFailure.code == CARRIER_FILTERED, DeliveryFailure.sender == sender,
                     DeliveryFailure.at >= now - BURST_WINDOW).count())
    if recent < BURST or paused_until(line, now) is not None:
        return None
    minutes = int(BURST_WINDOW.total_seconds() // 60)
    alert = OpsAlert.create(
        kind=PAUSED, subject=line, until=now + PAUSE,
        detail=f"{recent} texts from {sender} filtered by carriers (30007) in {minutes} "
               f"minutes: check the campaign's registration and what was sent")
    log.warning("sender %s paused until %s UTC: %s", line, alert.until, alert.detail)
    return alert


def paused_until(line: str, now: datetime | None = None) -> datetime | None:
    """Return when the pause of `line` ends, or None when it is not paused."""
    alert = (OpsAlert.select().where(OpsAlert.kind == PAUSED, OpsAlert.subject == line,
                                     OpsAlert.until > (now or utcnow()))
             .order_by(OpsAlert.until.desc()).first())
    return alert.until if alert else None


def active(now: datetime | None = None) -> list[OpsAlert]:
    """Return the pauses in force, latest end first, one per line."""
    found: dict[str, OpsAlert] = {}
    for alert in (OpsAlert.select().where(OpsAlert.kind == PAUSED,
                                          OpsAlert.until > (now or utcnow()))
                  .order_by(OpsAlert.until.desc())):
        found.setdefault(alert.subject, alert)
    return list(found.values())
