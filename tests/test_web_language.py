"""Pages in the viewer's language: the browser's, the member's, or one picked with ?lang=.

And the web catalogue is whole: every text the pages can show has its Spanish.
"""

from __future__ import annotations

import re
from datetime import UTC
from pathlib import Path
from zoneinfo import ZoneInfo

from babel.dates import format_skeleton
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.pofile import read_po

from parsers.languages import LANGUAGES, LOCALE
from store.db import db
from store.models import Member, Message
from store.questions import Question
from tests.test_web_browser import LIVE_WAIT_MS, browser, served, shots  # noqa: F401
from tests.webapp import (  # noqa: F401 - fixtures
    ALICE,
    BOB,
    CAROL,
    _console_site,
    _console_site_app,
    _site,
    _twilio_site_app,
    team,
    text,
)

ROOT = Path(__file__).resolve().parent.parent
SPANISH = {"Accept-Language": "es-MX,es;q=0.9"}
ENGLISH = {"Accept-Language": "en-US,en;q=0.9"}
KEYWORDS = {**DEFAULT_KEYWORDS, "lazy_gettext": None, "lazy_ngettext": (1, 2)}
PLACEHOLDER = re.compile(r"%\(\w+\)s")


def crew(site) -> None:
    """@team with a question open and an event to come, Bob coming to it."""
    team(site)
    site.texts(f"""
    {ALICE} > ask @team lunch? pizza / tacos
    {ALICE} > event @team in 3 days at 10am park cleanup
    {BOB} > yes 2
    """)


def shown(moment, language: str) -> str:
    """Say a stored time as a page for a viewer in UTC does: weekday, day and month."""
    return format_skeleton("MMMEd", moment.replace(tzinfo=UTC), locale=language, fuzzy=True)


def event_start():
    with db.connection_context():
        return Question.get(Question.kind == "event").start


def test_a_spanish_browser_sees_the_group_page_in_spanish(site):
    crew(site)
    page = text(site.visitor().get("/@team", headers=SPANISH))
    assert '<html lang="es">' in page
    assert "<h2>Próximos eventos</h2>" in page and "<h2>Preguntas abiertas</h2>" in page
    assert "Vienen: @bob" in page and "Iniciar sesión" in page and "2 miembros" in page
    start = shown(event_start(), "es")  # "mié, 9 dic": Spanish weekday and month
    assert re.search(rf"{start}, \d+:\d\d UTC</span>", page), start
    assert "Upcoming events" not in page and "Log in" not in page


def test_an_english_browser_sees_english(site):
    crew(site)
    page = text(site.visitor().get("/@team", headers=ENGLISH))
    assert '<html lang="en">' in page
    assert "<h2>Upcoming events</h2>" in page and "Coming: @bob" in page
    assert event_start().strftime("%b %d, ") in page  # "Dec 09, 18:00 UTC", as always
    assert "Próximos eventos" not in page
    # A browser asking for a language Commons does not speak gets English.
    assert '<html lang="en">' in text(site.visitor().get("/@team",
                                                        headers={"Accept-Language": "fr"}))


def test_a_member_whose_language_is_spanish_sees_spanish_in_an_english_browser(site):
    crew(site)
    bob = site.visitor().log_in(BOB)
    assert "<h2>Upcoming events</h2>" in text(bob.get("/@team", headers=ENGLISH))
    with db.connection_context():
        Member.update(language="es").where(Member.phone == BOB).execute()
    page = text(bob.get("/@team", headers=ENGLISH))
    assert '<html lang="es">' in page and "<h2>Próximos eventos</h2>" in page
    me = text(bob.get("/me", headers=ENGLISH))
    assert "<h2>Mis grupos</h2>" in me and "Cerrar sesión" in me
    posted = bob.post("/me/text", {"body": "@team hola"}, token_from="/me", headers=ENGLISH,
                      follow_redirects=True)
    assert '<p class="reply">Publicado en @team: 2 miembros</p>' in text(posted)
    # A member who never chose a language: their browser speaks for them.
    carol = site.visitor().log_in(CAROL)
    assert "<h2>Mis grupos</h2>" in text(carol.get("/me", headers=SPANISH))
    assert "<h2>My groups</h2>" in text(carol.get("/me", headers=ENGLISH))


def test_a_visitor_picks_a_language_and_it_is_remembered(site):
    crew(site)
    visitor = site.visitor()
    page = text(visitor.get("/@team", headers=ENGLISH))
    assert '<a href="?lang=es" lang="es" hreflang="es">español</a>' in page
    assert "<h2>Próximos eventos</h2>" in text(visitor.get("/@team?lang=es", headers=ENGLISH))
    assert "<h2>Necesidades</h2>" in text(visitor.get("/board", headers=ENGLISH))  # remembered
    assert "<h2>Needs</h2>" in text(visitor.get("/board?lang=en", headers=SPANISH))
    assert "<h2>Needs</h2>" in text(visitor.get("/board", headers=SPANISH))
    response = site.visitor().get("/board?lang=xx", headers=SPANISH)  # no such language
    assert "<h2>Necesidades</h2>" in text(response) and "lang=" not in str(
        response.headers.get("Set-Cookie"))
    assert {"Accept-Language", "Cookie"} <= set(response.vary)


def test_forms_errors_and_error_pages_speak_the_pages_language(site):
    crew(site)
    visitor = site.visitor()
    wrong = visitor.post("/login", {"address": "not an address"}, headers=SPANISH)
    assert wrong.status_code == 400
    assert "Escribe un número de teléfono o una dirección de correo." in text(wrong)
    missing = visitor.get("/@nobody-here", headers=SPANISH)
    assert missing.status_code == 404
    assert "No encontrado" in text(missing) and "No hay ninguna página" in text(missing)
    private = visitor.get("/@home", headers=SPANISH)
    assert private.status_code == 403 and "@home es un grupo privado" in text(private)
    english = text(site.visitor().get("/@nobody-here", headers=ENGLISH))
    assert "Not found" in english and "There is no page at this address." in english


def test_a_spanish_browser_reads_a_group_in_spanish_as_posts_arrive_and_can_switch(
        served, browser, shots):  # noqa: F811
    site, base = served
    crew(site)
    page = browser.new_context(locale="es-ES", timezone_id="Europe/Madrid",
                               viewport={"width": 390, "height": 844}).new_page()
    page.goto(f"{base}/@team")
    assert page.locator("html").get_attribute("lang") == "es"
    assert page.locator("#events h2").inner_text() == "Próximos eventos"
    site.text(BOB, "@team ya llegué")  # the list is fetched again: still Spanish
    post = page.locator(".post").filter(has_text="ya llegué")
    post.wait_for(timeout=LIVE_WAIT_MS)
    with db.connection_context():
        sent = Message.select().order_by(Message.id.desc()).first().created_at
    when = format_skeleton("MMMEd", sent.replace(tzinfo=UTC).astimezone(ZoneInfo("Europe/Madrid")),
                           locale="es", fuzzy=True)
    assert post.locator("time").inner_text().startswith(when)
    page.screenshot(path=shots / "group-es.png", full_page=True)
    page.click("footer a[lang='en']")  # English, for this browser from now on
    assert page.locator("#events h2").inner_text() == "Upcoming events"
    page.goto(f"{base}/board")
    assert page.locator("h1").inner_text() == "Needs and offers"


def extracted() -> dict[str | tuple[str, ...], list[str]]:
    """Return every message the pages can show, from babel.cfg as `pybabel extract` reads it."""
    with (ROOT / "babel.cfg").open() as config:
        method_map, options_map = parse_mapping_cfg(config)
    found: dict[str | tuple[str, ...], list[str]] = {}
    for filename, _line, message, _comments, _context in extract_from_dir(
            ROOT, method_map, options_map, keywords=KEYWORDS):
        found.setdefault(message, []).append(filename)
    return found


def catalogue(language: str):
    with (LOCALE / language / "LC_MESSAGES" / "web.po").open("rb") as po:
        return read_po(po, locale=language)


def test_every_page_text_has_its_spanish():
    messages = extracted()
    assert len(messages) > 150  # the extraction found the templates and web/*.py
    for language in set(LANGUAGES) - {"en"}:
        translated = catalogue(language)
        missing, mismatched = [], []
        for message, files in messages.items():
            msgid = message[0] if isinstance(message, tuple) else message
            entry = translated.get(msgid)
            strings = entry.string if entry else ""
            strings = strings if isinstance(strings, tuple) else (strings,)
            if entry is None or entry.fuzzy or not all(strings):
                missing.append((msgid, files[0]))
                continue
            english = set(PLACEHOLDER.findall(" ".join(message if isinstance(message, tuple)
                                                        else (message,))))
            if any(set(PLACEHOLDER.findall(s)) != english for s in strings):
                mismatched.append(msgid)
        assert not missing, f"{language}: no translation in web.po for {missing}"
        assert not mismatched, f"{language}: placeholders differ from the English: {mismatched}"
        unused = {m.id if isinstance(m.id, str) else m.id[0] for m in translated if m.id} - {
            m[0] if isinstance(m, tuple) else m for m in messages}
        assert not unused, f"{language}: web.po translates texts no page has now: {unused}"
