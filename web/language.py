"""Pages in the viewer's language: one they picked here, their own, their browser's, or English.

The texts of pages are gettext messages (`_("...")` in templates and web/*.py), translated in
`locale/<language>/LC_MESSAGES/web.po`. Flask-Babel reads compiled catalogues; here each .po
is compiled in memory when the app is built, so there is no .mo to build or to go stale.
"""

from __future__ import annotations

import io
from collections.abc import Collection
from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.support import Translations
from flask import Flask, Response, current_app, g, request
from flask_babel import Babel, Domain

from parsers.languages import ENGLISH, LANGUAGES, LOCALE, catalogue_path, speaking
from web.times import viewer_zone

DOMAIN = "web"
PAGES = "commons.pages"  # app.extensions key: the blueprints whose requests are pages
SWITCH = "lang"  # ?lang=es on any page, then remembered in a cookie of that name
REMEMBERED_DAYS = 365


def catalogues(folder: Path = LOCALE, domain: str = DOMAIN) -> dict[tuple[str, str], Translations]:
    """Compile each language's `domain`.po into translations, keyed as Flask-Babel caches them."""
    compiled = {(ENGLISH, domain): Translations(domain=domain)}  # English is the code's own
    for language in LANGUAGES:
        path = catalogue_path(language, domain, folder)
        if language == ENGLISH or not path.exists():
            continue
        with path.open("rb") as po:
            catalogue = read_po(po, locale=language, domain=domain)
        mo = io.BytesIO()
        write_mo(mo, catalogue)  # fuzzy entries are left out: their English is shown
        mo.seek(0)
        compiled[language, domain] = Translations(mo, domain=domain)
    return compiled


class Catalogues(Domain):
    """The web domain, its translations compiled once when the app is built."""

    def __init__(self) -> None:
        super().__init__(translation_directories=[str(LOCALE)], domain=DOMAIN)
        self.compiled = catalogues()

    def get_translations_cache(self, ctx):
        """Serve the compiled translations (Flask-Babel's own hook for its cache)."""
        return self.compiled


class PageBabel(Babel):
    """Flask-Babel reading the catalogues compiled at start."""

    def __init__(self, app: Flask) -> None:
        super().__init__()
        self.domain_instance = Catalogues()  # what every gettext of a request reads
        self.init_app(app, locale_selector=page_language, timezone_selector=viewer_zone)


def asked() -> str | None:
    """Return the language this request or this browser picked with ?lang=, if Commons has it."""
    for picked in (request.args.get(SWITCH), request.cookies.get(SWITCH)):
        if picked in LANGUAGES:
            return picked
    return None


def page_language() -> str:
    """Return the language of this request's page.

    A language picked on this browser first, then the logged-in member's (a member who never
    chose one has None: their browser speaks for them), then the browser's best match.
    """
    member = g.get("member")
    own = member.language if member is not None and member.language in LANGUAGES else None
    return (asked() or own
            or request.accept_languages.best_match(LANGUAGES, default=ENGLISH) or ENGLISH)


def speak() -> None:
    """Read the reply templates a page shows itself in the page's language.

    Only on the dashboard's pages: a webhook's texts are composed for their members.
    """
    if request.blueprint not in current_app.extensions[PAGES]:
        return
    g.speaking = speaking(page_language())
    g.speaking.__enter__()


def stop_speaking(_exc: BaseException | None) -> None:
    """Leave the page's language: the next request on this thread starts afresh."""
    if "speaking" in g:
        g.pop("speaking").__exit__(None, None, None)


def remember(response: Response) -> Response:
    """Keep a language picked with ?lang=; say that pages differ by language and cookie."""
    picked = request.args.get(SWITCH)
    if picked in LANGUAGES and request.cookies.get(SWITCH) != picked:
        response.set_cookie(SWITCH, picked, max_age=REMEMBERED_DAYS * 24 * 3600,
                            samesite="Lax", httponly=True)
    response.vary.update(("Accept-Language", "Cookie"))
    return response


def init_app(app: Flask, pages: Collection[str]) -> None:
    """Serve every page of the `pages` blueprints in its viewer's language."""
    app.extensions[PAGES] = frozenset(pages)
    app.config.update(BABEL_TRANSLATION_DIRECTORIES=str(LOCALE), BABEL_DOMAIN=DOMAIN,
                      BABEL_DEFAULT_LOCALE=ENGLISH)
    PageBabel(app)
    app.before_request(speak)  # after auth's load_member: the member's language is known
    app.teardown_request(stop_speaking)
    app.after_request(remember)
    app.jinja_env.globals.update(languages=LANGUAGES)
