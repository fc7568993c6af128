"""The loopback Twilio API, driven by the real `twilio` client."""

from __future__ import annotations

import asyncio
import base64
import queue
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qsl

import aiohttp
import pytest
import requests
from twilio.base.exceptions import TwilioRestException
from twilio.http.http_client import TwilioHttpClient
from twilio.request_validator import RequestValidator
from twilio.rest import Client

from loopback.crowds import most_in_flight
from loopback.twilio_api import TwilioAPI

TO = "+15551230001"
FROM = "+15557654321"
SERVICE = "MG" + "1" * 32


@pytest.fixture(scope="module")
def server() -> Iterator[TwilioAPI]:
    with TwilioAPI() as api:
        yield api


@pytest.fixture
def api(server: TwilioAPI) -> TwilioAPI:
    server.reset()
    return server


@pytest.fixture
def client(api: TwilioAPI) -> Client:
    return api.client()


class Receiver:
    """A tiny HTTP server standing in for the product's status webhook."""

    def __init__(self) -> None:
        self.requests: queue.Queue[tuple[str, dict[str, str], str]] = queue.Queue()
        received = self.requests

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers["Content-Length"])).decode()
                received.put((self.path, dict(self.headers), body))
                self.send_response(200)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *args: object) -> None:
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    receiver = Receiver()
    yield receiver
    receiver.httpd.shutdown()
    receiver.httpd.server_close()


def test_a_send_is_accepted_and_recorded(api: TwilioAPI, client: Client) -> None:
    message = client.messages.create(to=TO, from_=FROM, body="a" * 161)
    assert message.sid.startswith("SM") and len(message.sid) == 34
    assert (message.to, message.from_, message.status) == (TO, FROM, "queued")
    assert (message.num_segments, message.num_media) == ("2", "0")
    assert message.direction == "outbound-api"
    assert message.account_sid == api.account_sid
    assert message.error_code is None and message.price is None
    assert message.date_created.year >= 2024
    assert message.uri == f"/2010-04-01/Accounts/{api.account_sid}/Messages/{message.sid}.json"
    [entry] = api.messages()
    assert entry["sid"] == message.sid
    assert (entry["to"], entry["from"], entry["body"]) == (TO, FROM, "a" * 161)
    assert (entry["http_status"], entry["error_code"], entry["num_segments"]) == (201, None, 2)


def test_ucs2_segments_and_a_messaging_service(client: Client) -> None:
    message = client.messages.create(to=TO, messaging_service_sid=SERVICE, body="\u2019" * 71)
    assert (message.status, message.from_, message.messaging_service_sid) == (
        "accepted", None, SERVICE)
    assert message.num_segments == "2"


def test_media_makes_an_mms(client: Client) -> None:
    message = client.messages.create(to=TO, from_=FROM, media_url=["https://example.com/a.png"])
    assert message.sid.startswith("MM")
    assert message.num_media == "1"


def test_bad_auth_is_refused(api: TwilioAPI) -> None:
    wrong = Client(api.account_sid, "not-the-token")
    wrong.api.base_url = api.url
    with pytest.raises(TwilioRestException) as caught:
        wrong.messages.create(to=TO, from_=FROM, body="hi")
    assert (caught.value.status, caught.value.code) == (401, 20003)
    assert caught.value.msg.endswith("Authenticate")
    [entry] = api.messages()
    assert (entry["http_status"], entry["error_code"], entry["sid"]) == (401, 20003, None)


@pytest.mark.parametrize(
    ("fields", "code"),
    [
        ({"to": "", "from_": FROM, "body": "hi"}, 21604),
        ({"to": TO, "body": "hi"}, 21603),
        ({"to": TO, "from_": FROM}, 21619),
        ({"to": "555-1234", "from_": FROM, "body": "hi"}, 21211),
        ({"to": TO, "from_": FROM, "body": "x" * 1601}, 21617),
    ],
)
def test_invalid_requests_get_twilio_codes(
    api: TwilioAPI, client: Client, fields: dict[str, str], code: int
) -> None:
    with pytest.raises(TwilioRestException) as caught:
        client.messages.create(**fields)
    assert (caught.value.status, caught.value.code) == (400, code)
    assert api.messages()[0]["error_code"] == code


def test_scripted_faults_come_in_order_then_success(api: TwilioAPI, client: Client) -> None:
    api.script({"status": 500}, {"status": 429, "code": 20429})
    with pytest.raises(TwilioRestException) as first:
        client.messages.create(to=TO, from_=FROM, body="one")
    with pytest.raises(TwilioRestException) as second:
        client.messages.create(to=TO, from_=FROM, body="two")
    assert (first.value.status, first.value.code) == (500, 20500)
    assert (second.value.status, second.value.code) == (429, 20429)
    assert client.messages.create(to=TO, from_=FROM, body="three").status == "queued"
    assert [m["http_status"] for m in api.messages()] == [500, 429, 201]


def test_a_scripted_disconnect_is_a_network_error(api: TwilioAPI, client: Client) -> None:
    api.script({"disconnect": True})
    with pytest.raises(requests.ConnectionError):
        client.messages.create(to=TO, from_=FROM, body="lost")
    assert client.messages.create(to=TO, from_=FROM, body="again").status == "queued"


def test_a_failing_number_answers_21610(api: TwilioAPI, client: Client) -> None:
    api.fail_number(TO, 21610)
    with pytest.raises(TwilioRestException) as caught:
        client.messages.create(to=TO, from_=FROM, body="hi")
    assert (caught.value.status, caught.value.code) == (400, 21610)
    assert client.messages.create(to="+15551230002", from_=FROM, body="hi").status == "queued"
    api.fail_number(TO, None)
    assert client.messages.create(to=TO, from_=FROM, body="hi").status == "queued"


def test_latency_delays_each_answer(api: TwilioAPI, client: Client) -> None:
    api.set_latency(0.15)
    started = time.monotonic()
    client.messages.create(to=TO, from_=FROM, body="slow")
    assert time.monotonic() - started >= 0.15
    [entry] = api.messages()
    assert entry["answered_at"] - entry["received_at"] >= 0.15


def test_a_hung_request_times_the_client_out(api: TwilioAPI) -> None:
    impatient = Client(api.account_sid, api.auth_token,
                       http_client=TwilioHttpClient(timeout=0.3))
    impatient.api.base_url = api.url
    api.hang(30)
    with pytest.raises(requests.Timeout):
        impatient.messages.create(to=TO, from_=FROM, body="hello?")
    assert api.messages()[0]["hung"] == 30
    assert impatient.messages.create(to=TO, from_=FROM, body="hi").status == "queued"


def test_a_status_callback_arrives_signed(
    api: TwilioAPI, client: Client, receiver: Receiver
) -> None:
    url = f"{receiver.url}/sms/twilio/status?row=7"
    message = client.messages.create(to=TO, from_=FROM, body="hi", status_callback=url)
    assert api.messages()[0]["status_callback"] == url
    outcome = api.callback(message.sid, "undelivered", error_code=30003)
    assert outcome["status"] == 200
    path, headers, body = receiver.requests.get(timeout=5)
    params = dict(parse_qsl(body))
    assert path == "/sms/twilio/status?row=7"
    assert params == {
        "AccountSid": api.account_sid, "ApiVersion": "2010-04-01", "From": FROM, "To": TO,
        "MessageSid": message.sid, "SmsSid": message.sid, "MessageStatus": "undelivered",
        "SmsStatus": "undelivered", "ErrorCode": "30003",
    }
    validator = RequestValidator(api.auth_token)
    assert validator.validate(url, params, headers["X-Twilio-Signature"])
    assert not RequestValidator("other").validate(url, params, headers["X-Twilio-Signature"])
    fetched = client.messages(message.sid).fetch()
    assert (fetched.status, fetched.error_code) == ("undelivered", 30003)


def test_automatic_callbacks_follow_each_send(
    api: TwilioAPI, client: Client, receiver: Receiver
) -> None:
    api.auto_callbacks("sent", "delivered")
    client.messages.create(to=TO, from_=FROM, body="hi", status_callback=receiver.url)
    statuses = [dict(parse_qsl(receiver.requests.get(timeout=5)[2]))["MessageStatus"]
                for _ in range(2)]
    assert statuses == ["sent", "delivered"]


def test_hundreds_of_concurrent_requests(api: TwilioAPI) -> None:
    api.set_latency(0.2)
    url = f"{api.url}/2010-04-01/Accounts/{api.account_sid}/Messages.json"

    async def burst() -> list[int]:
        token = base64.b64encode(f"{api.account_sid}:{api.auth_token}".encode()).decode()
        headers = {"Authorization": f"Basic {token}"}
        connector = aiohttp.TCPConnector(limit=300)
        async with aiohttp.ClientSession(headers=headers, connector=connector) as session:

            async def send(n: int) -> int:
                form = {"To": TO, "From": FROM, "Body": f"n{n}"}
                async with session.post(url, data=form) as response:
                    return response.status

            return await asyncio.gather(*(send(n) for n in range(300)))

    statuses = asyncio.run(burst())
    assert statuses == [201] * 300
    # Held at once, not one at a time (which would take 60 s): seen from the provider's own
    # records, not timed, so a loaded machine cannot fail it.
    assert most_in_flight(api.messages()) >= 50
    assert len(api.messages()) == 300


def test_it_runs_in_its_own_process() -> None:
    with TwilioAPI(own_process=True) as api:
        assert api.client().messages.create(to=TO, from_=FROM, body="hi").status == "queued"
        api.fail_number(TO, 21614)
        with pytest.raises(TwilioRestException) as caught:
            api.client().messages.create(to=TO, from_=FROM, body="hi")
        assert caught.value.code == 21614
        assert [m["http_status"] for m in api.messages()] == [201, 400]
