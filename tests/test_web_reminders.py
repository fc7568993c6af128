"""Reminders on the dashboard: a member's own on /me, a group's upcoming ones on its page."""

from __future__ import annotations

from tests.webapp import (  # noqa: F401
    ALICE,
    BOB,
    _site,
    _twilio_site_app,
    team,
    text,
)


def test_my_page_lists_my_reminders_and_a_group_page_its_upcoming_ones(site):
    team(site)
    site.texts(f"""
    {ALICE} > remind me every mon 9am water the ferns
    {ALICE} > remind @team tomorrow 10am standup moved
    {BOB} > remind me tomorrow 6pm call the bank
    """)
    mine = text(site.visitor().log_in(ALICE).get("/me")).split("My reminders")[1].split("</ul>")[0]
    assert "every mon 9:00am: water the ferns" in mine
    assert "standup moved" in mine and '<a href="/@team">@team</a>' in mine
    assert "call the bank" not in mine
    group = text(site.visitor().get("/@team")).split("Upcoming reminders")[1].split("</ul>")[0]
    assert "standup moved" in group
    assert "water the ferns" not in group and "call the bank" not in group
    bobs = text(site.visitor().log_in(BOB).get("/me")).split("My reminders")[1].split("</ul>")[0]
    assert "call the bank" in bobs and "standup moved" not in bobs
