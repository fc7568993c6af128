"""Reading the numbers in a page's query (?before=, ?members=): one that does not fit is ignored.

A query is anyone's to write. `?before=-1`, `?members=99999999999999999999` or `?before=x`
must show the page as if the value were absent, never an error from the database.
"""

from __future__ import annotations

from typing import overload

from flask import request

MAX_DIGITS = 9  # below 2**31: every id and page number fits an integer column


@overload
def number(name: str, default: int) -> int: ...
@overload
def number(name: str, default: None = None) -> int | None: ...
def number(name: str, default: int | None = None) -> int | None:
    """Return the query value `name` as a positive whole number, else `default`."""
    value = request.args.get(name, "").strip()
    if value.isascii() and value.isdigit() and len(value) <= MAX_DIGITS and int(value) > 0:
        return int(value)
    return default
