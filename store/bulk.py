"""Bulk inserts for fan-out: thousands of rows a post, without building a query per value.

peewee's insert_many turns every value into a query node and back into SQL: for a post to
5,000 members that took longer than writing the rows. Here the SQL is one template and the
values go straight to the driver, each through its field's own conversion.
"""

from __future__ import annotations

from collections.abc import Sequence

from peewee import Field

from store.db import db

CHUNK = 500  # rows a statement: well inside SQLite's 32,766 parameters


def insert_ignoring(fields: Sequence[Field], rows: Sequence[Sequence]) -> int:
    """Insert `rows` (values in `fields` order), skipping rows a unique index already holds.

    Fields left out take their model defaults, as Model.insert would give them. Only a
    conflict is skipped (ON CONFLICT DO NOTHING, SQLite 3.24+): a NOT NULL violation raises.
    Return how many rows were new.
    """
    if not rows:
        return 0
    model = fields[0].model
    given = set(fields)
    missing = [f for f in model._meta.sorted_fields
               if f not in given and f.default is not None and f is not model._meta.primary_key]
    defaults = [f.db_value(f.default() if callable(f.default) else f.default) for f in missing]
    table = model._meta.table_name.join(db.quote)
    columns = ", ".join(field.column_name.join(db.quote) for field in [*fields, *missing])
    one = "(" + ", ".join([db.param] * (len(fields) + len(missing))) + ")"
    added = 0
    for start in range(0, len(rows), CHUNK):
        chunk = rows[start : start + CHUNK]
        values = ", ".join([one] * len(chunk))
        params = []
        for row in chunk:
            params += [field.db_value(value) for field, value in zip(fields, row, strict=True)]
            params += defaults
        sql = f"INSERT INTO {table} ({columns}) VALUES {values} ON CONFLICT DO NOTHING"
        added += db.execute_sql(sql, params).rowcount
    return added
