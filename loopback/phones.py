"""Phones that text Commons through its signed Twilio webhook, and read what the provider took.

The work after a webhook is done by a worker process, or, given a `worker` (tests/inprocess.py),
by this process each time the phones settle. tests/phones.py plays transcripts on them.
"""

from __future__ import annotations

import time
import uuid
from collections import defaultdict
from collections.abc import Sequence

import requests
from twilio.request_validator import RequestValidator

from store.db import db
from store.delivery_state import IN_FLIGHT
from store.models import Inbound, Message, Outbox

SETTLE_TIMEOUT = 20
POLL = 0.01  # seconds between looks at a worker process's progress


class Phones:
    def __init__(self, server_url: str, auth_token: str, twilio_api,
                 public_url: str | None = None, worker=None) -> None:
        self.url = server_url
        self.worker = worker  # does the worker's part when settling; None: a process does
        self.public_url = public_url or server_url
        self.validator = RequestValidator(auth_token)
        self.api = twilio_api
        self.seen = 0  # how many of the provider's records were already read
        self.session = requests.Session()

    def sign(self, path: str, params: dict) -> str:
        """Sign `params` for `path` as Twilio would, for the public URL."""
        return self.validator.compute_signature(self.public_url + path, params)

    def post(self, path: str, params: dict, signature: str | None = None,
             headers: dict | None = None) -> requests.Response:
        """POST a form to the server, signed unless `signature` says otherwise."""
        sig = self.sign(path, params) if signature is None else signature
        head = {"X-Twilio-Signature": sig} if sig else {}
        return self.session.post(self.url + path, data=params, headers={**head, **(headers or {})},
                                 timeout=30)

    def webhook_params(self, sender: str, body: str, sid: str | None = None,
                       media: Sequence[tuple[str, str]] = (), **fields: str) -> dict:
        """Build Twilio's inbound webhook fields for a text from `sender`, `fields` added
        (OptOutType, MessagingServiceSid...)."""
        params = {
            "MessageSid": sid or "SM" + uuid.uuid4().hex, "AccountSid": self.api.account_sid,
            "From": sender, "To": "+15005550006", "Body": body, "NumMedia": str(len(media)),
            "NumSegments": "1", "SmsStatus": "received", "ApiVersion": "2010-04-01",
            "FromCountry": "US", "ToCountry": "US",
        }
        for i, (url, kind) in enumerate(media):
            params[f"MediaUrl{i}"] = url
            params[f"MediaContentType{i}"] = kind
        return {**params, **fields}

    def text(self, sender: str, body: str, sid: str | None = None, **kw) -> requests.Response:
        """Text Commons from `sender` through the signed webhook."""
        response = self.post("/sms/twilio", self.webhook_params(sender, body, sid, **kw))
        assert response.status_code == 200, response.text
        return response

    def settle(self, timeout: float = SETTLE_TIMEOUT) -> None:
        """Wait until every text is handled, fanned out and delivered or finished."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.worker is not None:
                self.worker.work()
            with db.connection_context():
                busy = (Inbound.select()
                        .where(Inbound.status.in_(["received", "cleaning", "handling"])).exists()
                        or Message.select().where(Message.fanned_out == False).exists()  # noqa: E712
                        or Outbox.select().where(Outbox.status.in_(IN_FLIGHT))
                        .exists())
            if not busy:
                return
            time.sleep(POLL)
        raise AssertionError("the system did not settle: work still queued")

    def received(self, newline: str = " | ") -> dict[str, list[str]]:
        """Return the texts the provider took since the last call, by recipient.

        A text's lines are joined with `newline`, so a transcript line holds a whole text.
        """
        records = self.api.messages()
        fresh, self.seen = records[self.seen:], len(records)
        texts: dict[str, list[str]] = defaultdict(list)
        for record in fresh:
            if record.get("sid"):
                texts[record["to"]].append(record["body"].replace("\n", newline))
        return dict(texts)
