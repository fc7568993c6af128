"""The group page's open questions and upcoming events, in a browser; its iCalendar feed, parsed."""

from __future__ import annotations

from datetime import UTC

import requests
from icalendar import Calendar

from store.db import db
from store.questions import Question
from tests.test_web_browser import browser, log_in, phone_page, served, shots  # noqa: F401
from tests.webapp import _console_site, _console_site_app  # noqa: F401 - fixtures

ALICE, BOB, CAROL = "+14155550101", "+14155550102", "+14155550103"


def crew(site) -> None:
    site.texts(f"""
    {ALICE} > name alice
    {ALICE} > create @team Launch crew
    {BOB} > name bob
    {BOB} > join @team
    {CAROL} > name carol
    {CAROL} > join @team
    {ALICE} > ask @team lunch? pizza / tacos
    {ALICE} > event @team in 3 days at 10am park cleanup
    {BOB} > 1
    {BOB} > yes 2
    {CAROL} > maybe 2
    """)


def test_the_group_page_shows_open_questions_with_tallies_and_events_with_who_is_coming(
        served, browser, shots):  # noqa: F811
    site, base = served
    crew(site)
    page = phone_page(browser, f"{base}/@team")
    questions = page.locator("#questions").inner_text()
    assert "lunch?" in questions and "1 pizza" in questions
    events = page.locator("#events").inner_text()
    assert "park cleanup" in events and "Coming: @bob" in events and "1 maybe" in events
    assert "carol" not in events.split("(")[0]  # a maybe is not "coming"
    assert page.locator("a[href='/@team/events.ics']").count() == 1
    page.screenshot(path=shots / "group-questions.png", full_page=True)
    assert not page.errors, page.errors


def test_the_events_feed_parses_and_a_private_groups_is_for_its_members(served, browser):  # noqa: F811
    site, base = served
    crew(site)
    response = requests.get(f"{base}/@team/events.ics", timeout=10)
    assert response.status_code == 200
    assert response.headers["Content-Type"].startswith("text/calendar")
    calendar = Calendar.from_ical(response.content)
    events = list(calendar.walk("VEVENT"))
    assert len(events) == 1
    with db.connection_context():
        start = Question.get(Question.kind == "event").start.replace(tzinfo=UTC)
    assert events[0].decoded("dtstart") == start
    assert str(events[0]["summary"]) == "park cleanup"
    assert "Coming: @bob" in str(events[0]["description"])
    assert calendar["version"] == "2.0" and calendar["prodid"]

    site.texts(f"""
    {ALICE} > private @team
    """)
    assert requests.get(f"{base}/@team/events.ics", timeout=10).status_code == 403
    page = phone_page(browser, f"{base}/")
    log_in(page, site, base, BOB)
    inside = page.request.get(f"{base}/@team/events.ics")
    assert inside.status == 200
    assert len(list(Calendar.from_ical(inside.body()).walk("VEVENT"))) == 1
