"""The Twilio channel: the official client, pointed at TWILIO_API_BASE.

Workers send with `send_async`, on the client's own aiohttp transport (AsyncTwilioHttpClient):
one client per process, on its event loop (workers/sending.py), holds every request in flight.
`send` and `find` use the blocking client, one per thread.
"""

from __future__ import annotations

import asyncio
import os
import threading
from datetime import datetime, timedelta
from email.utils import parsedate_to_datetime
from urllib.parse import urlencode

import aiohttp
import requests
from twilio.base.exceptions import TwilioException, TwilioRestException
from twilio.http.async_http_client import AsyncTwilioHttpClient
from twilio.http.http_client import TwilioHttpClient
from twilio.rest import Client
from urllib3.exceptions import NewConnectionError

from store.settings import Settings
from workers.channels.base import PermanentError, TransientError, UnknownOutcome

# Retrying fixes these; any other 4xx is permanent for that text. Beside rate limiting, they are
# the account's configuration (credentials, the From number, a region not enabled): an operator
# fixes that, and the texts should still go out once they have.
TRANSIENT_CODES = {20429, 20003, 21212, 21606, 21408}
STATUS_CALLBACK_PATH = "/sms/twilio/status"
LOOKUP_PAGE = 20  # recent texts to one number searched for a lost answer
CLOCK_SKEW = timedelta(minutes=2)


class _TimedAsyncHttpClient(AsyncTwilioHttpClient):
    """The client's aiohttp transport, with the send timeout on each request, its form encoded once.

    The `twilio` client passes no timeout of its own, and aiohttp takes that for none at all.
    Given a dict, aiohttp builds a multipart writer (a random boundary, read from the kernel)
    before it finds the form needs none; the client's own Content-Type header says what the
    bytes are.
    """

    def __init__(self, send_timeout: float, **kwargs) -> None:
        super().__init__(**kwargs)
        self.send_timeout = send_timeout  # SEND_TIMEOUT_SECONDS

    async def request(self, method: str, url: str, params=None, data=None, headers=None,
                      auth=None, timeout: float | None = None, allow_redirects: bool = False):
        if isinstance(data, dict):
            data = urlencode(data, doseq=True).encode()
        return await super().request(method, url, params, data, headers, auth,
                                     timeout or self.send_timeout, allow_redirects)


class TwilioChannel:
    """Sends through the `twilio` client; each thread has its own client and connection."""

    name = "twilio"

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.local = threading.local()
        # A Messaging Service picks the number of each text; with TWILIO_FROM too, that number
        # of its pool sends every text (Twilio takes both, the number in the service's pool).
        self.sender = {
            **({"messaging_service_sid": settings.TWILIO_MESSAGING_SERVICE_SID}
               if settings.TWILIO_MESSAGING_SERVICE_SID else {}),
            **({"from_": settings.TWILIO_FROM} if settings.TWILIO_FROM else {}),
        }
        self.callback = (settings.PUBLIC_URL.rstrip("/") + STATUS_CALLBACK_PATH
                         if settings.PUBLIC_URL else None)
        self.async_clients: dict[int, Client] = {}  # by process: a fork makes its own

    @property
    def client(self) -> Client:
        """Return this thread's client: a requests session is not meant to be shared."""
        client = getattr(self.local, "client", None)
        if client is None:
            # SEND_TIMEOUT_SECONDS: a hung provider must not hold a worker for long.
            http = TwilioHttpClient(timeout=self.settings.SEND_TIMEOUT_SECONDS,
                                    pool_connections=True)
            read_environment_once(http.session, self.settings.TWILIO_API_BASE)
            client = Client(self.settings.TWILIO_ACCOUNT_SID, self.settings.TWILIO_AUTH_TOKEN,
                            http_client=http)
            client.api.base_url = self.settings.TWILIO_API_BASE
            self.local.client = client
        return client

    def warm(self) -> None:
        """Load the client's API modules now: the first send would otherwise arrive late."""
        _ = self.client.messages

    def async_client(self, connections: int) -> Client:
        """Return this process's client on aiohttp (made on, and for, the running loop)."""
        client = self.async_clients.get(os.getpid())
        if client is None:
            http = _TimedAsyncHttpClient(self.settings.SEND_TIMEOUT_SECONDS, pool_connections=False)
            # One pool for every request in flight: aiohttp's default holds 100 connections.
            # The environment is read for a proxy only when it names one for the API: aiohttp
            # that trusts it reads it again on every request.
            proxied = bool(requests.utils.get_environ_proxies(self.settings.TWILIO_API_BASE))
            http.session = aiohttp.ClientSession(
                connector=aiohttp.TCPConnector(limit=connections), trust_env=proxied)
            client = Client(self.settings.TWILIO_ACCOUNT_SID, self.settings.TWILIO_AUTH_TOKEN,
                            http_client=http)
            client.api.base_url = self.settings.TWILIO_API_BASE
            self.async_clients[os.getpid()] = client
        return client

    async def send_async(self, to: str, body: str, row_id: int, connections: int = 100) -> str:
        """Send one text on the running loop, its outcome classified as `send` does."""
        extra = {"status_callback": f"{self.callback}?row={row_id}"} if self.callback else {}
        messages = self.async_client(connections).messages
        try:
            message = await messages.create_async(to=to, body=body, **self.sender, **extra)
        except TwilioRestException as error:
            raise _rest_error(error) from error
        except (aiohttp.ClientConnectorError, aiohttp.ConnectionTimeoutError) as error:
            raise TransientError(repr(error)) from error  # no connection: nothing was sent
        except (TimeoutError, aiohttp.ServerDisconnectedError, aiohttp.ClientOSError,
                aiohttp.ClientPayloadError) as error:
            raise UnknownOutcome(repr(error)) from error  # dropped after the request went out
        except (TwilioException, aiohttp.ClientError, OSError) as error:
            raise TransientError(repr(error)) from error
        except asyncio.CancelledError:  # the loop is stopping with the process
            raise UnknownOutcome("the send was cancelled") from None
        return message.sid

    def send(self, to: str, body: str, row_id: int) -> str:
        """Send one text; the status callback names the row, so a lost answer can be matched."""
        extra = {"status_callback": f"{self.callback}?row={row_id}"} if self.callback else {}
        try:
            message = self.client.messages.create(to=to, body=body, **self.sender, **extra)
        except TwilioRestException as error:
            raise _rest_error(error) from error
        except (requests.ConnectTimeout, requests.ConnectionError) as error:
            if isinstance(error, requests.ConnectTimeout) or _never_connected(error):
                raise TransientError(repr(error)) from error
            raise UnknownOutcome(repr(error)) from error  # dropped after the request went out
        except requests.Timeout as error:
            raise UnknownOutcome(repr(error)) from error
        except (TwilioException, OSError) as error:
            raise TransientError(repr(error)) from error
        return message.sid

    def find(self, to: str, body: str, since: datetime) -> str | None:
        """Look through the newest texts to `to` for this body, created after `since` (UTC)."""
        wanted = {"to": to, **({"from_": self.sender["from_"]} if "from_" in self.sender else {})}
        for message in self.client.messages.list(**wanted, limit=LOOKUP_PAGE,
                                                 page_size=LOOKUP_PAGE):
            created = _utc(message.date_created)
            if message.body == body and (created is None or created >= since - CLOCK_SKEW):
                return message.sid
        return None


def _rest_error(error: TwilioRestException) -> TransientError | PermanentError:
    """Return what a refusal means: try again later, or never."""
    if error.status == 429 or error.status >= 500 or error.code in TRANSIENT_CODES:
        return TransientError(f"{error.status} {error.code}: {error.msg}")
    return PermanentError(error.code, str(error.msg))


def read_environment_once(session: requests.Session, base_url: str) -> None:
    """Take the proxy and CA settings from the environment now, not again on every send.

    A session that trusts the environment reads os.environ (and, with a CA bundle named there,
    the disk) for each request: a tenth of a worker's time at full speed. The environment of a
    running process does not change, so it is read once, as requests itself would read it.
    """
    found = session.merge_environment_settings(base_url, {}, None, None, None)
    session.proxies.update(found["proxies"])
    if base_url.lower().startswith("https:"):  # plain HTTP (a loopback test server) checks none
        session.verify = found["verify"]
    session.trust_env = False


def _never_connected(error: requests.ConnectionError) -> bool:
    """Tell whether the connection was refused before any request was written."""
    reason = getattr(error.args[0], "reason", None) if error.args else None
    return isinstance(reason, NewConnectionError)


def _utc(value: datetime | str | None) -> datetime | None:
    """Return a naive UTC datetime from what the client gives for a date."""
    if value is None:
        return None
    if isinstance(value, str):
        value = parsedate_to_datetime(value)
    return value.replace(tzinfo=None) - (value.utcoffset() or timedelta(0))
