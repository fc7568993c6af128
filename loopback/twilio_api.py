"""A Twilio-compatible REST API on loopback, with programmable faults, for tests and benchmarks.

Point the real client at it with `client.api.base_url = api.url`. Faults are set over HTTP
under `/_control/`, so the same helpers drive a server in this process or in another one.
"""

from __future__ import annotations

import argparse
import asyncio
import base64
import binascii
import functools
import re
import secrets
import signal
import subprocess
import sys
import threading
import time
import uuid
from collections import deque
from datetime import UTC, datetime
from email.utils import format_datetime
from pathlib import Path
from typing import Any

import aiohttp
import requests
from aiohttp import web
from twilio.request_validator import RequestValidator
from twilio.rest import Client

from parsers.segments import segments

API_VERSION = "2010-04-01"
HOST = "127.0.0.1"  # loopback unless told another address (loopback/hosts.py serves other hosts)
MAX_BODY = 1600  # Twilio refuses longer bodies (21617) rather than splitting them further
# Twilio's magic test number: stands in for the number a Messaging Service would pick.
POOL_NUMBER = "+15005550006"
BACKLOG = 1024  # benchmarks open hundreds of connections at once
E164 = re.compile(r"^(whatsapp:)?\+[1-9]\d{1,14}$")
ROOT = Path(__file__).resolve().parents[1]

# code -> (HTTP status, message as Twilio words it)
ERRORS: dict[int, tuple[int, str]] = {
    20003: (401, "Authenticate"),
    20404: (404, "The requested resource {path} was not found"),
    20429: (429, "Too Many Requests"),
    20500: (500, "An internal server error has occurred"),
    20503: (503, "Service Unavailable"),
    21211: (400, "The 'To' number {to} is not a valid phone number."),
    21603: (400, "A 'From' phone number is required."),
    21604: (400, "A 'To' phone number is required."),
    21610: (400, "Attempt to send to unsubscribed recipient"),
    21614: (400, "'To' number is not a valid mobile number"),
    21617: (400, "The concatenated message body exceeds the 1600 character limit."),
    21619: (400, "A text message body or media urls must be specified."),
}
CODE_FOR_STATUS = {401: 20003, 404: 20404, 429: 20429, 500: 20500, 503: 20503}


@functools.lru_cache(maxsize=4)
def _rfc2822_second(second: int) -> str:
    return format_datetime(datetime.fromtimestamp(second, UTC))


def _rfc2822(ts: float) -> str:
    return _rfc2822_second(int(ts))  # whole seconds, as the format has them; once per second


def _error_body(code: int | None, status: int, message: str) -> dict[str, Any]:
    body: dict[str, Any] = {"code": code, "message": message, "status": status,
                            "more_info": f"https://www.twilio.com/docs/errors/{code}"}
    if code == 20003:
        body["detail"] = "Your AccountSid or AuthToken was incorrect."
    return body


class _Server:
    """The state and routes of one fake Twilio account."""

    release: asyncio.Event  # set by reset(), which lets go what the one before it held

    def __init__(self, account_sid: str, auth_token: str) -> None:
        self.account_sid = account_sid
        self.auth_token = auth_token
        self.validator = RequestValidator(auth_token)
        self.session: aiohttp.ClientSession | None = None
        self.tasks: set[asyncio.Task[Any]] = set()
        self.reset()

    def reset(self) -> None:
        # A request from before the reset (one hung, say) still ends, but posts no callback into
        # the next test: its auto callbacks are cancelled, and it starts none.
        for task in list(getattr(self, "tasks", ())):
            task.cancel()
        self.record: list[dict[str, Any]] = []
        self.resources: dict[str, dict[str, Any]] = {}
        self.callbacks: list[dict[str, Any]] = []
        self.script: deque[dict[str, Any]] = deque()
        self.numbers: dict[str, int] = {}
        self.latency = 0.0
        self.hangs: deque[float] = deque()
        self.auto_statuses: list[str] = []
        # By recipient: the statuses (and the error code) its texts' callbacks report, as a
        # carrier's verdict arrives after Twilio took the text (30003, 30005, 30007...).
        self.outcomes: dict[str, tuple[list[str], int | None]] = {}
        self.account_status = "active"
        self.phone_numbers: dict[str, dict[str, Any]] = {}  # IncomingPhoneNumbers by number
        self.services: dict[str, dict[str, Any]] = {}  # Messaging Services by sid
        if hasattr(self, "release"):
            self.release.set()  # let requests hung by the previous test finish now
        self.release = asyncio.Event()

    def app(self) -> web.Application:
        app = web.Application()
        base = f"/{API_VERSION}/Accounts/{{account}}/Messages"
        app.router.add_post(base + ".json", self.create_message)
        app.router.add_get(base + ".json", self.list_messages)
        app.router.add_get(base + "/{sid}.json", self.fetch_message)
        account = f"/{API_VERSION}/Accounts/{{account}}"
        app.router.add_get(account + ".json", self.fetch_account)
        app.router.add_get(account + "/IncomingPhoneNumbers.json", self.list_phone_numbers)
        app.router.add_get("/v1/Services/{sid}", self.fetch_service)
        for name in ("reset", "script", "number", "latency", "hang", "callback", "auto_callbacks",
                     "account", "phone_number", "service", "outcome"):
            app.router.add_post(f"/_control/{name}", getattr(self, f"control_{name}"))
        app.router.add_get("/_control/messages", self.control_messages)
        app.router.add_get("/_control/callbacks", self.control_callbacks)
        app.router.add_get("/_control/state", self.control_state)
        app.router.add_post("/_control/state", self.control_restore)
        app.on_startup.append(self.open_session)
        app.on_shutdown.append(self.close)
        return app

    async def open_session(self, app: web.Application) -> None:
        self.release = asyncio.Event()  # bind to the serving loop, not the constructing one
        self.session = aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=15))

    async def close(self, app: web.Application) -> None:
        self.release.set()
        for task in list(self.tasks):
            task.cancel()
        if self.session is not None:
            await self.session.close()

    def refuse(self, entry: dict[str, Any], code: int | None, status: int | None = None,
               message: str | None = None, **words: str) -> web.Response:
        default_status, default_message = ERRORS.get(code or 0, (400, "Bad Request"))
        status = status or default_status
        try:
            message = message or default_message.format(**words)
        except KeyError:  # a scripted fault need not name what the message quotes
            message = default_message
        entry.update(http_status=status, error_code=code, answered_at=time.time())
        return web.json_response(_error_body(code, status, message), status=status)

    def account_refused(self, request: web.Request) -> web.Response | None:
        """Return Twilio's refusal of a request not signed in as, or not for, this account."""
        if not self.authorised(request):
            return self.refuse({}, 20003)
        if request.match_info["account"] != self.account_sid:
            return self.refuse({}, 20404, path=request.path)
        return None

    @staticmethod
    def one_page(request: web.Request, key: str, found: list[Any], size: int) -> web.Response:
        """Answer a list request with `found` as Twilio's one and only page of `key`."""
        uri = request.path + (f"?{request.query_string}" if request.query_string else "")
        return web.json_response({
            key: found, "end": max(len(found) - 1, 0), "first_page_uri": uri,
            "next_page_uri": None, "page": 0, "page_size": size, "previous_page_uri": None,
            "start": 0, "uri": uri,
        })

    def authorised(self, request: web.Request) -> bool:
        return self._authorised(request.headers.get("Authorization", ""))

    @functools.lru_cache(maxsize=16)
    def _authorised(self, header: str) -> bool:
        scheme, _, encoded = header.partition(" ")
        try:
            user, _, password = base64.b64decode(encoded).decode().partition(":")
        except (binascii.Error, UnicodeDecodeError):
            return False
        return scheme.lower() == "basic" and secrets.compare_digest(
            f"{user}:{password}", f"{self.account_sid}:{self.auth_token}")

    async def create_message(self, request: web.Request) -> web.StreamResponse:
        form = await request.post()
        sender, service = form.get("From"), form.get("MessagingServiceSid")
        entry: dict[str, Any] = {
            "index": len(self.record), "received_at": time.time(), "answered_at": None,
            "to": form.get("To"), "from": sender, "messaging_service_sid": service,
            "body": form.get("Body"), "status_callback": form.get("StatusCallback"),
            "media_urls": form.getall("MediaUrl", []), "http_status": None, "error_code": None,
            "sid": None, "num_segments": None, "hung": 0.0,
        }
        self.record.append(entry)  # before any delay, so a hung request is already visible
        if not self.authorised(request):
            response = self.refuse(entry, 20003)
            response.headers["WWW-Authenticate"] = 'Basic realm="Twilio API"'
            return response
        if request.match_info["account"] != self.account_sid:
            return self.refuse(entry, 20404, path=request.path)
        if self.hangs:
            entry["hung"] = seconds = self.hangs.popleft()
            try:
                await asyncio.wait_for(self.release.wait(), seconds)
            except TimeoutError:
                pass
        if self.latency:
            await asyncio.sleep(self.latency)
        if self.script:
            fault = self.script.popleft()
            await asyncio.sleep(fault.get("delay", 0))
            if fault.get("disconnect"):
                entry.update(error_code="disconnect", answered_at=time.time())
                if request.transport is not None:
                    request.transport.abort()  # the client sees a reset, as on a network fault
                return web.Response()
            status = fault.get("status", 500)
            if status >= 300:
                code = fault.get("code", CODE_FOR_STATUS.get(status))
                return self.refuse(entry, code, status, fault.get("message"))
        return self.accept(entry, str(form.get("Body") or ""))

    def accept(self, entry: dict[str, Any], body: str) -> web.Response:
        to, sender, service = entry["to"], entry["from"], entry["messaging_service_sid"]
        if not to:
            return self.refuse(entry, 21604)
        if not sender and not service:
            return self.refuse(entry, 21603)
        if not body and not entry["media_urls"]:
            return self.refuse(entry, 21619)
        if len(body) > MAX_BODY:
            return self.refuse(entry, 21617)
        if not E164.match(to):
            return self.refuse(entry, 21211, to=to)
        if to in self.numbers:
            return self.refuse(entry, self.numbers[to])
        now = time.time()
        sid = ("MM" if entry["media_urls"] else "SM") + secrets.token_hex(16)
        uri = f"/{API_VERSION}/Accounts/{self.account_sid}/Messages/{sid}"
        resource = {
            "account_sid": self.account_sid, "api_version": API_VERSION, "body": body,
            "date_created": _rfc2822(now), "date_sent": None, "date_updated": _rfc2822(now),
            "direction": "outbound-api", "error_code": None, "error_message": None,
            "from": sender, "messaging_service_sid": service,
            "num_media": str(len(entry["media_urls"])), "num_segments": str(segments(body)),
            "price": None, "price_unit": "USD", "sid": sid,
            "status": "accepted" if service else "queued",
            "subresource_uris": {"media": f"{uri}/Media.json"}, "to": to, "uri": f"{uri}.json",
        }
        self.resources[sid] = {**resource, "status_callback": entry["status_callback"]}
        entry.update(sid=sid, num_segments=int(resource["num_segments"]), http_status=201,
                     answered_at=now)
        statuses, code = self.outcomes.get(to, (self.auto_statuses, None))
        if entry["status_callback"] and statuses and self.current(entry):
            task = asyncio.create_task(self.auto_callback(sid, list(statuses), code))
            self.tasks.add(task)
            task.add_done_callback(self.tasks.discard)
        return web.json_response(resource, status=201)

    def current(self, entry: dict[str, Any]) -> bool:
        """Tell whether `entry` was recorded since the last reset."""
        at = entry["index"]
        return at < len(self.record) and self.record[at] is entry

    async def list_messages(self, request: web.Request) -> web.Response:
        """List messages newest first, filtered by To and From, one page, as Twilio does."""
        if (refused := self.account_refused(request)) is not None:
            return refused
        query = request.query
        size = min(int(query.get("PageSize", 50)), 1000)
        found = [
            {k: v for k, v in resource.items() if k != "status_callback"}
            for resource in reversed(self.resources.values())
            if query.get("To") in (None, resource["to"])
            and query.get("From") in (None, resource["from"])
        ][:size]
        return self.one_page(request, "messages", found, size)

    async def fetch_message(self, request: web.Request) -> web.Response:
        entry: dict[str, Any] = {}
        if not self.authorised(request):
            return self.refuse(entry, 20003)
        resource = self.resources.get(request.match_info["sid"])
        if resource is None or request.match_info["account"] != self.account_sid:
            return self.refuse(entry, 20404, path=request.path)
        return web.json_response({k: v for k, v in resource.items() if k != "status_callback"})

    async def fetch_account(self, request: web.Request) -> web.Response:
        """GET /2010-04-01/Accounts/{sid}.json: the account, as Twilio's Account resource."""
        if (refused := self.account_refused(request)) is not None:
            return refused
        uri = f"/{API_VERSION}/Accounts/{self.account_sid}"
        return web.json_response({
            "auth_token": self.auth_token, "date_created": _rfc2822(0),
            "date_updated": _rfc2822(0), "friendly_name": "Commons test account",
            "owner_account_sid": self.account_sid, "sid": self.account_sid,
            "status": self.account_status, "type": "Full", "uri": f"{uri}.json",
            "subresource_uris": {name: f"{uri}/{name}.json" for name in (
                "incoming_phone_numbers", "messages", "applications", "calls")},
        })

    async def list_phone_numbers(self, request: web.Request) -> web.Response:
        """GET .../IncomingPhoneNumbers.json: the account's numbers, filtered by PhoneNumber."""
        if (refused := self.account_refused(request)) is not None:
            return refused
        query = request.query
        size = min(int(query.get("PageSize", 50)), 1000)
        wanted = query.get("PhoneNumber")
        found = [number for number in self.phone_numbers.values()
                 if wanted is None or wanted.replace(" ", "+") == number["phone_number"]][:size]
        return self.one_page(request, "incoming_phone_numbers", found, size)

    async def fetch_service(self, request: web.Request) -> web.Response:
        """GET /v1/Services/{sid} (messaging.twilio.com): a Messaging Service."""
        if not self.authorised(request):
            return self.refuse({}, 20003)
        service = self.services.get(request.match_info["sid"])
        if service is None:
            return self.refuse({}, 20404, path=request.path)
        return web.json_response(service)

    async def send_callback(self, sid: str, status: str, error_code: int | None = None,
                            url: str | None = None) -> dict[str, Any]:
        """Post a signed status callback for a message, as Twilio would."""
        resource = self.resources[sid]
        url = url or resource["status_callback"]
        params = {
            "AccountSid": self.account_sid, "ApiVersion": API_VERSION,
            "From": resource["from"] or POOL_NUMBER, "MessageSid": sid, "MessageStatus": status,
            "SmsSid": sid, "SmsStatus": status, "To": resource["to"],
        }
        if resource["messaging_service_sid"]:
            params["MessagingServiceSid"] = resource["messaging_service_sid"]
        if error_code is not None:
            params["ErrorCode"] = str(error_code)
        resource.update(status=status, error_code=error_code, date_updated=_rfc2822(time.time()))
        headers = {
            "X-Twilio-Signature": self.validator.compute_signature(url, params),
            "I-Twilio-Idempotency-Token": str(uuid.uuid4()),
            "User-Agent": "TwilioProxy/1.1",
        }
        outcome: dict[str, Any] = {"sid": sid, "url": url, "params": params, "status": None}
        assert self.session is not None
        try:
            async with self.session.post(url, data=params, headers=headers) as response:
                outcome["status"] = response.status
        except (aiohttp.ClientError, TimeoutError) as exc:
            outcome["error"] = repr(exc)
        self.callbacks.append(outcome)
        return outcome

    async def auto_callback(self, sid: str, statuses: list[str], code: int | None = None) -> None:
        for status in statuses:
            await self.send_callback(sid, status, (code or 30008)
                                     if status in ("failed", "undelivered") else None)

    async def control_reset(self, request: web.Request) -> web.Response:
        self.reset()
        return web.json_response({"ok": True})

    async def control_messages(self, request: web.Request) -> web.Response:
        return web.json_response(self.record[int(request.query.get("since", 0)):])

    async def control_callbacks(self, request: web.Request) -> web.Response:
        return web.json_response(self.callbacks)

    def settings(self) -> dict[str, Any]:
        """Return how the account is set to answer (faults, outcomes, numbers), not what it took."""
        return {"script": list(self.script), "numbers": self.numbers, "latency": self.latency,
                "hangs": list(self.hangs), "auto_statuses": self.auto_statuses,
                "outcomes": self.outcomes, "account_status": self.account_status,
                "phone_numbers": self.phone_numbers, "services": self.services}

    async def control_state(self, request: web.Request) -> web.Response:
        return web.json_response({"record": self.record, "resources": self.resources,
                                  "callbacks": self.callbacks, "settings": self.settings()})

    async def control_restore(self, request: web.Request) -> web.Response:
        state = await request.json()
        self.record = list(state["record"])
        self.resources = dict(state["resources"])
        self.callbacks = list(state["callbacks"])
        return web.json_response({"ok": True})

    async def control_script(self, request: web.Request) -> web.Response:
        self.script.extend((await request.json())["responses"])
        return web.json_response({"queued": len(self.script)})

    async def control_number(self, request: web.Request) -> web.Response:
        payload = await request.json()
        if payload.get("code") is None:
            self.numbers.pop(payload["to"], None)
        else:
            self.numbers[payload["to"]] = int(payload["code"])
        return web.json_response({"numbers": self.numbers})

    async def control_latency(self, request: web.Request) -> web.Response:
        self.latency = float((await request.json())["seconds"])
        return web.json_response({"seconds": self.latency})

    async def control_hang(self, request: web.Request) -> web.Response:
        payload = await request.json()
        self.hangs.extend([float(payload["seconds"])] * int(payload.get("count", 1)))
        return web.json_response({"queued": len(self.hangs)})

    async def control_auto_callbacks(self, request: web.Request) -> web.Response:
        self.auto_statuses = list((await request.json())["statuses"])
        return web.json_response({"statuses": self.auto_statuses})

    async def control_outcome(self, request: web.Request) -> web.Response:
        payload = await request.json()
        if payload.get("statuses"):
            self.outcomes[payload["to"]] = (list(payload["statuses"]), payload.get("code"))
        else:
            self.outcomes.pop(payload["to"], None)
        return web.json_response({"to": payload["to"]})

    async def control_account(self, request: web.Request) -> web.Response:
        self.account_status = (await request.json())["status"]
        return web.json_response({"status": self.account_status})

    async def control_phone_number(self, request: web.Request) -> web.Response:
        payload = await request.json()
        number, now = payload["phone_number"], _rfc2822(time.time())
        sid = "PN" + secrets.token_hex(16)
        self.phone_numbers[number] = {
            "account_sid": self.account_sid, "address_requirements": "none",
            "address_sid": None, "api_version": API_VERSION, "beta": False,
            "capabilities": {"fax": False, "mms": True, "sms": True, "voice": True},
            "date_created": now, "date_updated": now, "emergency_address_sid": None,
            "emergency_address_status": "unregistered", "emergency_status": "Inactive",
            "friendly_name": number, "identity_sid": None, "origin": "twilio",
            "phone_number": number, "sid": sid,
            "sms_application_sid": payload.get("sms_application_sid") or "",
            "sms_fallback_method": "POST",
            "sms_fallback_url": payload.get("sms_fallback_url") or "",
            "sms_method": payload.get("sms_method", "POST"), "sms_url": payload["sms_url"],
            "status_callback": "", "status_callback_method": "POST", "trunk_sid": None,
            "uri": f"/{API_VERSION}/Accounts/{self.account_sid}/IncomingPhoneNumbers/{sid}.json",
            "voice_receive_mode": "voice", "voice_application_sid": None,
            "voice_caller_id_lookup": False, "voice_fallback_method": "POST",
            "voice_fallback_url": None, "voice_method": "POST", "voice_url": None,
            "bundle_sid": None, "status": "in-use", "type": "local",
            "subresource_uris": {"assigned_add_ons": f"/{API_VERSION}/Accounts/"
                                 f"{self.account_sid}/IncomingPhoneNumbers/{sid}/AssignedAddOns.json"},
        }
        return web.json_response(self.phone_numbers[number])

    async def control_service(self, request: web.Request) -> web.Response:
        payload = await request.json()
        sid, now = payload["sid"], datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
        url = f"https://messaging.twilio.com/v1/Services/{sid}"
        self.services[sid] = {
            "account_sid": self.account_sid, "area_code_geomatch": True,
            "date_created": now, "date_updated": now,
            "fallback_method": payload.get("fallback_method", "POST"),
            "fallback_to_long_code": True, "fallback_url": payload.get("fallback_url"),
            "friendly_name": payload.get("friendly_name", "Commons"),
            "inbound_method": payload.get("inbound_method", "POST"),
            "inbound_request_url": payload.get("inbound_request_url"),
            "links": {name: f"{url}/{name.title().replace('_', '')}" for name in (
                "phone_numbers", "short_codes", "alpha_senders")},
            "mms_converter": True, "scan_message_content": "inherit", "sid": sid,
            "smart_encoding": True, "status_callback": payload.get("status_callback"),
            "sticky_sender": True,
            "synchronous_validation": True, "url": url, "us_app_to_person_registered": False,
            "use_inbound_webhook_on_number": payload.get("use_inbound_webhook_on_number", False),
            "usecase": "undeclared", "validity_period": 14400,
        }
        return web.json_response(self.services[sid])

    async def control_callback(self, request: web.Request) -> web.Response:
        payload = await request.json()
        resource = self.resources.get(payload["sid"])
        if resource is None:
            return web.json_response({"error": "unknown sid"}, status=404)
        if not (payload.get("url") or resource["status_callback"]):
            return web.json_response({"error": "message has no StatusCallback"}, status=400)
        outcome = await self.send_callback(payload["sid"], payload["status"],
                                           payload.get("error_code"), payload.get("url"))
        return web.json_response(outcome, status=502 if "error" in outcome else 200)


async def _serve(server: _Server, host: str, port: int) -> tuple[web.AppRunner, int]:
    runner = web.AppRunner(server.app(), access_log=None, shutdown_timeout=2)
    await runner.setup()
    await web.TCPSite(runner, host, port, backlog=BACKLOG).start()
    return runner, runner.addresses[0][1]


class TwilioAPI:
    """A fake Twilio account served on loopback, in a background thread or a subprocess."""

    def __init__(self, account_sid: str | None = None, auth_token: str | None = None,
                 port: int = 0, *, own_process: bool = False, host: str = HOST) -> None:
        self.account_sid = account_sid or "AC" + secrets.token_hex(16)
        self.auth_token = auth_token or secrets.token_hex(16)
        self.host = host
        self.port = port
        self.own_process = own_process
        self._http = requests.Session()
        self._loop: asyncio.AbstractEventLoop | None = None
        self._thread: threading.Thread | None = None
        self._runner: web.AppRunner | None = None
        self._process: subprocess.Popen[str] | None = None

    @property
    def url(self) -> str:
        return f"http://{self.host}:{self.port}"

    @property
    def pid(self) -> int | None:
        """Return the server's process id when it runs in a process of its own."""
        return self._process.pid if self._process is not None else None

    def start(self) -> TwilioAPI:
        """Start serving; with port 0 a free port is picked and stored in `port`."""
        if self.own_process:
            self._process = subprocess.Popen(
                [sys.executable, "-m", "loopback.twilio_api", "--host", self.host,
                 "--port", str(self.port),
                 "--account-sid", self.account_sid, "--auth-token", self.auth_token],
                cwd=ROOT, stdout=subprocess.PIPE, text=True)
            assert self._process.stdout is not None
            self.port = int(self._process.stdout.readline().rsplit(":", 1)[1])
            return self
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._loop.run_forever, name="twilio-api",
                                        daemon=True)
        self._thread.start()
        server = _Server(self.account_sid, self.auth_token)
        future = asyncio.run_coroutine_threadsafe(_serve(server, self.host, self.port),
                                                  self._loop)
        self._runner, self.port = future.result(timeout=10)
        return self

    def stop(self) -> None:
        """Stop serving, releasing any hung requests."""
        if self._process is not None:
            self._process.terminate()
            try:
                self._process.wait(timeout=5)
            except subprocess.TimeoutExpired:
                self._process.kill()
                self._process.wait()
            self._process = None
        if self._loop is not None and self._runner is not None:
            asyncio.run_coroutine_threadsafe(self._runner.cleanup(), self._loop).result(10)
            self._loop.call_soon_threadsafe(self._loop.stop)
            assert self._thread is not None
            self._thread.join(timeout=10)
            self._loop.close()
            self._loop = self._runner = self._thread = None
        self._http.close()

    def __enter__(self) -> TwilioAPI:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def client(self) -> Client:
        """Return a real `twilio` client pointed at this server."""
        client = Client(self.account_sid, self.auth_token)
        client.api.base_url = self.url
        return client

    def _control(self, name: str, payload: dict[str, Any] | None = None) -> Any:
        if payload is None:
            response = self._http.get(f"{self.url}/_control/{name}", timeout=30)
        else:
            response = self._http.post(f"{self.url}/_control/{name}", json=payload, timeout=30)
        if response.status_code >= 400 and response.status_code != 502:
            raise RuntimeError(f"/_control/{name}: {response.status_code} {response.text}")
        return response.json()

    def reset(self) -> None:
        """Forget every message and fault."""
        self._control("reset", {})

    def messages(self, since: int = 0) -> list[dict[str, Any]]:
        """Return the record of message requests, accepted or refused, oldest first."""
        return self._control(f"messages?since={since}")

    def callbacks(self) -> list[dict[str, Any]]:
        """Return the status callbacks sent so far and how each was answered."""
        return self._control("callbacks")

    def state(self) -> dict[str, Any]:
        """Return what the account took (record, messages, callbacks) and how it is set."""
        return self._control("state")

    def restore(self, state: dict[str, Any]) -> None:
        """Make what the account took `state`'s, as state() returned it (its settings stay)."""
        self._control("state", {key: state[key] for key in ("record", "resources", "callbacks")})

    def script(self, *responses: dict[str, Any]) -> None:
        """Queue answers for the next message requests, e.g. `{"status": 429, "code": 20429}`."""
        self._control("script", {"responses": list(responses)})

    def fail_number(self, to: str, code: int | None = 21610) -> None:
        """Always refuse messages to `to` with `code` (None clears it)."""
        self._control("number", {"to": to, "code": code})

    def set_latency(self, seconds: float) -> None:
        """Delay every message answer by `seconds`."""
        self._control("latency", {"seconds": seconds})

    def hang(self, seconds: float, count: int = 1) -> None:
        """Hold the next `count` message requests for `seconds` before answering."""
        self._control("hang", {"seconds": seconds, "count": count})

    def auto_callbacks(self, *statuses: str) -> None:
        """Post these status callbacks, in order, after every accepted message."""
        self._control("auto_callbacks", {"statuses": list(statuses)})

    def set_account_status(self, status: str) -> None:
        """Answer the Accounts fetch with this status: active, suspended or closed."""
        self._control("account", {"status": status})

    def add_phone_number(self, number: str, sms_url: str, sms_method: str = "POST",
                         sms_application_sid: str = "", sms_fallback_url: str = ""
                         ) -> dict[str, Any]:
        """Give the account an IncomingPhoneNumber whose incoming texts go to `sms_url`."""
        return self._control("phone_number", {
            "phone_number": number, "sms_url": sms_url, "sms_method": sms_method,
            "sms_application_sid": sms_application_sid, "sms_fallback_url": sms_fallback_url})

    def add_service(self, sid: str, inbound_request_url: str | None,
                    use_inbound_webhook_on_number: bool = False, fallback_url: str | None = None,
                    status_callback: str | None = None) -> dict[str, Any]:
        """Give the account a Messaging Service whose incoming texts go to that URL."""
        return self._control("service", {
            "sid": sid, "inbound_request_url": inbound_request_url,
            "use_inbound_webhook_on_number": use_inbound_webhook_on_number,
            "fallback_url": fallback_url, "status_callback": status_callback})

    def deliver_to(self, to: str, *statuses: str, code: int | None = None) -> None:
        """Report every later text to `to` with these callbacks, `code` on a failed one, as a
        carrier's verdict; none restores the usual ones."""
        self._control("outcome", {"to": to, "statuses": list(statuses), "code": code})

    def callback(self, sid: str, status: str, error_code: int | None = None,
                 url: str | None = None) -> dict[str, Any]:
        """Post a signed status callback for `sid` now and return how it was answered."""
        return self._control("callback", {"sid": sid, "status": status,
                                          "error_code": error_code, "url": url})


async def _main(host: str, port: int, account_sid: str, auth_token: str) -> None:
    runner, port = await _serve(_Server(account_sid, auth_token), host, port)
    print(f"http://{host}:{port}", flush=True)  # TwilioAPI(subprocess=True) reads this line
    stop = asyncio.Event()
    for signum in (signal.SIGINT, signal.SIGTERM):
        asyncio.get_running_loop().add_signal_handler(signum, stop.set)
    await stop.wait()
    await runner.cleanup()


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--host", default=HOST)
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--account-sid", default="AC" + "0" * 32)
    parser.add_argument("--auth-token", default="test-auth-token")
    args = parser.parse_args()
    asyncio.run(_main(args.host, args.port, args.account_sid, args.auth_token))
