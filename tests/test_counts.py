"""plural(): one point, two points, and the pages that count with it."""

from __future__ import annotations

import pytest

from parsers.counts import plural
from tests.webapp import (  # noqa: F401
    ALICE,
    BOB,
    CAROL,
    _site,
    _twilio_site_app,
    text,
)


@pytest.mark.parametrize(("count", "word", "expected"), [
    (1, "point", "1 point"), (2, "point", "2 points"), (0, "member", "0 members"),
    (-1, "point", "-1 points"), (1_024, "member", "1,024 members"),
    (1, "person", "1 person"), (3, "person", "3 people"),
])
def test_plural(count: int, word: str, expected: str) -> None:
    many = "people" if word == "person" else None
    assert plural(count, word, many) == expected


def test_pages_count_in_words(site):
    site.texts(f"""
    {ALICE} > name alice
    {ALICE} > create @team Launch crew
    {BOB} > name bob
    {BOB} > join @team
    {ALICE} > thanks @bob for the stamps
    {CAROL} > name carol
    {CAROL} > create @solo
    """)
    home = text(site.visitor().get("/"))
    assert "2 members" in home and "1 member<" in home and "1 members" not in home
    group = text(site.visitor().get("/@team"))
    assert "2 members" in group and "1 point · 100%" in group and "1 pts" not in group
