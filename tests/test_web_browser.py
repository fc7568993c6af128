"""The dashboard in a real headless Chromium (Playwright) against the app served on loopback.

Debian's chromium is driven by the playwright package's own driver (no browser download).
Screenshots of the main pages are kept in test-artifacts/screenshots/.
"""

from __future__ import annotations

import re

import pytest
from playwright import sync_api

from loopback.services import WebServer
from store.db import db
from store.models import Message
from tests.webapp import _console_site, _console_site_app, _twilio_site_app  # noqa: F401

CHROMIUM = "/usr/bin/chromium"
ALICE, BOB, CAROL = "+14155550101", "+14155550102", "+14155550103"
LIVE_WAIT_MS = 15_000  # live lists refresh every 3 s



@pytest.fixture
def served(console_site):
    """The console deployment's app on a real HTTP server on loopback."""
    server = WebServer(console_site.app, console_site.settings.PORT).start()
    yield console_site, server.url
    server.stop()


@pytest.fixture
def browser():
    with sync_api.sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        yield chromium
        chromium.close()


@pytest.fixture
def shots(artifacts):
    folder = artifacts / "screenshots"
    folder.mkdir(exist_ok=True)
    print(f"screenshots in {folder}")
    return folder


def phone_page(browser, url: str, zone: str = "UTC"):
    """Open a new phone-sized browser page at `url`, its clock in `zone`."""
    context = browser.new_context(viewport={"width": 390, "height": 844}, timezone_id=zone)
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda message: errors.append(message.text) if message.type == "error"
            else None)
    page.errors = errors
    page.goto(url)
    return page


def log_in(page, site, base: str, number: str) -> None:
    page.goto(f"{base}/login")
    page.fill("#address", number)
    page.click("text=Send me a code")
    page.wait_for_url(f"{base}/login/code")
    page.fill("#code", site.last_code(number))
    page.click("button:has-text('Log in')")
    page.wait_for_url(f"{base}/me")


def test_a_member_logs_in_reads_a_group_and_sees_a_post_arrive_live(served, browser, shots):
    site, base = served
    site.texts(f"""
    {ALICE} > name alice
    {ALICE} > create @team Launch crew
    {BOB} > name bob
    {BOB} > join @team
    {ALICE} > task @team print the flyers
    {BOB} > done 1
    {ALICE} > @team welcome, everyone
    """)
    page = phone_page(browser, f"{base}/")
    page.screenshot(path=shots / "home.png", full_page=True)
    log_in(page, site, base, ALICE)
    assert page.locator("h1").inner_text() == "@alice"
    page.screenshot(path=shots / "me.png", full_page=True)

    page.click("a[href='/@team']")
    page.wait_for_url(f"{base}/@team")
    assert "welcome, everyone" in page.locator(".posts").inner_text()
    assert "print the flyers" in page.locator(".tasks").inner_text()
    site.text(BOB, "@team the flyers are at the door")  # a text arrives while she reads
    page.locator(".posts").get_by_text("the flyers are at the door").wait_for(
        timeout=LIVE_WAIT_MS)
    assert page.url == f"{base}/@team"  # no reload: the list was swapped in place
    first = page.locator(".post .body").first.inner_text()
    assert first == "the flyers are at the door"
    page.screenshot(path=shots / "group.png", full_page=True)
    assert not page.errors, page.errors  # no CSP violation, no script error


def test_times_show_in_the_browsers_zone(served, browser):
    site, base = served
    site.texts(f"""
    {ALICE} > name alice
    {ALICE} > create @team Launch crew
    {ALICE} > @team see you at the hall
    """)
    page = phone_page(browser, f"{base}/", zone="Asia/Tokyo")  # live.js remembers the zone
    assert "tz=Asia%2FTokyo" in page.evaluate("document.cookie")  # written URL-encoded
    page.goto(f"{base}/@team")
    shown = page.locator(".post time").first.inner_text()
    assert shown.endswith(" JST"), shown
    assert not page.errors, page.errors
    travelled = phone_page(browser, f"{base}/", zone="America/New_York")
    travelled.context.add_cookies([{"name": "tz", "value": "Asia%2FTokyo", "url": base}])
    travelled.goto(f"{base}/@team")  # a zone remembered elsewhere is written anew
    travelled.goto(f"{base}/@team")
    assert re.search(r" E[SD]T$", travelled.locator(".post time").first.inner_text())


def test_the_text_box_answers_with_the_sms_replies(served, browser, shots):
    site, base = served
    site.texts(f"""
    {ALICE} > name alice
    {ALICE} > create @team
    {ALICE} > task @team buy stamps
    """)
    page = phone_page(browser, f"{base}/")
    log_in(page, site, base, ALICE)
    page.fill("#body", "tasks")
    page.click("text=Send")
    assert page.locator(".reply").text_content() == "Open tasks in @team:\n1 buy stamps"
    page.fill("#body", "@team hello from the browser")
    page.click("text=Send")
    assert "hello from the browser" in page.locator("#live").inner_text()
    page.screenshot(path=shots / "text-box.png", full_page=True)


def test_a_private_group_is_refused_to_a_non_member(served, browser, shots):
    site, base = served
    site.texts(f"""
    {CAROL} > name carol
    {CAROL} > create @home
    {CAROL} > private @home
    {CAROL} > @home the secret recipe
    {ALICE} > name alice
    """)
    page = phone_page(browser, f"{base}/@home")
    assert "private group" in page.locator("h1").inner_text()
    log_in(page, site, base, ALICE)
    response = page.goto(f"{base}/@home")
    assert response.status == 403 and "the secret recipe" not in page.content()
    page.screenshot(path=shots / "private.png", full_page=True)


def test_the_simulator_is_a_wall_of_phones(served, browser, shots):
    site, base = served
    page = phone_page(browser, f"{base}/simulator")
    page.fill("#sender", "+14155550101")
    page.fill("#sim-body", "name alice")
    page.click("text=Send")
    phone = page.locator("section.phone[data-number='+14155550101']")
    phone.get_by_text("You are now @alice.").wait_for(timeout=LIVE_WAIT_MS)
    page.fill("#sender", "+14155550102")
    page.fill("#sim-body", "help")
    page.click("text=Send")
    assert page.locator("section.phone").count() == 2
    page.set_viewport_size({"width": 1200, "height": 900})
    page.screenshot(path=shots / "simulator.png", full_page=True)
    assert not page.errors, page.errors


def test_the_embed_page_can_be_framed_by_another_site(served, browser):
    site, base = served
    site.texts(f"""
    {ALICE} > name alice
    {ALICE} > create @team
    {ALICE} > @team hello, neighbours
    """)
    page = phone_page(browser, f"{base}/board")
    # Another origin (a data: page) puts the embed and a normal page in frames.
    page.set_content(f'<iframe id="ok" src="{base}/@team/embed"></iframe>'
                     f'<iframe id="no" src="{base}/@team"></iframe>')
    framed = page.frame_locator("#ok").get_by_text("hello, neighbours")
    framed.wait_for(timeout=LIVE_WAIT_MS)
    page.wait_for_timeout(500)
    refused = page.frame(url=f"{base}/@team")
    assert refused is None or "hello, neighbours" not in (refused.content() or "")


def test_a_post_from_the_box_says_where_it_went_and_a_reload_posts_nothing(served, browser,
                                                                           shots):
    site, base = served
    site.texts(f"""
    {ALICE} > name alice
    {ALICE} > create @team
    {BOB} > name bob
    {BOB} > join @team
    """)
    page = phone_page(browser, f"{base}/")
    log_in(page, site, base, ALICE)
    page.fill("#body", "@team the keys are under the mat")
    page.click("text=Send")
    page.wait_for_url(f"{base}/me")
    assert page.locator(".reply").inner_text() == "Posted to @team: 2 members"
    page.screenshot(path=shots / "text-box-posted.png", full_page=True)
    page.reload()  # the POST was answered with a redirect: a reload asks for /me, sends nothing
    assert page.locator(".reply").count() == 0
    page.goto(f"{base}/@team")
    assert page.locator(".post .body").get_by_text("the keys are under the mat").count() == 1
    with db.connection_context():
        assert Message.select().where(Message.body == "the keys are under the mat").count() == 1


def test_a_phone_sees_what_a_busy_group_page_holds_below_its_posts(served, browser, shots):
    site, base = served
    site.texts(f"""
    {ALICE} > name alice
    {ALICE} > create @team
    {BOB} > name bob
    {BOB} > join @team
    {ALICE} > task @team print the flyers
    {ALICE} > task @team book the hall
    {ALICE} > task @team buy stamps
    {ALICE} > task @team call the band
    {ALICE} > task @team sweep up
    {BOB} > done 5
    """)
    for n in range(12):  # more posts than a phone screen shows, below the rate limit
        site.text(ALICE, f"@team update {n} from alice")
        site.text(BOB, f"@team update {n} from bob")
    page = phone_page(browser, f"{base}/@team")
    jump = page.locator("nav.jump")
    assert jump.is_visible() and jump.bounding_box()["y"] < 844  # in the first screenful
    assert " ".join(jump.inner_text().split()) == "Tasks (4 open) · Contributions · 2 members"
    tasks = page.locator("#tasks")
    assert tasks.bounding_box()["y"] > 844  # the tasks themselves are far below, after 20 posts
    page.screenshot(path=shots / "group-phone-top.png")
    jump.get_by_text("Tasks (4 open)").click()
    page.wait_for_url(f"{base}/@team#tasks")
    top = page.evaluate("document.getElementById('tasks').getBoundingClientRect().top")
    assert 0 <= top < 844  # scrolled down to it
    page.screenshot(path=shots / "group-phone-tasks.png")
    page.set_viewport_size({"width": 1200, "height": 900})
    assert not page.locator("nav.jump").is_visible()  # beside the posts on a wide screen
    assert not page.errors, page.errors
