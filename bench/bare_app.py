"""The baseline for the inbound benchmark: a bare Flask route on the same gunicorn settings."""

from __future__ import annotations

from flask import Flask, Response

EMPTY_TWIML = '<?xml version="1.0" encoding="UTF-8"?><Response />'


def create_app() -> Flask:
    """Build an app that answers the webhook's path with empty TwiML and does nothing else."""
    app = Flask(__name__)

    @app.post("/sms/twilio")
    def inbound() -> Response:
        return Response(EMPTY_TWIML, mimetype="text/xml")

    @app.get("/healthz")
    def healthz() -> str:
        return "ok"

    return app
