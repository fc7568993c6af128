"""How well time texts are read: ours (parsers.times.read) beside the libraries people use.

Run: python -m bench.times [corpus.jsonl ...] (default: our own corpus, tests/time_corpus.jsonl,
then every file in bench/corpora/). A corpus is JSON lines, one expression a line:

    {"text": "tomorrow at 5pm", "now": "2013-02-12T04:30:00-02:00", "zone": "Etc/GMT+2",
     "expected": "2013-02-13T17:00:00", "grain": "hour"}

`now` is the moment of reading (ISO, with its offset), `zone` an IANA zone, `expected` the
moment meant as a wall-clock time in that zone, `grain` how finely it is meant: second, minute,
hour, day, week, month, quarter or year. `expected` null means "not a time": reading it is
wrong, refusing it is right.

For each reader it prints three shares: read to the grain (the moment, cut to the expected
grain, is the one meant, and at least that finely), read wrong (a different moment, said
without a word), refused (nothing, or not as finely as meant). Libraries not installed are
skipped: pip install -r bench/requirements-times.txt.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from parsers.times import read
from parsers.times.lexicon import GRAINS, truncate

ROOT = Path(__file__).resolve().parent.parent
OURS = ROOT / "tests" / "time_corpus.jsonl"
CORPORA = ROOT / "bench" / "corpora"
RIGHT, WRONG, REFUSED = "right", "wrong", "refused"
Reader = Callable[[str, datetime], "tuple[datetime, str] | None"]


def load(path: Path) -> list[dict]:
    """Read a corpus file: one JSON object a line; blank lines and # comments are skipped."""
    rows = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.lstrip().startswith("#"):
            rows.append(json.loads(line))
    return rows


def reference(row: dict) -> datetime:
    """Return the row's `now` as an aware time in its zone."""
    return datetime.fromisoformat(row["now"]).astimezone(ZoneInfo(row["zone"]))


def judge(row: dict, found: tuple[datetime, str] | None) -> str:
    """Return right, wrong or refused for one reading of one row."""
    if row.get("expected") is None:
        return RIGHT if found is None else WRONG
    if found is None:
        return REFUSED
    moment, grain = found
    want = row["grain"]
    zone = ZoneInfo(row["zone"])
    local = moment.astimezone(zone)
    meant = datetime.fromisoformat(row["expected"]).replace(tzinfo=zone)
    coarser = want if GRAINS.index(grain) <= GRAINS.index(want) else grain
    if truncate(local, coarser) != truncate(meant, coarser):
        return WRONG  # even as finely as both were said, another moment
    return RIGHT if coarser == want else REFUSED  # or right, but not as finely as meant


def ours(text: str, now: datetime) -> tuple[datetime, str] | None:
    """Read with parsers.times."""
    found = read(text, now)
    return None if found is None else (found.moment, found.grain)


def score(rows: list[dict], reader: Reader) -> tuple[dict[str, float], list[tuple[str, dict]]]:
    """Return each outcome's share of `rows`, and the rows not read right with their outcome."""
    counts = {RIGHT: 0, WRONG: 0, REFUSED: 0}
    misses = []
    for row in rows:
        try:
            found = reader(row["text"], reference(row))
        except Exception:  # a library that raises has refused
            found = None
        outcome = judge(row, found)
        counts[outcome] += 1
        if outcome != RIGHT:
            misses.append((outcome, row | {"read": None if found is None else
                                           [found[0].isoformat(), found[1]]}))
    return {k: v / max(len(rows), 1) for k, v in counts.items()}, misses


def readers() -> dict[str, Reader | str]:
    """Return our reader and each library's, or why a library is missing."""
    from bench import time_libraries

    return {"parsers.times": ours, **time_libraries.READERS}


def main(paths: list[str] | None = None) -> dict:
    """Print the three shares for each reader on each corpus; return them as figures."""
    files = [Path(p) for p in paths] if paths else [OURS, *sorted(CORPORA.glob("*.jsonl"))]
    figures = {}
    for path in files:
        rows = load(path)
        print(f"\n{path.name}: {len(rows)} expressions")
        print(f"{'reader':<16} {'to the grain':>12} {'wrong':>7} {'refused':>8}")
        for name, reader in readers().items():
            if isinstance(reader, str):
                print(f"{name:<16} {reader}")
                continue
            shares, _ = score(rows, reader)
            print(f"{name:<16} {shares[RIGHT]:>12.1%} {shares[WRONG]:>7.1%} "
                  f"{shares[REFUSED]:>8.1%}")
            figures[f"times_{path.stem}_{name}"] = {k: round(v, 4) for k, v in shares.items()}
    print(json.dumps(figures))
    return figures


if __name__ == "__main__":
    main(sys.argv[1:])
