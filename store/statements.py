"""Statements every text runs, written by peewee once and then kept as SQL.

Writing a query is most of what a small statement costs: on our 2-core machine peewee takes
about 250 us to turn `Group.select().where(Group.handle == h)` into SQL, and SQLite about
12 us to run it. A webhook runs a dozen such statements. So the few that every text runs are
Statements: peewee writes each once per kind of database, with a slot where each value goes,
and from then on running one only fills in its values.

    BY_HANDLE = Statement(lambda: Group.select().where(Group.handle == slot("handle")))
    group = BY_HANDLE.first(Group, handle="team")

Values are passed as the database takes them (ids rather than model instances). A default
that peewee computes when it writes an INSERT (a timestamp, a token) would be written once and
kept for every row, so an insert must give a slot to each such field; Statement refuses it
otherwise. The same holds for any value worked out inside `build` (`utcnow()` in an ON CONFLICT
update, say), which nothing can catch: every value that changes from run to run is a slot.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from peewee import Model, ModelInsert, Query, Value

from store.db import db


class Slot:
    """The place of a named value in a Statement's SQL."""

    __slots__ = ("name",)

    def __init__(self, name: str) -> None:
        self.name = name


def slot(name: str) -> Value:
    """Mark where the value called `name` goes; peewee passes it through unconverted."""
    return Value(Slot(name), converter=False, unpack=False)


class Statement:
    """A query peewee writes once per database kind; running it fills in the slots."""

    def __init__(self, build: Callable[[], Query]) -> None:
        self.build = build
        self.written: dict[type, tuple[str, list]] = {}

    def sql(self, **values: Any) -> tuple[str, list]:
        """Return the SQL and its parameters with `values` in their slots."""
        kind = type(db.obj)
        if kind not in self.written:
            self.written[kind] = write(self.build())
        sql, params = self.written[kind]
        return sql, [values[p.name] if isinstance(p, Slot) else p for p in params]

    def execute(self, **values: Any):
        """Run the statement; return the cursor."""
        return db.execute_sql(*self.sql(**values))

    def rows(self, model: type[Model], **values: Any) -> list:
        """Run the statement; return its rows as `model` instances."""
        sql, params = self.sql(**values)
        return list(model.raw(sql, *params))

    def first(self, model: type[Model], **values: Any):
        """Run the statement; return its first row as a `model` instance, or None."""
        return next(iter(self.rows(model, **values)), None)

    def row(self, **values: Any) -> tuple | None:
        """Run the statement; return its first row as a tuple, or None."""
        return self.execute(**values).fetchone()


def write(query: Query) -> tuple[str, list]:
    """Have peewee write `query`, refusing an insert that would freeze a computed default."""
    if isinstance(query, ModelInsert):  # a Table.insert has no model, nor defaults
        given = {getattr(f, "name", f) for f in getattr(query, "_insert", {}) or {}}
        frozen = [field.name for field, default in query.model._meta.defaults.items()
                  if callable(default) and field.name not in given]
        if frozen:
            raise TypeError(f"give a slot to {', '.join(frozen)}: its default would be kept")
    return query.sql()
