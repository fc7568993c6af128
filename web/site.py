"""Wire the dashboard into the app: blueprints, cookies, template helpers and headers."""

from __future__ import annotations

from datetime import timedelta

from flask import Blueprint, Flask, render_template, request
from flask_babel import get_locale, lazy_gettext
from werkzeug.exceptions import HTTPException

from handlers.login_codes import CODE_DIGITS
from handlers.repeats import show_rule
from parsers.intake import MAX_BODY
from web import auth, fallback, language, ops, pages, places, simulator
from web.privacy import mask_for_viewer, shown_name
from web.security import csrf_token, secure_headers
from web.times import iso, local
from workers import runtime

SESSION_DAYS = 30
DASHBOARD = ("auth", "pages", "places", "fallback", "simulator", "ops")
# What an error page says when the view gave no reason of its own.
ERRORS = {
    400: lazy_gettext("The request could not be understood."),
    403: lazy_gettext("You may not see this page."),
    404: lazy_gettext("There is no page at this address."),
    405: lazy_gettext("This page cannot be used that way."),
    429: lazy_gettext("Too many requests. Wait a little and try again."),
    500: lazy_gettext("Something went wrong on our side. Try again in a moment."),
}
# The dashboard's templates, for every view of the app.
templates = Blueprint("web", __name__, template_folder="templates")


def init_app(app: Flask) -> None:
    """Register the dashboard's blueprints and everything they share."""
    settings = runtime.of(app).settings
    app.config.update(
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        SESSION_COOKIE_SECURE=settings.PUBLIC_URL.startswith("https://"),
        PERMANENT_SESSION_LIFETIME=timedelta(days=SESSION_DAYS),
    )
    app.static_folder = "../web/static"  # the app's /static route serves the dashboard's files
    for blueprint in (templates, auth.bp, pages.bp, places.bp, fallback.bp, simulator.bp):
        app.register_blueprint(blueprint)
    ops.init_app(app)
    app.jinja_env.filters.update(mask=mask_for_viewer, local=local, iso=iso, every=show_rule)
    language.init_app(app, DASHBOARD)
    app.jinja_env.globals.update(csrf_token=csrf_token, shown_name=shown_name,
                                 get_locale=get_locale,
                                 console=settings.channel == "console",
                                 code_digits=CODE_DIGITS, max_body=MAX_BODY,
                                 max_query=pages.MAX_QUERY)
    app.after_request(secure_headers)
    for code in (400, 403, 404, 405, 429, 500):
        app.register_error_handler(code, error_page)


def error_page(error: HTTPException):
    """Render an HTTP error as a page of the site; webhooks keep their plain answers."""
    if request.blueprint not in DASHBOARD and request.blueprint is not None:
        return error
    text = error.description
    if text == type(error).description:  # werkzeug's own English: say it in the page's words
        text = ERRORS.get(error.code or 500, ERRORS[500])
    return render_template("error.html", code=error.code, text=text), error.code
