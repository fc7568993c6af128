"""GET /healthz: 200 when the database and Redis both answer, 503 otherwise."""

from __future__ import annotations

from flask import Blueprint, current_app, jsonify
from redis.exceptions import RedisError

from store.db import db
from workers import runtime

bp = Blueprint("health", __name__)


@bp.get("/healthz")
def healthz():
    """Report whether the database and Redis answer."""
    checks = {"database": "ok", "redis": "ok"}
    try:
        db.execute_sql("SELECT 1")
    except Exception as error:  # any failure means unhealthy
        checks["database"] = f"error: {error}"[:200]
    try:
        runtime.of(current_app).redis().ping()
    except (RedisError, OSError) as error:
        checks["redis"] = f"error: {error}"[:200]
    healthy = all(value == "ok" for value in checks.values())
    return jsonify(status="ok" if healthy else "unavailable", **checks), 200 if healthy else 503
