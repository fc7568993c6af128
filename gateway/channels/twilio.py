"""The Twilio channel: the official client, pointed at TWILIO_API_BASE."""

from __future__ import annotations

from twilio.base.exceptions import TwilioException, TwilioRestException
from twilio.http.http_client import TwilioHttpClient
from twilio.rest import Client

from gateway.channels.base import PermanentError, TransientError
from gateway.config import Settings

SEND_TIMEOUT = 10  # seconds; a hung provider must not hold a worker for long
# Errors that retrying cannot fix; any other 4xx but 429 is permanent for that text too.
TRANSIENT_CODES = {20429, 20003}  # rate limited; auth failure (fixed by configuration, not data)
STATUS_CALLBACK_PATH = "/sms/twilio/status"


class TwilioChannel:
    name = "twilio"

    def __init__(self, settings: Settings) -> None:
        http = TwilioHttpClient(timeout=SEND_TIMEOUT, pool_connections=True)
        self.client = Client(settings.TWILIO_ACCOUNT_SID, settings.TWILIO_AUTH_TOKEN,
                             http_client=http)
        self.client.api.base_url = settings.TWILIO_API_BASE
        self.sender = (
            {"messaging_service_sid": settings.TWILIO_MESSAGING_SERVICE_SID}
            if settings.TWILIO_MESSAGING_SERVICE_SID
            else {"from_": settings.TWILIO_FROM}
        )
        self.callback = (settings.PUBLIC_URL.rstrip("/") + STATUS_CALLBACK_PATH
                         if settings.PUBLIC_URL else None)

    def send(self, to: str, body: str, row_id: int) -> str:
        """Send one text; the status callback names the row, so a lost answer can be matched."""
        extra = {"status_callback": f"{self.callback}?row={row_id}"} if self.callback else {}
        try:
            message = self.client.messages.create(to=to, body=body, **self.sender, **extra)
        except TwilioRestException as error:
            if error.status == 429 or error.status >= 500 or error.code in TRANSIENT_CODES:
                raise TransientError(f"{error.status} {error.code}: {error.msg}") from error
            raise PermanentError(error.code, str(error.msg)) from error
        except (TwilioException, OSError) as error:  # requests' errors are OSErrors
            raise TransientError(repr(error)) from error
        return message.sid
