"""The dashboard's doors: bad cookies and query values are ignored; the board is what `needs` lists.

Every page is asked with a `tz` cookie that names no zone (a folder, a path, nonsense) and with
query values that fit nothing; each must answer as if the value were absent, never 500. The
text box strips control characters and cuts a long text, saying so.
"""

from __future__ import annotations

import re

import pytest

from parsers.intake import MAX_BODY
from store.db import db
from store.models import Inbound, Member, Message
from tests.webapp import (  # noqa: F401
    ALICE,
    BOB,
    CAROL,
    OPS_TOKEN,
    _console_site,
    _console_site_app,
    _site,
    _twilio_site_app,
    team,
    text,
)

PAGES = ["/", "/me", "/@team", "/@alice", "/@team/embed", "/@team/feed.atom", "/tags/launch",
         "/tags/launch/feed.atom", "/board", "/login", "/login/code", "/@home"]
BAD_ZONES = ["America", "America/", "../../../../etc/passwd", "/etc/localtime", "Europe/Nowhere",
             "x" * 300, "UTC\x00", "", "America%2F", "..%2F..%2Fetc%2Fpasswd", "%2Fetc%2Flocaltime"]
BAD_QUERY = ("before=-1&members=99999999999999999999&needs_before=x&offers_before=1e9"
             "&q=%00%01&as=%00&before=99999999999999999999999&members=0&page=%ff")


def visitors(site):
    """An anonymous visitor and a logged-in one (Bob, in @team)."""
    return {"anonymous": site.visitor(), "bob": site.visitor().log_in(BOB)}


@pytest.mark.parametrize("zone", BAD_ZONES, ids=lambda z: repr(z[:20]))
def test_a_tz_cookie_naming_no_zone_is_ignored_on_every_page(site, zone):
    team(site)
    for who, visitor in visitors(site).items():
        visitor.client.set_cookie("tz", zone)
        for path in PAGES:
            response = visitor.get(path)
            assert response.status_code < 500, (who, path, response.status_code)
    page = text(site.visitor().get("/@team"))
    assert "first post" in page and " UTC<" in page


def test_a_good_tz_cookie_still_shows_local_times(site):
    team(site)
    visitor = site.visitor()
    visitor.client.set_cookie("tz", "America/Chicago")
    page = text(visitor.get("/@team"))
    assert re.search(r" C[SD]T<", page)


def test_a_stored_zone_that_is_no_zone_is_ignored(site):
    team(site)
    with db.connection_context():
        Member.update(tz="America").where(Member.phone == BOB).execute()
    bob = site.visitor().log_in(BOB)
    for path in PAGES:
        assert bob.get(path).status_code < 500, path


def test_query_values_that_fit_nothing_are_ignored_on_every_page(site):
    team(site)
    for who, visitor in visitors(site).items():
        for path in PAGES:
            response = visitor.get(f"{path}?{BAD_QUERY}")
            assert response.status_code < 500, (who, path, response.status_code)
    assert "first post" in text(site.visitor().get(f"/@team?{BAD_QUERY}"))
    ops = site.visitor().get(f"/ops?{BAD_QUERY}", headers={"Authorization": f"Bearer {OPS_TOKEN}"})
    assert ops.status_code == 200


def test_a_nul_in_a_path_reads_as_the_name_without_it(site):
    team(site)
    visitor = site.visitor()
    assert "first post" in text(visitor.get("/@te%00am"))
    assert visitor.get("/tags/la%00unch").status_code == 200
    assert visitor.get("/@no%00body").status_code == 404


def listed_by_text(site, sender: str, command: str) -> list[str]:
    """Return the texts of the needs or offers `command` lists, by text."""
    [reply] = site.text(sender, command)
    return re.findall(r"^\d+ (?:#[\w-]+ )*(.+?) \(", reply, re.MULTILINE)


def test_the_board_and_tag_pages_list_exactly_what_needs_lists(site):
    team(site)
    site.texts(f"""
    {ALICE} > need #launch a logo for the launch
    {ALICE} > need #launch chairs for the hall
    {ALICE} > need #launch a withdrawn need
    {BOB} > claim need 2
    {ALICE} > drop need 3
    {ALICE} > need #launch a need that was met
    {BOB} > claim need 4
    {ALICE} > done need 4
    """)
    by_text = listed_by_text(site, CAROL, "needs")
    assert sorted(by_text) == ["a logo for the launch", "chairs for the hall"]
    assert sorted(listed_by_text(site, CAROL, "needs #launch")) == sorted(by_text)
    for path in ("/board", "/tags/launch"):
        page = text(site.visitor().get(path))
        for need in by_text:
            assert need in page, (path, need)
        assert "a withdrawn need" not in page and "a need that was met" not in page, path


def test_the_text_box_strips_controls_and_cuts_a_long_text_saying_so(site):
    team(site)
    bob = site.visitor().log_in(BOB)
    bob.post("/me/text", {"body": "@team hi\x00 there\x1b"}, token_from="/me")
    with db.connection_context():
        assert Message.select().order_by(Message.id.desc()).first().body == "hi there"
    answer = bob.post("/me/text", {"body": "bio " + "word " * 1000}, token_from="/me")
    assert answer.status_code == 303  # a reload of /me never sends it again
    page = text(bob.get("/me"))
    assert f"only its first {MAX_BODY} characters were read" in page
    with db.connection_context():
        kept = Inbound.select().where(Inbound.channel == "web").order_by(Inbound.id.desc()).first()
    assert len(kept.body) == MAX_BODY


@pytest.mark.parametrize("environ", [
    {"REMOTE_ADDR": "203.0.113.5"}, {"REMOTE_ADDR": "10.0.0.7"},
    {"REMOTE_ADDR": "2001:db8::1"},
    {"REMOTE_ADDR": "127.0.0.1", "HTTP_X_FORWARDED_FOR": "203.0.113.5"},
    {"REMOTE_ADDR": "127.0.0.1", "HTTP_FORWARDED": "for=203.0.113.5"},
], ids=["public", "private network", "ipv6", "x-forwarded-for", "forwarded"])
def test_the_simulator_is_not_found_from_any_address_but_loopback(console_site, environ):
    visitor = console_site.visitor()
    token = visitor.csrf("/simulator")  # this machine may use it
    assert visitor.get("/simulator", environ_base=environ).status_code == 404
    assert visitor.get("/simulator?as=%2B14155550101", environ_base=environ).status_code == 404
    sent = visitor.client.post("/simulator", environ_base=environ,
                               data={"csrf": token, "sender": ALICE, "body": "name alice"})
    assert sent.status_code == 404
    with db.connection_context():
        assert Inbound.select().count() == 0 and Member.select().count() == 0


@pytest.mark.parametrize("address", ["127.0.0.1", "127.0.0.2", "::1", "::ffff:127.0.0.1"])
def test_the_simulator_answers_this_machine(console_site, address):
    page = console_site.visitor().get("/simulator", environ_base={"REMOTE_ADDR": address})
    assert page.status_code == 200 and "simulator" in text(page).lower()


def test_a_nul_in_a_login_form_is_no_error(site):
    team(site)
    visitor = site.visitor()
    for address in ("bob\x00@example.com", "+1415555\x000102"):
        assert visitor.post("/login", {"address": address}).status_code in (302, 400, 429)
    assert visitor.post("/login/code", {"code": "12\x0034"}).status_code in (400, 429)
