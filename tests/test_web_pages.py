"""The dashboard's pages, as visitors and members see them: content, access, feeds, headers."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

from store.cooperation import BoardItem, BoardTag
from store.db import db
from store.models import Inbound, Member, Outbox
from tests.webapp import (  # noqa: F401
    ALICE,
    BOB,
    CAROL,
    DAN,
    _console_site,
    _console_site_app,
    _site,
    _twilio_site_app,
    team,
    text,
)
from web.reads import BOARD_PAGE

ATOM = "{http://www.w3.org/2005/Atom}"


def test_a_group_page_shows_feed_members_tasks_and_ledger(site):
    team(site)
    page = text(site.visitor().get("/@team"))
    assert page.index("second post") < page.index("first post")  # newest first
    assert '<a href="/@alice">@alice</a> <span class="muted">owner</span>' in page
    assert '<a href="/@bob">@bob</a>' in page
    open_, claimed, done = (page.split("<h3>")[i] for i in (1, 2, 3))
    assert "write the docs" in open_ and "fix the printer" in claimed and "order pizza" in done
    assert "<tr><td>@bob</td><td>4</td><td>100%</td></tr>" in page  # 3 for the task, 1 thanks
    assert '<svg class="chart"' in page and "4 points · 100%" in page


def test_equal_points_show_equal_shares_on_the_group_page(site):
    site.texts(f"""
    {ALICE} > name alice
    {ALICE} > create @team Launch crew
    {BOB} > name bob
    {BOB} > join @team
    {CAROL} > name carol
    {CAROL} > join @team
    {ALICE} > thanks @bob
    {BOB} > thanks @carol
    {CAROL} > thanks @alice
    """)
    page = text(site.visitor().get("/@team"))
    for name in ("alice", "bob", "carol"):
        assert f"<tr><td>@{name}</td><td>1</td><td>33%</td></tr>" in page
    assert page.count("1 point · 33%") == 3


def test_user_content_renders_as_text(site):
    team(site)
    page = text(site.visitor().get("/@team"))
    assert "<script>alert(1)" not in page and "<img src=x" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &#34;&gt;&lt;img src=x onerror=alert(2)&gt;" \
        in page


def test_a_private_group_is_for_its_members_only(site):
    team(site)
    for visitor in (site.visitor(), site.visitor().log_in(ALICE)):
        refused = visitor.get("/@home")
        assert refused.status_code == 403
        assert "private group" in text(refused) and "secret recipe" not in text(refused)
        assert visitor.get("/@home/feed.atom").status_code == 404
        assert visitor.get("/@home/embed").status_code == 404
    carol = site.visitor().log_in(CAROL)
    assert "the secret recipe" in text(carol.get("/@home"))
    assert "the secret recipe" not in text(site.visitor().get("/@carol"))
    assert "the secret recipe" in text(carol.get("/@carol"))


def test_a_member_page_shows_bio_karma_and_public_posts(site):
    team(site)
    site.text(BOB, "bio I fix printers")
    page = text(site.visitor().get("/@BOB"))
    assert "<h1>@bob</h1>" in page and "I fix printers" in page
    assert "<strong>4</strong> karma points" in page and "second post" in page


def test_unknown_names_are_not_found(site):
    assert site.visitor().get("/@nobody").status_code == 404
    assert site.visitor().get("/tags/9bad").status_code == 404


def test_home_shows_public_groups_or_my_page(site):
    team(site)
    anonymous = text(site.visitor().get("/"))
    assert "@team" in anonymous and "@home" not in anonymous
    mine = text(site.visitor().log_in(CAROL).get("/"))
    assert "@home" in mine and "the secret recipe" in mine


def test_my_page_lists_activity_and_searches_my_own_history(site):
    team(site)
    site.texts(f"""
    {ALICE} > d @bob pizza at eight?
    {CAROL} > d @bob pizza is overrated
    """)
    bob = site.visitor().log_in(BOB)
    page = text(bob.get("/me"))
    assert "first post" in page and "pizza at eight?" in page
    found = text(bob.get("/me?q=PIZZA"))
    assert "pizza at eight?" in found and "pizza is overrated" in found
    assert "first post" not in found
    assert "pizza at eight?" not in text(site.visitor().log_in(CAROL).get("/me?q=pizza"))


def test_long_feeds_page_with_before(site):
    site.texts(f"""
    {ALICE} > name alice
    {ALICE} > create @team
    {BOB} > name bob
    {BOB} > join @team
    """)
    for n in range(25):  # by two people: more than 20 texts a minute from one is a flood
        site.text((ALICE, BOB)[n % 2], f"@team post number {n}")
    visitor = site.visitor()
    first = text(visitor.get("/@team"))
    assert "post number 24" in first and "post number 5<" in first
    assert "post number 4<" not in first
    older = first.split('class="pager"><a href="?')[1].split('"')[0].replace("&amp;", "&")
    rest = text(visitor.get(f"/@team?{older}"))
    assert "post number 4<" in rest and "post number 0<" in rest and "post number 5<" not in rest


def test_tag_page_and_board(site):
    team(site)
    site.texts(f"""
    {ALICE} > need #launch #design a logo for the launch
    {BOB} > offer #design posters and logos
    """)
    tag = text(site.visitor().get("/tags/Launch"))
    assert "first post" in tag and "a logo for the launch" in tag
    assert "posters and logos" not in tag
    board = text(site.visitor().get("/board"))
    assert "a logo for the launch" in board and "posters and logos" in board


def test_a_long_board_pages_its_needs_and_offers_apart(site):
    team(site)
    with db.connection_context():
        alice = Member.get(Member.handle == "alice")
        items = [BoardItem.create(kind="need", author=alice, text=f"need number {n}.",
                                  tags="design") for n in range(BOARD_PAGE + 5)]
        items.append(BoardItem.create(kind="offer", author=alice, text="the only offer",
                                      tags="design"))
        for item in items:
            BoardTag.create(item=item, tag="design")
    for address in ("/board", "/tags/design"):
        first = text(site.visitor().get(address))
        assert f"need number {BOARD_PAGE + 4}." in first and "need number 5." in first
        assert "need number 4." not in first and "the only offer" in first
        older = first.split('class="pager"><a href="?')[-1].split('"')[0]
        assert older.startswith("needs_before=")
        rest = text(site.visitor().get(f"{address}?{older}"))
        assert "need number 4." in rest and "need number 0." in rest
        assert "need number 5." not in rest and "the only offer" in rest


def test_atom_feeds_of_a_group_and_a_tag(site):
    team(site)
    response = site.visitor().get("/@team/feed.atom")
    assert response.mimetype == "application/atom+xml"
    feed = ET.fromstring(response.data)
    assert feed.tag == f"{ATOM}feed" and feed.findtext(f"{ATOM}title") == "@team on Commons"
    entries = feed.findall(f"{ATOM}entry")
    assert [e.findtext(f"{ATOM}content") for e in entries][-1] == "first post #launch"
    assert entries[0].findtext(f"{ATOM}content", "").startswith("second post <script>")
    for entry in entries:
        assert entry.findtext(f"{ATOM}id") and entry.findtext(f"{ATOM}updated")
        assert entry.findtext(f"{ATOM}author/{ATOM}name") in ("@alice", "@bob")
    tagged = ET.fromstring(site.visitor().get("/tags/launch/feed.atom").data)
    assert [e.findtext(f"{ATOM}content") for e in tagged.findall(f"{ATOM}entry")] == [
        "first post #launch"]


def test_every_response_has_a_csp_and_only_the_embed_may_be_framed(site):
    team(site)
    visitor = site.visitor()
    paths = ["/", "/@team", "/@bob", "/@home", "/tags/launch", "/tags/launch/feed.atom",
             "/board", "/login", "/login/code", "/me", "/@team/feed.atom", "/nowhere",
             "/simulator", "/ops", "/healthz", "/static/commons.css", "/static/live.js"]
    for path in paths:
        response = visitor.get(path)
        csp = response.headers.get("Content-Security-Policy", "")
        assert "default-src 'self'" in csp and "frame-ancestors 'none'" in csp, path
        assert "unsafe-inline" not in csp, path
        assert response.headers.get("X-Frame-Options") == "DENY", path
    webhook = visitor.client.post("/sms/twilio", data={"From": ALICE, "Body": "hi"})
    assert webhook.status_code == 403 and "frame-ancestors 'none'" in \
        webhook.headers["Content-Security-Policy"]
    embed = visitor.get("/@team/embed")
    assert embed.status_code == 200 and "second post" in text(embed)
    assert "frame-ancestors *" in embed.headers["Content-Security-Policy"]
    assert "X-Frame-Options" not in embed.headers


def test_times_show_in_the_members_zone(site):
    team(site)
    assert " UTC</time>" in text(site.visitor().get("/@team"))  # nobody, and no browser zone
    # Logged in, no `tz`, no browser zone: their number's zone, as their texts read times.
    assert re.search(r" P[SD]T</time>", text(site.visitor().log_in(BOB).get("/@team")))
    site.text(ALICE, "tz America/Chicago")
    assert re.search(r" C[SD]T</time>", text(site.visitor().log_in(ALICE).get("/@team")))
    browser = site.visitor()
    browser.client.set_cookie("tz", "Asia%2FTokyo")  # as live.js writes it: URL-encoded
    assert " JST</time>" in text(browser.get("/@team"))
    bob = site.visitor().log_in(BOB)
    bob.client.set_cookie("tz", "America%2FNew_York")  # the browser's zone before the number's
    assert re.search(r" E[SD]T</time>", text(bob.get("/@team")))
    alice = site.visitor().log_in(ALICE)
    alice.client.set_cookie("tz", "Asia%2FTokyo")  # her own `tz` before the browser's
    assert re.search(r" C[SD]T</time>", text(alice.get("/@team")))


def test_the_text_box_answers_like_sms_and_posts_for_real(site):
    team(site)
    alice = site.visitor().log_in(ALICE)
    answer = alice.post("/me/text", {"body": "tasks"}, token_from="/me")
    assert answer.status_code == 303 and answer.location.endswith("/me")
    shown = text(alice.get("/me"))
    assert '<p class="reply">Open tasks in @team:\n1 write the docs\n2 fix the printer' in shown
    assert "(no reply)" not in shown and '<p class="reply">' not in text(alice.get("/me"))
    posted = alice.post("/me/text", {"body": "@team hello from the web"}, token_from="/me",
                        follow_redirects=True)
    assert '<p class="reply">Posted to @team: 2 members</p>' in text(posted)
    assert "hello from the web" in text(site.visitor().get("/@team"))
    sent = alice.post("/me/text", {"body": "d @bob it\u2019s \u201cdone\u201d"}, token_from="/me",
                      follow_redirects=True)
    assert '<p class="reply">Sent to @bob</p>' in text(sent)
    assert "You texted: d @bob it&#39;s &#34;done&#34;" in text(sent)  # as a phone sends it
    with db.connection_context():
        web = Inbound.select().where(Inbound.channel == "web").order_by(Inbound.id)
        assert [row.body for row in web] == ["tasks", "@team hello from the web",
                                             "d @bob it's \"done\""]
        replies = Outbox.select().where(Outbox.inbound.in_(web), Outbox.kind == "reply")
        # Shown on the page, not texted: nothing for a worker to send.
        assert {(row.channel, row.status) for row in replies} == {("web", "delivered")}
    forged = alice.client.post("/me/text", data={"body": "tasks", "csrf": "x"})
    assert forged.status_code == 400
    assert site.visitor().client.post("/me/text", data={"body": "tasks"}).status_code in (302,
                                                                                          400)


def test_the_simulator_exists_only_on_the_console_channel(site, console_site):
    assert site.visitor().get("/simulator").status_code == 404
    visitor = console_site.visitor()
    assert visitor.get("/simulator").status_code == 200
    sent = visitor.post("/simulator", {"sender": "415 555 0101", "body": "name alice"},
                        token_from="/simulator")
    assert sent.status_code == 302
    wall = text(visitor.get(sent.location))
    assert '<section class="phone" data-number="+14155550101">' in wall
    assert '<li class="out">name alice</li>' in wall
    assert '<li class="in">You are now @alice.' in wall


def test_private_posts_and_dms_reach_no_public_page_feed_or_live_fetch(site):
    team(site)
    site.texts(f"""
    {CAROL} > @home grandma's #launch secret
    {ALICE} > d @bob a #launch whisper
    {DAN} > name dan
    """)
    paths = ["/tags/launch", "/tags/launch/feed.atom", "/@carol", "/@alice", "/@bob", "/board",
             "/@home", "/", "/me"]
    for visitor in (site.visitor(), site.visitor().log_in(DAN)):  # Dan is in no group
        for path in paths:
            for headers in ({}, {"X-Live": "1"}):  # what live.js fetches is the same page
                body = text(visitor.get(path, headers=headers))
                assert "secret" not in body and "whisper" not in body, path
    alice = site.visitor().log_in(ALICE)  # in @team, not in @home; she wrote the whisper
    for path in [*paths, "/me?q=secret", "/me?q=launch"]:
        assert "grandma" not in text(alice.get(path)), path
    assert "whisper" in text(alice.get("/me?q=whisper"))
    assert "a #launch whisper" not in text(site.visitor().log_in(CAROL).get("/me?q=whisper"))


def test_logging_in_starts_a_new_session(site):
    site.text(ALICE, "name alice")
    visitor = site.visitor()
    before = visitor.csrf()
    visitor.log_in(ALICE)
    after = visitor.csrf("/me")
    assert before != after  # what was planted in the session before login is gone
