"""`/@name`: a group or a member (one namespace, as in texts), a group's embed and Atom feed."""

from __future__ import annotations

from flask import Blueprint, Response, abort, current_app, g, render_template, request
from flask_babel import gettext

from store import exports, ledger
from store.models import Group, Handle, Member, Membership, utcnow
from web import calendar, groups, queries, reads
from web.auth import login_required
from web.feeds import atom
from workers import runtime

bp = Blueprint("places", __name__)


def named(name: str) -> Group | Member:
    """Return the group or member called `name`, or 404."""
    name = name.lower()
    row = Handle.get_or_none(Handle.name == name)
    kind = row.kind if row else None
    found: Group | Member | None = None
    if kind in (None, "group"):
        found = Group.get_or_none(Group.handle == name)
    if found is None and kind in (None, "member"):
        found = Member.get_or_none(Member.handle == name)
    if found is None:
        abort(404)
    return found


def public_group(name: str) -> Group:
    """Return the public group called `name`; 404 for a member or a private group."""
    found = named(name)
    if not isinstance(found, Group) or found.private:
        abort(404)
    return found


@bp.get("/@<name>")
def place(name: str):
    """Show a group (feed, members, tasks, ledger) or a member (profile, karma, posts)."""
    found = named(name)
    before = queries.number("before")
    if isinstance(found, Member):
        return render_template("member.html", person=found, karma=ledger.points(found),
                               page=reads.member_posts(found, g.member, before))
    if not reads.can_read(found, g.member):
        return render_template("private.html", group=found), 403
    members = groups.members_of(found, queries.number("members", 1))
    return render_template("group.html", group=found, page=reads.group_feed(found, before),
                           members=members, manages=manages(found, g.member),
                           tasks=groups.tasks_by_status(found),
                           ledger=groups.ledger_rows(found),
                           reminders=groups.upcoming_reminders(found),
                           questions=groups.open_questions(found, utcnow()),
                           events=groups.upcoming_events(found, utcnow()))


@bp.get("/@<name>/events.ics")
def events_ics(name: str):
    """Serve a group's upcoming events as an iCalendar feed; a private one to its members."""
    found = named(name)
    if not isinstance(found, Group):
        abort(404)
    if not reads.can_read(found, g.member):
        abort(403, gettext("This group is private: log in as one of its members."))
    base = (runtime.of(current_app).settings.PUBLIC_URL or request.url_root).rstrip("/")
    body = calendar.ics(found, groups.upcoming_events(found, utcnow()), base)
    return Response(body, mimetype="text/calendar", headers={
        "Content-Disposition": f'inline; filename="{found.handle}-events.ics"'})


def manages(group: Group, viewer: Member | None) -> bool:
    """Tell whether `viewer` is the group's owner or one of its admins."""
    return viewer is not None and (group.owner_id == viewer.id or Membership.select().where(
        Membership.group == group, Membership.member == viewer,
        Membership.role.in_(["owner", "admin"])).exists())


@bp.get("/@<name>/embed")
def embed(name: str):
    """Show a public group's feed, compact, for other sites' iframes."""
    group = public_group(name)
    return render_template("embed.html", group=group,
                           page=reads.group_feed(group, queries.number("before")))


@bp.get("/@<name>/feed.atom")
def group_feed(name: str):
    """Serve a public group's posts as an Atom feed."""
    group = public_group(name)
    return atom(f"@{group.handle}", group.description, f"/@{group.handle}",
                reads.group_feed(group, size=50).items)


@bp.get("/@<name>/ledger.csv")
@login_required
def ledger_csv(name: str):
    """Serve every ledger entry of a group as CSV, to its owner and admins only."""
    group = named(name)
    if not isinstance(group, Group):
        abort(404)
    if not manages(group, g.member):
        abort(403, gettext("Only the owner and admins of a group may download its ledger."))
    body = exports.as_csv(exports.LEDGER_COLUMNS, exports.ledger_entries(group))
    return Response(body, mimetype="text/csv", headers={
        "Content-Disposition": f'attachment; filename="{group.handle}-ledger.csv"'})
