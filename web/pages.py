"""Home, my page (activity, search, the text box), the board and tag pages."""

from __future__ import annotations

import re

from flask import Blueprint, abort, g, render_template, request, session
from flask_babel import gettext

from handlers.lookup import my_groups
from handlers.reminders import pending_of
from handlers.sizes import SAY as SIZES
from web import queries, reads
from web.auth import login_required
from web.feeds import atom

bp = Blueprint("pages", __name__)

BOX = "box"  # the session key holding the id of the last text from the /me box
BOX_CUT = "box_cut"  # and whether that text was cut to its first MAX_BODY characters
MAX_QUERY = 100  # characters of a search from the /me box
TAG_SHAPE = re.compile(r"[a-z][a-z0-9_-]{0,39}")  # as parsers/handles.py reads a #tag


def before() -> int | None:
    """Read the ?before=<id> of a paged list."""
    return queries.number("before")


@bp.get("/")
def home():
    """Show my groups and activity when logged in; otherwise what Commons is, and its groups."""
    if g.member is not None:
        return me_page()
    return render_template("home.html", groups=reads.public_groups())


@bp.get("/me")
@login_required
def me():
    """Show my groups, my recent activity, a search of my history and the text box.

    Just after a text from the box, say what it did (shown once: the session forgets it).
    """
    if BOX in session:
        inbound_id, cut = session.pop(BOX), session.pop(BOX_CUT, False)
        outcome = reads.text_outcome(g.member, inbound_id) if inbound_id else None
        if outcome is None:
            return me_page([gettext("That text was already taken: nothing more was sent.")])
        return me_page([*outcome.said, SIZES["cut"]] if cut else outcome.said, outcome.sent)
    return me_page()


def me_page(replies: list[str] | None = None, sent: str = "", status: int = 200):
    """Render the logged-in member's page, with the replies to a text from the box if any."""
    words = request.args.get("q", "").strip()[:MAX_QUERY]
    page = reads.search(g.member, words, before()) if words else reads.activity(g.member, before())
    return render_template("me.html", groups=my_groups(g.member), page=page, q=words,
                           replies=replies, sent=sent,
                           reminders=list(pending_of(g.member))), status


@bp.get("/board")
def board():
    """Show the open needs and offers."""
    return render_template("board.html", **board_pages())


@bp.get("/tags/<tag>")
def tag(tag: str):
    """Show public posts, needs and offers tagged #tag."""
    tag = known_tag(tag)
    return render_template("tag.html", tag=tag, page=reads.tag_posts(tag, before()),
                           **board_pages(tag))


def board_pages(tag: str | None = None) -> dict[str, reads.Page]:
    """Return this request's page of needs and of offers, each paged on its own."""
    return {"needs": reads.board("need", tag, queries.number("needs_before")),
            "offers": reads.board("offer", tag, queries.number("offers_before"))}


def known_tag(tag: str) -> str:
    """Return `tag` lower-cased, or 404 when it cannot be a tag."""
    tag = tag.lower()
    if not TAG_SHAPE.fullmatch(tag):
        abort(404)
    return tag


@bp.get("/tags/<tag>/feed.atom")
def tag_feed(tag: str):
    """Serve public posts tagged #tag as an Atom feed."""
    tag = known_tag(tag)
    return atom(f"#{tag}", gettext("Public posts tagged #%(tag)s", tag=tag), f"/tags/{tag}",
                reads.tag_posts(tag, size=50).items)
