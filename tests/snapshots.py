"""Groups formed once per test process, then put back as they were for each test that forms them.

Forming groups by text is most of an ordinary conversation test's time: every `name`, `create`
and `join` goes through the webhook, the worker and the provider. The first test to form a
set of groups from an empty deployment plays the whole transcript, checking every reply, and
the state it leaves is kept: every table's rows, the app's keys in Redis (with what is left of
their time to live) and what the provider took. A later test that forms the same groups from
an empty deployment, run the same way (settings, worker, provider set the same), gets that
state back instead, its times moved on by the time gone by since, as if it had just texted.
"""

from __future__ import annotations

import dataclasses
import json
import time
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from typing import Any

from peewee import Model
from redis import Redis

from store.db import db, is_sqlite, tuples
from workers.sweeper import SWEEPS

APP_KEYS = "commons:*"  # RQ's own keys name the worker processes of the test that formed them
OWN_KEYS = {SWEEPS.encode()}  # counted by the running worker itself: left as it counts them
NEAR = timedelta(days=1)  # a time this near the snapshot's was "now" then; others are left
BATCH = 100


@dataclasses.dataclass
class Snapshot:
    taken: float  # time.time() when taken
    rows: list[tuple[type[Model], list[tuple[Any, ...]]]]
    sequences: list[tuple[str, int, bool]]
    keys: list[tuple[bytes, int, bytes]]  # (key, milliseconds to live or -1, DUMP)
    provider: dict[str, Any]
    judged: int  # the phones' last inbound text already checked


_sequence_names: list[str] = []


def sequences(tables: Sequence[type[Model]]) -> list[str]:
    """Return the id sequences of `tables` (PostgreSQL), read once per process."""
    if not _sequence_names:
        names = [m._meta.table_name for m in tables]
        _sequence_names.extend(row[0] for row in db.execute_sql(
            "SELECT s.oid::regclass::text FROM pg_class s"
            " JOIN pg_depend d ON d.objid = s.oid AND d.deptype IN ('a', 'i')"
            " JOIN pg_class t ON t.oid = d.refobjid"
            " WHERE s.relkind = 'S' AND t.relname = ANY(%s)", (names,)))
    return _sequence_names


class Formations:
    """The groups formed so far in this process, and how to tell when a test may reuse them."""

    def __init__(self, tables: Sequence[type[Model]]) -> None:
        self.tables = tables
        self.kept: dict[tuple[str, ...], Snapshot] = {}


class Deployment:
    """One test's deployment, as its phones see it: database, Redis, provider, and how it runs."""

    def __init__(self, formations: Formations, redis_url: str, api, how: str) -> None:
        self.formations = formations
        self.redis = Redis.from_url(redis_url)
        self.api = api
        self.how = how  # the settings, and who does the worker's part

    def empty(self) -> str | None:
        """Return the key of this deployment's state if nothing was done yet, else None."""
        state = self.api.state()
        if state["record"] or state["callbacks"]:
            return None
        if any(k not in OWN_KEYS for k in self.redis.scan_iter(APP_KEYS)):
            return None
        with db.connection_context():
            if any(model.select().exists() for model in self.formations.tables):
                return None
        return self.how + json.dumps(state["settings"], sort_keys=True)

    def restore(self, key: tuple[str, ...]) -> Snapshot | None:
        """Put back the state kept under `key`; return it, or None if none is kept."""
        snapshot = self.formations.kept.get(key)
        if snapshot is None:
            return None
        moved = time.time() - snapshot.taken
        then = datetime.fromtimestamp(snapshot.taken, UTC).replace(tzinfo=None)
        with db.connection_context(), db.atomic():
            for model, rows in snapshot.rows:
                fields = model._meta.sorted_fields
                rows = [tuple(_moved(value, then, moved) for value in row) for row in rows]
                for start in range(0, len(rows), BATCH):
                    model.insert_many(rows[start:start + BATCH], fields=fields).execute()
            for name, value, called in snapshot.sequences:
                db.execute_sql("SELECT setval(%s::regclass, %s, %s)", (name, value, called))
        with self.redis.pipeline(transaction=False) as pipe:
            for key_name, ttl, dump in snapshot.keys:
                pipe.restore(key_name, max(ttl, 0), dump, replace=True)
            pipe.execute()
        provider = dict(snapshot.provider)
        provider["record"] = [{**entry, **{k: entry[k] + moved for k in ("received_at",
                                                                          "answered_at")
                                           if entry.get(k)}}
                              for entry in provider["record"]]
        self.api.restore(provider)
        return snapshot

    def keep(self, key: tuple[str, ...], judged: int) -> None:
        """Keep the deployment's state as it is now under `key`."""
        taken = time.time()
        with db.connection_context(), db.atomic():
            rows = [(model, list(tuples(model.select(*model._meta.sorted_fields)
                                        .order_by(*_key_fields(model)))))
                    for model in self.formations.tables]
            seqs = [] if is_sqlite() else [
                (name, *db.execute_sql(f"SELECT last_value, is_called FROM {name}").fetchone())
                for name in sequences(self.formations.tables)]
        keys = []
        for name in self.redis.scan_iter(APP_KEYS):
            if name in OWN_KEYS:
                continue
            dump, ttl = self.redis.dump(name), self.redis.pttl(name)
            if dump is not None and ttl != -2:
                keys.append((name, ttl, dump))
        self.formations.kept[key] = Snapshot(taken, [(m, r) for m, r in rows if r], seqs, keys,
                                             self.api.state(), judged)


def _key_fields(model: type[Model]) -> list[Any]:
    """The primary key's fields, so rows go back in the order they were written."""
    pk = model._meta.primary_key
    if pk is False:
        return []
    if hasattr(pk, "field_names"):  # a CompositeKey
        return [model._meta.fields[name] for name in pk.field_names]
    return [pk]


def _moved(value: Any, then: datetime, seconds: float) -> Any:
    """Move a time that was "now" when the snapshot was taken on by `seconds`."""
    if isinstance(value, datetime) and abs(value.replace(tzinfo=None) - then) < NEAR:
        return value + timedelta(seconds=seconds)
    return value
