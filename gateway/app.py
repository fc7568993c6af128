"""The app factory: settings, database, blueprints. Nothing is built at import time."""

from __future__ import annotations

import logging

from flask import Flask, request
from peewee import InterfaceError, OperationalError
from werkzeug.datastructures import ImmutableMultiDict

from handlers.rotation import announce_rotation
from parsers.intake import strip_controls
from store.db import db, open_database
from store.embedded_redis import ensure_redis
from store.schema import migrate
from store.secret import require_key
from store.settings import Settings
from workers import runtime
from workers.enqueue import enqueue_bulk
from workers.runtime import Runtime

log = logging.getLogger(__name__)


def create_app(settings: Settings | None = None) -> Flask:
    """Build the web app for `settings` (default: from the environment)."""
    settings = settings or Settings.from_env()
    require_key(settings)  # before anything is opened: a forgeable key serves nobody
    settings = ensure_redis(settings)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(message)s")
    if settings.channel == "twilio" and not settings.PUBLIC_URL:
        log.warning("PUBLIC_URL is unset: Twilio will send no status callbacks, so deliveries "
                    "stay 'sent' and carrier opt-outs (21610) reported later are missed")
    app = Flask(__name__)
    app.config.update(SECRET_KEY=settings.SECRET_KEY)
    # Every view reaches the settings, and the clients made from them, as runtime.of(app).
    app.extensions[runtime.APP_KEY] = serving = Runtime(settings)
    open_database(settings.DATABASE_URL)
    with db.connection_context():
        migrate()
        told = announce_rotation(settings)  # the first start with a rotated key
    if told:
        log.info("SECRET_KEY was rotated: %d texts and mails tell the members", len(told))
        enqueue_bulk(serving.redis(), told, settings.retry_seconds)

    @app.before_request
    def _connect() -> None:
        try:
            db.connect(reuse_if_open=True)
        except (OperationalError, InterfaceError) as error:
            # Each view meets the error on its first query; the Twilio webhook spools the text.
            log.warning("database unavailable: %s", error)

    @app.url_value_preprocessor
    def _clean_path(_endpoint: str | None, values: dict | None) -> None:
        # A NUL in a path (/@te%00am) would reach the database in a look-up, and fail there.
        if values is None:
            return
        for key, value in values.items():
            if isinstance(value, str):
                values[key] = strip_controls(value)

    @app.before_request
    def _clean_query() -> None:
        pairs = request.args.items(multi=True)
        request.args = ImmutableMultiDict([(strip_controls(k), strip_controls(v))
                                           for k, v in pairs])

    @app.teardown_request
    def _close(_exc: BaseException | None) -> None:
        if not db.is_closed():
            db.close()

    from gateway import health, twilio_webhooks
    from gateway.mail_in import mailgun
    from web import site

    app.register_blueprint(twilio_webhooks.bp)
    app.register_blueprint(mailgun.bp)
    app.register_blueprint(health.bp)
    site.init_app(app)
    return app
