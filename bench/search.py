"""Search: `find` over many stored messages beside a LIKE scan, and what indexing costs a post.

Run: python -m bench.search [--messages N] [--postgres URL] [--webhooks N]. The messages
(1,000,000 by default) are written in bulk with indexing off and indexed in one statement, as
migration 007 does; readers in 3 of 1,000 groups, following 5 people and 2 #tags, then search
for common, middling and rare words, two words, a phrase, within one @group and with a #tag,
and for a word nobody wrote, through `store.search.find` as `find` does. The same questions are
asked with a LIKE scan of the same rows under the same reading rule. Figures per database:
search_p50_ms, search_p99_ms (target < 50), like_p50_ms, like_p99_ms, search_speedup.

Then indexing's share of a post's webhook (SQLite): signed webhooks as in bench/inbound.py,
batches taken in turn with the index trigger on and off, beside a bare Flask route. Figures:
inbound_ratio_indexed, inbound_ratio_unindexed, index_webhook_cost (webhook time with the index
over without, minus one: on a busy machine this swings by more than the cost itself), and,
steadier, index_insert_us (what the trigger adds to keeping one post, timed in turns in one
process) and index_share_of_webhook (that over one webhook's time at full load, the inverse
of the unindexed rate; target <= 0.10).
`--messages 0` skips the search figures.
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
import statistics
import time
from datetime import datetime, timedelta
from pathlib import Path
from tempfile import mkdtemp

from peewee import fn

from bench.deployment import Deployment, gunicorn, percentile_ms, report, stop
from bench.inbound import load
from loopback.crowds import crowd
from loopback.services import PostgresDatabase, free_port
from parsers.search import search_terms
from store import search
from store.cooperation import Follow, MessageTag
from store.db import db, is_sqlite, open_database, tuples
from store.models import Group, Member, Membership, Message, utcnow
from store.schema import migrate

MESSAGES = 1_000_000
MEMBERS = 5_000
GROUPS = 1_000  # every fourth one private
GROUPS_EACH = 3
VOCABULARY = 5_000  # words, used with Zipf's law as people do
TAGS = 50
BATCH = 5_000  # rows per INSERT
READERS = 20
ROUNDS = 3  # of every question by every reader, through the index
LIKE_QUESTIONS = 48  # a LIKE scan is slow: six readers' questions, once, are enough to see it
WEBHOOKS = 600  # per batch, each batch taken with the index on and then off
WEBHOOK_ROUNDS = 4


def vocabulary(rng: random.Random) -> list[str]:
    """Make VOCABULARY distinct pronounceable words, the most used first."""
    syllables = [c + v for c in "bdfgklmnprstvz" for v in "aeiou"]
    words: dict[str, None] = {}
    while len(words) < VOCABULARY:
        words["".join(rng.choices(syllables, k=rng.randint(2, 3)))] = None
    return list(words)


def generate(count: int, rng: random.Random) -> tuple[list[Member], list[str], dict, list[str]]:
    """Write members, groups, memberships and `count` messages in bulk.

    Return the readers, the words (most used first), each member's groups and the #tags.
    """
    words = vocabulary(rng)
    weights = [1 / rank for rank in range(1, len(words) + 1)]
    tags = [f"tag{n}" for n in range(TAGS)]
    search.indexing(False)
    with db.atomic():
        Member.insert_many([(f"+1555{n:07d}", f"m{n}") for n in range(MEMBERS)],
                           fields=[Member.phone, Member.handle]).execute()
        first = Member.select(fn.MIN(Member.id)).scalar()
        members = list(range(first, first + MEMBERS))
        Group.insert_many([(f"g{n}", rng.choice(members), n % 4 == 0) for n in range(GROUPS)],
                          fields=[Group.handle, Group.owner, Group.private]).execute()
        start = Group.select(fn.MIN(Group.id)).scalar()
        groups = list(range(start, start + GROUPS))
        joined = {m: rng.sample(groups, GROUPS_EACH) for m in members}
        Membership.insert_many([(m, g) for m, gs in joined.items() for g in gs],
                               fields=[Membership.member, Membership.group]).execute()
    oldest = utcnow() - timedelta(days=365)
    step = timedelta(days=365) / count
    for low in range(0, count, BATCH):
        rows: list[tuple[int, int | None, int | None, str, bool, datetime]] = []
        tagged = []
        for n in range(low, min(count, low + BATCH)):
            author = rng.choice(members)
            body = " ".join(rng.choices(words, cum_weights=None, weights=weights,
                                        k=rng.randint(6, 14)))
            if n % 50 == 0:
                tag = rng.choice(tags)
                body += f" #{tag}"
                tagged.append((n, tag))
            when = oldest + step * n
            if n % 10 == 0:
                rows.append((author, None, rng.choice(members), body, True, when))
            else:
                rows.append((author, rng.choice(joined[author]), None, body, True, when))
        with db.atomic():
            Message.insert_many(rows, fields=[Message.author, Message.group, Message.recipient,
                                              Message.body, Message.fanned_out,
                                              Message.created_at]).execute()
            base = Message.select(fn.MAX(Message.id)).scalar() - len(rows) + 1 - low
            if tagged:
                MessageTag.insert_many([(base + n, tag) for n, tag in tagged],
                                       fields=[MessageTag.message, MessageTag.tag]).execute()
    with db.atomic():
        search.backfill()
        search.indexing(True)
    readers = rng.sample(members, READERS)
    with db.atomic():
        for reader in readers:
            for person in rng.sample(members, 5):
                Follow.insert(follower=reader, member=person).on_conflict_ignore().execute()
            for tag in rng.sample(tags, 2):
                Follow.insert(follower=reader, tag=tag).execute()
    if not is_sqlite():
        db.execute_sql("ANALYZE")
    return [Member.get_by_id(r) for r in readers], words, joined, tags


def questions(words: list[str], joined: dict, reader: int, tags: list[str],
              rng: random.Random) -> list[search.Search]:
    """The questions one reader asks: common to rare words, a phrase, one group, a #tag."""
    latest = (Message.select(Message.body).where(Message.author == reader)
              .order_by(Message.id.desc()).scalar())
    phrase = " ".join((latest or f"{words[0]} {words[1]}").split()[:2])
    ask = lambda text, **kw: search.Search(terms=search_terms(text), **kw)  # noqa: E731
    return [
        ask(words[3]), ask(words[60]), ask(words[1500]), ask(f"{words[10]} {words[200]}"),
        ask(f'"{phrase}"'), ask(words[3], group_id=joined[reader][0]),
        ask(words[40], tags=(rng.choice(tags),)), ask("zzqqxx"),
    ]


def like_find(member_id: int, wanted: search.Search, limit: int) -> list[int]:
    """Answer a question by LIKE over message bodies, under the same reading rule."""
    query = Message.select(Message.id).where(search.readable(member_id))
    for text in (*wanted.terms.words, *wanted.terms.phrases):
        query = query.where(fn.LOWER(Message.body).contains(text))
    if wanted.group_id is not None:
        query = query.where(Message.group == wanted.group_id)
    for tag in wanted.tags:
        query = query.where(Message.id.in_(MessageTag.select(MessageTag.message)
                                           .where(MessageTag.tag == tag)))
    return [row[0] for row in tuples(query.order_by(Message.id.desc()).limit(limit))]


def timed(work, asked: list[tuple[int, search.Search]], rounds: int) -> list[float]:
    took = []
    for _ in range(rounds):
        for reader, wanted in asked:
            started = time.perf_counter()
            work(reader, wanted)
            took.append(time.perf_counter() - started)
    return took


def measure_find(database: str, count: int) -> dict:
    """Generate `count` messages on `database` and time `find` and a LIKE scan."""
    postgres = PostgresDatabase(database) if database.startswith("postgres") else None
    if postgres:
        old, postgres.name = postgres.name, "bench_" + postgres.name[-8:]
        postgres.url = postgres.url.replace(old, postgres.name)
        url = postgres.create()
    else:
        scratch = Path(mkdtemp(prefix="commons-bench-"))
        url = f"sqlite:///{scratch / 'search.db'}"
    open_database(url)
    rng = random.Random(7)
    try:
        with db.connection_context():
            migrate()
            started = time.perf_counter()
            readers, words, joined, tags = generate(count, rng)
            loaded = time.perf_counter() - started
            asked = [(r.id, q) for r in readers for q in questions(words, joined, r.id, tags, rng)]
            timed(lambda r, q: search.find(r, q, 60), asked, 1)  # warm: steady state is timed
            found = timed(lambda r, q: search.find(r, q, 60), asked, ROUNDS)
            hits = statistics.mean(len(search.find(r, q, 60)) for r, q in asked)
            scanned = timed(lambda r, q: like_find(r, q, 60), asked[:LIKE_QUESTIONS], 1)
    finally:
        db.close()
        if postgres:
            postgres.drop()
        else:
            shutil.rmtree(scratch)
    return {"messages": count, "load_s": round(loaded, 1), "questions": len(found),
            "hits_mean": round(hits, 1),
            "search_p50_ms": percentile_ms(found, 0.5), "search_p99_ms": percentile_ms(found, 0.99),
            "like_p50_ms": percentile_ms(scanned, 0.5), "like_p99_ms": percentile_ms(scanned, 0.99),
            "search_speedup": round(statistics.mean(scanned) / statistics.mean(found), 1),
            "search_ok": percentile_ms(found, 0.99) < 50, "like_questions": len(scanned)}


def measure_webhooks(webhooks: int) -> dict:
    """Time posts' webhooks with the index trigger on and off, in turns, beside a bare route."""
    groups = 100
    with Deployment(workers=0) as deployment:
        authors = []
        for n in range(groups):
            members = crowd(4, handle=f"g{n}", owner=f"+1415700{n:04d}",
                            first=4_000_000 + 4 * n, owner_handle=f"owner{n}")
            authors += [(f"g{n}", number) for number in members]
        phones = deployment.phones

        def batch(start: int) -> list[tuple[dict, dict]]:
            signed = []
            for n in range(start, start + webhooks):
                group, number = authors[n % len(authors)]
                params = phones.webhook_params(number, f"@{group} note {n} about the budget")
                signed.append((params, {"X-Twilio-Signature": phones.sign("/sms/twilio",
                                                                         params)}))
            return signed

        url = phones.url + "/sms/twilio"
        load(url, batch(0)[:50])  # warm up
        rates: dict[bool, list[float]] = {True: [], False: []}
        for turn in range(WEBHOOK_ROUNDS):  # on first, then off first: neither gains by going last
            for on in (True, False) if turn % 2 == 0 else (False, True):
                with db.connection_context():
                    search.indexing(on)
                rate, _ = load(url, batch((2 * turn + on + 1) * webhooks))
                rates[on].append(rate)
                deployment.forget_posts()
        with db.connection_context():
            extra = insert_cost(authors[0][0])
        port = free_port()
        bare = gunicorn("bench.bare_app:create_app()", port, {}, deployment.dir / "bare.log")
        try:
            bare_url = f"http://127.0.0.1:{port}/sms/twilio"
            load(bare_url, batch(0)[:50])
            bare_rate, _ = load(bare_url, batch(0))
        finally:
            stop(bare)
    indexed, unindexed = statistics.median(rates[True]), statistics.median(rates[False])
    webhook = 1 / unindexed  # a webhook's time on the web tier, as its throughput shows it
    return {"inbound_ratio_indexed": round(indexed / bare_rate, 3),
            "inbound_ratio_unindexed": round(unindexed / bare_rate, 3),
            "index_webhook_cost": round(unindexed / indexed - 1, 3),
            "index_insert_us": round(extra * 1e6, 1),
            "index_share_of_webhook": round(extra / webhook, 4),
            "index_ok": extra / webhook <= 0.10}


def insert_cost(handle: str, count: int = 2_000, chunk: int = 200) -> float:
    """Return the seconds indexing adds to keeping one post, each in its own transaction.

    Chunks with the trigger on and off take turns, so the machine's noise falls on both alike.
    """
    group = Group.get(Group.handle == handle)
    took = {True: 0.0, False: 0.0}
    for n in range(count // chunk):
        on = n % 2 == 0
        search.indexing(on)
        started = time.perf_counter()
        for i in range(chunk):
            with db.atomic():
                Message.create(author=group.owner_id, group=group.id, fanned_out=True,
                               body=f"note {n} {i} about the budget and the keys under the mat")
        took[on] += time.perf_counter() - started
    search.indexing(True)
    search.backfill()  # what was kept with the trigger off
    return (took[True] - took[False]) / (count / 2)


def main() -> dict:
    """Print the search table for SQLite (and PostgreSQL), then one JSON line."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--messages", type=int, default=MESSAGES, help="messages stored")
    parser.add_argument("--webhooks", type=int, default=WEBHOOKS, help="webhooks per batch")
    parser.add_argument("--postgres", default="", help="postgresql://user@host:port/db")
    args, _ = parser.parse_known_args()
    figures: dict = {}
    if args.messages:
        results = {"sqlite": measure_find("sqlite", args.messages)}
        if args.postgres:
            results["postgresql"] = measure_find(args.postgres, args.messages)
        print(f"{'search figure':<28}" + "".join(f"{name:>14}" for name in results))
        for name in results["sqlite"]:
            print(f"{name:<28}" + "".join(f"{str(r[name]):>14}" for r in results.values()))
        figures.update(results["sqlite"])
        for name, found in results.items():
            if name != "sqlite":
                figures.update({f"{key}_{name}": value for key, value in found.items()})
    if args.webhooks:
        figures.update(report(measure_webhooks(args.webhooks)))
    print(json.dumps(figures))
    return figures


if __name__ == "__main__":
    main()
