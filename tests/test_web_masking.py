"""Numbers and addresses typed the ways people type them are masked on every page, feed and embed.

Posts, DMs, a bio, a group's description, a task, a need and an offer carry numbers with the
separators people use (`415 . 555 . 0198`, `415/555/0197`), full-width digits, a UK number in
its national form, and addresses with a full-width @ or a zero-width space. Every page reachable
from the site's entry points is fetched, by a stranger and by members, and each is searched
(in its NFKC form, as a reader sees it) for the digits of every number and for every address.
"""

from __future__ import annotations

import base64
import re
import unicodedata

from tests.test_web_privacy import ALICE, BOB, CAROL, crawl, populate
from tests.webapp import OPS_TOKEN, _site, _twilio_site_app  # noqa: F401

DAN = "+14155550105"
# Every number typed below and in test_web_privacy's populate(), by its last seven digits.
TAILS = ["5550198", "5550197", "5550196", "5550195", "5550194", "5550193", "9123457",
         "5550100", "5550101", "5550102", "5550103", "5550104", "5550105", "5550199",
         "1838750", "5550155"]
ADDRESSES = ["alice@example.com", "bob@example.net", "crew@example.org", "dan@example.org",
             "carol@example.com", "bob.smith+crew@mail.example.co.uk", "noname@example.org"]
MASKED_TEXTS = [
    "ring 415 . 555 . 0198 tonight",
    "or 415/555/0197 works",
    "mail alice＠example.com please",
    "full width ４１５５５５０１９６ too",
    "dan\u200b@example.org hides a space",
    "uk 07911 123457 from London",
]


def digits_of(tail: str) -> re.Pattern:
    """Match the digits of `tail` in order, with up to four other characters between each."""
    return re.compile(r"\D{0,4}".join(tail))


def test_every_masking_case_is_masked_on_every_page_feed_and_embed(site):
    populate(site)
    site.texts(f"""
    {DAN} > name dan
    {DAN} > join @team
    {DAN} > bio text 415-555-0193 or dan＠example.org
    """)
    for body in MASKED_TEXTS:
        site.text(ALICE, f"@team {body} #launch")
    site.texts(f"""
    {ALICE} > task @team call the hall on 415 . 555 . 0195
    {DAN} > need #launch someone at 415/555/0194 needs a lift
    {DAN} > offer #launch chairs, ask carol＠example.com
    {BOB} > d @alice my desk is 415 . 555 . 0196
    """)
    token = base64.b64encode(f"ops:{OPS_TOKEN}".encode()).decode()
    ops = {"Authorization": f"Basic {token}"}
    pages = dict(crawl(site.visitor(), ops))
    for phone in (BOB, CAROL, ALICE):
        member = site.visitor().log_in(phone)
        pages.update({f"{phone} {path}": body for path, body in crawl(member, ops).items()})
    assert {"/@team", "/@team/embed", "/@team/feed.atom", "/tags/launch",
            "/tags/launch/feed.atom", "/board", "/@dan", f"{ALICE} /me"} <= set(pages)
    for path, body in pages.items():
        seen = unicodedata.normalize("NFKC", body)
        for tail in TAILS:
            found = digits_of(tail).search(seen)
            assert not found, (path, tail, found and found.group())
        for address in ADDRESSES:
            local, domain = address.split("@")
            assert domain not in seen, (path, address)
            assert f"{local}@" not in seen.replace("\u200b", ""), (path, address)
    # Nothing was simply left out: each case is there, masked.
    team = pages["/@team"]
    for shown in ("ring [number hidden] tonight", "or [number hidden] works",
                  "mail [address hidden] please", "full width [number hidden] too",
                  "[address hidden] hides a space", "uk [number hidden] from London",
                  "call the hall on [number hidden]"):
        assert shown in team, shown
    assert "text [number hidden] or [address hidden]" in pages["/@dan"]
    assert "someone at [number hidden] needs a lift" in pages["/board"]
    assert "chairs, ask [address hidden]" in pages["/tags/launch"]
    assert "my desk is [number hidden]" in pages[f"{ALICE} /me"]
    assert "ring [number hidden] tonight" in pages["/@team/feed.atom"]
    assert "ring [number hidden] tonight" in pages["/@team/embed"]


def test_a_post_with_no_number_is_shown_as_written(site):
    populate(site)
    site.text(ALICE, "@team pin 1234, task #12 at 10:30-11:45, room 101")
    assert "pin 1234, task #12 at 10:30-11:45, room 101" in \
        site.visitor().get("/@team").get_data(as_text=True)


# Issue 24: separators and address forms the attack pass found shown whole.
SEPARATED = ["415_555_0149", "415*555*0150", "415,555,0151", "415|555|0173", "415:555:0176",
             "415+555+0177", "415;555;0195", "(415)-(555)-(0191)", "415\u2800555\u28000192"]
ODD_ADDRESSES = ["alice @ example.com", "alice@[127.0.0.1]", '"a b"@example.com']
ORDINARY = ["task 12 at 3pm", "1,000,000 dollars", "tasks 12, 13, 1400",
            "at 10:30, 11:45, 2024", "score 10-7, 12-9", "room 101 @ 3pm"]


def test_numbers_between_any_punctuation_and_odd_addresses_are_masked(site):
    populate(site)
    visitor = site.visitor()
    for i, body in enumerate(SEPARATED + ODD_ADDRESSES + ORDINARY):
        n = chr(ord("a") + i)  # a letter: a digit beside the number would join it
        sender = (ALICE, BOB, CAROL)[ord(n) % 3]  # a few texts each: no sender is flooding
        site.text(sender, f"@team say {n} {body} now")
        page = unicodedata.normalize("NFKC", visitor.get("/@team").get_data(as_text=True))
        if body in SEPARATED:
            assert f"say {n} [number hidden] now" in page, body
            assert not digits_of(re.sub(r"\D", "", body)[-7:]).search(page), body
        elif body in ODD_ADDRESSES:
            assert f"say {n} [address hidden] now" in page, body
            assert "example.com" not in page and "127.0.0.1" not in page, body
        else:
            assert f"say {n} {body} now" in page, body
