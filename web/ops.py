"""/ops for operators: queues, worker processes, deliveries, failures; RQ's dashboard at /ops/rq.

Guarded by OPS_TOKEN, given as the password of HTTP Basic auth (any user name) or as a Bearer
token. With OPS_TOKEN empty, /ops and /ops/rq do not exist.
"""

from __future__ import annotations

import hmac
from datetime import timedelta
from urllib.parse import urlsplit

import rq_dashboard
from flask import Blueprint, Flask, Response, abort, current_app, render_template, request
from flask_babel import gettext
from peewee import fn
from redis.exceptions import RedisError
from rq import Worker
from rq.registry import FailedJobRegistry, ScheduledJobRegistry, StartedJobRegistry
from rq_dashboard.web import setup_rq_connection

from handlers import pauses
from store.carrier import YES_OPT_IN, DeliveryFailure, OpsAlert
from store.models import Inbound, Member, Outbox, utcnow
from web import metrics
from workers import runtime
from workers.queues import QUEUE_NAMES

bp = Blueprint("ops", __name__)

RECENT = 20  # errors and failed jobs listed
SAFE_METHODS = ("GET", "HEAD", "OPTIONS")
# RQ's dashboard requeues every failed job on a plain GET of this endpoint.
CHANGES_ON_GET = ("rq_dashboard.requeue_all",)


def token_given() -> str:
    """Return the token the request carries, as a Basic password or a Bearer token."""
    if request.authorization is None:
        return ""
    if request.authorization.type == "bearer":
        return request.authorization.token or ""
    return request.authorization.password or ""


def guard() -> Response | None:
    """Refuse /ops and /metrics without the right token; hide them when no token is set."""
    if not (request.path in ("/ops", "/metrics") or request.path.startswith("/ops/")):
        return None
    token = runtime.of(current_app).settings.OPS_TOKEN
    if not token:
        abort(404)
    if not hmac.compare_digest(token_given().encode(), token.encode()):
        return Response(gettext("The ops token is needed."), 401,
                        {"WWW-Authenticate": 'Basic realm="Commons ops"'})
    if from_elsewhere():
        abort(403, gettext("Ops actions are taken from the ops pages themselves."))
    return None


def from_elsewhere() -> bool:
    """Tell whether a request that changes something came from another site's page.

    A browser resends Basic credentials on its own, so another page could post to RQ's
    dashboard (empty a queue, delete jobs) with the operator's login; a Bearer token is sent
    only on purpose.
    """
    changes = request.method not in SAFE_METHODS or request.endpoint in CHANGES_ON_GET
    if not changes or getattr(request.authorization, "type", None) == "bearer":
        return False
    source = request.headers.get("Origin") or request.headers.get("Referer") or ""
    return urlsplit(source).netloc != request.host


def queues() -> list[dict]:
    """Return each RQ queue's waiting, running, scheduled and failed job counts."""
    serving = runtime.of(current_app)
    rows = []
    for name in QUEUE_NAMES:
        q = serving.queue(name)
        rows.append({"name": name, "waiting": q.count,
                     "running": StartedJobRegistry(queue=q).count,
                     "scheduled": ScheduledJobRegistry(queue=q).count,
                     "failed": FailedJobRegistry(queue=q).count})
    return rows


def workers() -> list[dict]:
    """Return each running worker process: its name (process, host, pid), state and jobs done."""
    found = Worker.all(connection=runtime.of(current_app).redis())
    return sorted(({"name": w.name, "state": w.get_state(), "pid": w.pid,
                    "done": w.successful_job_count, "failed": w.failed_job_count}
                   for w in found), key=lambda w: w["name"])


def failed_jobs() -> list[dict]:
    """Return the latest failed jobs with the last line of their error."""
    serving = runtime.of(current_app)
    found = []
    for name in QUEUE_NAMES:
        q = serving.queue(name)
        for job in q.failed_job_registry.get_job_ids()[-RECENT:]:
            fetched = q.fetch_job(job)
            result = fetched.latest_result() if fetched else None
            error = (result.exc_string if result else "") or ""
            found.append({"queue": name, "id": job, "func": fetched.func_name if fetched else "",
                          "error": error.strip().splitlines()[-1] if error.strip() else ""})
    return found[-RECENT:]


def delivery_counts() -> dict[str, dict[str, int]]:
    """Count outbox rows by status, written in the last hour and the last day."""
    now = utcnow()
    counts: dict[str, dict[str, int]] = {}
    for label, since in (("hour", now - timedelta(hours=1)), ("day", now - timedelta(days=1))):
        rows = (Outbox.select(Outbox.status, fn.COUNT(Outbox.id).alias("n"))
                .where(Outbox.created_at >= since).group_by(Outbox.status))
        counts[label] = {row.status: row.n for row in rows}  # type: ignore[attr-defined]  # alias
    return counts


@bp.get("/ops")
def ops():
    """Show queue depths, delivery counts, failed jobs and recent errors."""
    try:
        depths, failed, redis_error = queues(), failed_jobs(), ""
        running = workers()
    except RedisError as error:
        depths, failed, running, redis_error = [], [], [], str(error)[:200]
    errors = (Outbox.select().where(Outbox.error.is_null(False))
              .order_by(Outbox.updated_at.desc()).limit(RECENT))
    broken = (Inbound.select().where(Inbound.status == "failed")
              .order_by(Inbound.id.desc()).limit(RECENT))
    counts = delivery_counts()
    statuses = sorted(set(counts["hour"]) | set(counts["day"]))
    return render_template("ops.html", queues=depths, failed=failed, redis_error=redis_error,
                           workers=running,
                           counts=counts, statuses=statuses, errors=list(errors),
                           broken=list(broken), **carriers())


def carriers() -> dict:
    """Return what carriers said lately: paused senders, misread opt-ins, failures by code."""
    now = utcnow()
    failures = (DeliveryFailure.select(DeliveryFailure.code, fn.COUNT(DeliveryFailure.id))
                .where(DeliveryFailure.at >= now - timedelta(days=1))
                .group_by(DeliveryFailure.code).order_by(fn.COUNT(DeliveryFailure.id).desc())
                .tuples())
    misread = (OpsAlert.select().where(OpsAlert.kind == YES_OPT_IN,
                                       OpsAlert.created_at >= now - timedelta(days=30))
               .order_by(OpsAlert.id.desc()).limit(RECENT))
    unreachable = Member.select().where(
        Member.unreachable_at.is_null(False) | Member.phone_invalid).count()
    return {"paused": pauses.active(now), "misread": list(misread), "failures": list(failures),
            "unreachable": unreachable}


def init_app(app: Flask) -> None:
    """Register /ops, /metrics and RQ's dashboard under /ops/rq, all behind the token."""
    app.before_request(guard)
    app.register_blueprint(bp)
    app.register_blueprint(metrics.bp)
    app.config["RQ_DASHBOARD_REDIS_URL"] = runtime.of(app).settings.REDIS_URL
    with app.app_context():
        setup_rq_connection(app)
    app.register_blueprint(rq_dashboard.blueprint, url_prefix="/ops/rq")
