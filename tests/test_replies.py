"""Every reply template stays GSM-7 and within its segment budget, at its longest."""

from __future__ import annotations

import re
import string

import pytest

import handlers  # noqa: F401 - importing registers every module's templates and help
import web.auth  # the web pages register their notices too
import web.reads
import web.simulator  # noqa: F401
from handlers.context import MAX_REPLY_SEGMENTS, PAGE_SEGMENTS, paginate
from handlers.registry import MAIL_TEMPLATES, TEMPLATES
from parsers.commands import HELP
from parsers.segments import encoding, segments

LONGEST_HANDLE = "x" * 20
# Placeholders that hold something a person typed (a post, a bio, a list of names): those
# templates are budgeted with a short value, since their length is the sender's own choice.
FREE_TEXT = {"text", "bio", "description", "names", "suggestion", "bad", "about", "example"}
# What other placeholders hold at their longest.
LONGEST = {"n": "999999", "count": "99999", "hours": "720", "until": " for 720h",
           "zone": "America/Argentina/ComodRivadavia", "topic": LONGEST_HANDLE,
           "word": "unfollow", "inviter": "@" + LONGEST_HANDLE}
# Templates a post or DM is wrapped in: one segment of wrapper, the rest is the author's text.
WRAPPERS = {"messages.post_format", "messages.dm_format"}


def fill(template: str) -> str:
    """Fill a template's placeholders with their longest realistic values."""
    names = [name for _, name, _, _ in string.Formatter().parse(template) if name]
    values = {}
    for name in names:
        if name in FREE_TEXT:
            values[name] = "hi"
        else:
            values[name] = LONGEST.get(name, LONGEST_HANDLE)
    return template.format(**values)


@pytest.mark.parametrize("key", sorted(TEMPLATES))
def test_template_is_gsm7_and_one_segment(key):
    text = fill(TEMPLATES[key])
    assert encoding(TEMPLATES[key]) == "GSM-7", f"{key} needs UCS-2: {TEMPLATES[key]!r}"
    assert segments(text) == 1, f"{key} is {segments(text)} segments: {text!r}"


@pytest.mark.parametrize("key", sorted(MAIL_TEMPLATES))
def test_mail_answer_is_plain_and_fills(key):
    # Answered by mail, so no segment budget: still plain letters, and every placeholder filled.
    assert encoding(MAIL_TEMPLATES[key]) == "GSM-7", f"{key}: {MAIL_TEMPLATES[key]!r}"
    assert "{" not in fill(MAIL_TEMPLATES[key])


@pytest.mark.parametrize("keyword", sorted(HELP))
def test_help_line_is_gsm7_and_one_segment(keyword):
    assert encoding(HELP[keyword]) == "GSM-7"
    assert segments(HELP[keyword]) == 1, HELP[keyword]


def test_enumeration_covers_every_module():
    prefixes = {key.split(".")[0] for key in TEMPLATES}
    assert {"account", "groups", "messages", "dispatch"} <= prefixes
    assert len(TEMPLATES) > 60


def test_wrappers_leave_room_for_a_text():
    for key in WRAPPERS:
        assert len(fill(TEMPLATES[key])) <= 50  # 110 characters left in one segment


def test_long_reply_pages_within_budget_and_loses_nothing():
    words = " ".join(f"@member{i:03d}" for i in range(200))
    pages = paginate(words)
    assert len(pages) > 1
    assert all(segments(page) <= PAGE_SEGMENTS for page in pages)
    assert all(page.endswith("(more for the rest)") for page in pages[:-1])
    rejoined = " ".join(page.removesuffix(" (more for the rest)") for page in pages)
    assert re.sub(r"\s+", " ", rejoined) == words


def test_pages_fill_with_whole_lines_up_to_one_segment():
    lines = [f"{n} chore number {n} of the spring clean" for n in range(1, 31)]
    pages = paginate("\n".join(lines))
    assert all(segments(page) == 1 for page in pages)
    shown = [line for page in pages for line in page.removesuffix(" (more for the rest)")
             .split("\n")]
    assert shown == lines  # no line cut in two
    for page, after in zip(pages, pages[1:], strict=False):  # each page as full as it can be
        first = after.split("\n")[0].removesuffix(" (more for the rest)")
        grown = page.removesuffix(" (more for the rest)") + "\n" + first
        assert segments(grown + " (more for the rest)") > 1


def test_a_reply_that_is_no_listing_stays_whole_up_to_three_segments():
    reply = "Welcome to Commons! Pick a name: name yourname. HELP for commands.\n" + "x " * 60
    assert segments(reply) == 2
    assert paginate(reply, MAX_REPLY_SEGMENTS) == [reply]


def test_short_reply_is_one_page():
    assert paginate("You are now @alice.") == ["You are now @alice."]
