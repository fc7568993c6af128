"""No page or feed shows a phone number or an email address, whoever is looking."""

from __future__ import annotations

import base64
import re
from urllib.parse import urldefrag, urlsplit

from store.db import db
from store.models import Member
from tests.webapp import OPS_TOKEN, _site, _twilio_site_app  # noqa: F401

ALICE, BOB, CAROL, NONAME = "+14155550101", "+14155550102", "+14155550103", "+14155550104"
E164 = re.compile(r"\+\d{8,15}")
EMAIL = re.compile(r"[\w.+-]+@[\w-]+\.[\w.-]*\w")
LINK = re.compile(r'href="([^"]+)"')
SEEDS = ["/", "/me", "/board", "/login", "/@team/feed.atom", "/@team/embed",
         "/tags/launch/feed.atom", "/me?q=call", "/ops"]
NOT_CRAWLED = ("/logout", "/static/", "/ops/rq")  # a form action; files; RQ's own pages


def populate(site) -> None:
    site.texts(f"""
    {ALICE} > name alice
    {ALICE} > create @team Launch crew, write to crew@example.org or +1 415 555 0100
    {ALICE} > bio reach me at alice@example.com or 415-555-0101
    {BOB} > name bob
    {BOB} > join @team
    {NONAME} > join @team
    {NONAME} > @team no handle here, text me at +14155550104
    {CAROL} > name carol
    {CAROL} > join @team
    {ALICE} > @team call me on +14155550101 or mail alice@example.com #launch
    {BOB} > @team (415) 555-0102 is my cell, bob.smith+crew@mail.example.co.uk
    {ALICE} > task @team phone the venue at +1 (415) 555-0199
    {BOB} > claim 1
    {ALICE} > thanks @bob for calling 4155550199
    {ALICE} > d @bob my other number is +442071838750
    {CAROL} > need #launch someone to call +14155550155 for me
    {BOB} > offer #launch I can call people, bob@example.net
    """)
    with db.connection_context():
        for number, address in ((ALICE, "alice@example.com"), (BOB, "bob@example.net"),
                                (NONAME, "noname@example.org")):
            Member.update(email=address).where(Member.phone == number).execute()


def crawl(visitor, headers: dict) -> dict[str, str]:
    """Fetch every page reachable from the seeds on this site; return their texts by path."""
    seen: dict[str, str] = {}
    todo = list(SEEDS)
    while todo:
        path = todo.pop()
        if path in seen or path.startswith(NOT_CRAWLED):
            continue
        response = visitor.get(path, headers=headers)
        body = response.get_data(as_text=True)
        seen[path] = body
        for href in LINK.findall(body):
            href = urldefrag(href.replace("&amp;", "&"))[0]
            parts = urlsplit(href)
            if parts.netloc and parts.netloc != "localhost":
                continue
            if parts.path.startswith("/"):
                todo.append(parts.path + (f"?{parts.query}" if parts.query else ""))
    return seen


def test_no_page_or_feed_shows_a_number_or_an_address(site):
    populate(site)
    token = base64.b64encode(f"ops:{OPS_TOKEN}".encode()).decode()
    ops = {"Authorization": f"Basic {token}"}
    bob = site.visitor().log_in(BOB)
    bob.post("/me/text", {"body": "d @alice ring +14155550102 or bob@example.net"},
             token_from="/me")
    pages = {**crawl(site.visitor(), ops), **{f"bob {p}": b for p, b in crawl(bob, ops).items()}}
    assert {"/@team", "/@alice", "/@bob", "/tags/launch", "bob /me", "bob /@team",
            "/@team/feed.atom", "/tags/launch/feed.atom", "/ops"} <= set(pages)
    assert len(pages) > 20
    for path, body in pages.items():
        assert not E164.search(body), (path, E164.findall(body))
        assert not EMAIL.search(body), (path, EMAIL.findall(body))
    # The content is there, masked: nothing was simply left out.
    assert "call me on [number hidden] or mail [address hidden] #launch" in pages["/@team"]
    assert "no handle here" in pages["/@team"] and "a member" in pages["/@team"]
    assert "phone the venue at [number hidden]" in pages["/@team"]
    assert "my other number is [number hidden]" in pages["bob /me"]
