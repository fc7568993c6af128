"""Atom feeds (RFC 4287) of public groups and tags, rendered from a template."""

from __future__ import annotations

from flask import Response, current_app, render_template, request

from store.models import Message, utcnow
from workers import runtime


def atom(title: str, subtitle: str, path: str, entries: list[Message]) -> Response:
    """Render an Atom feed of `entries` for the page at `path`."""
    base = (runtime.of(current_app).settings.PUBLIC_URL or request.url_root).rstrip("/")
    updated = entries[0].created_at if entries else utcnow()
    body = render_template("feed.xml", title=title, subtitle=subtitle, base=base, path=path,
                           entries=entries, updated=updated, self_url=base + request.path)
    return Response(body, mimetype="application/atom+xml")
