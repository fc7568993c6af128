"""The search index of messages: SQLite FTS5 or a PostgreSQL tsvector, kept by the database.

One table, `message_search`, holds each message's words (stemmed: "keys" finds "key") and its
scope: `a<author> g<group> r<recipient>`, so "what this member may read" is a lookup in the
same index as the words rather than a filter run over every match. The exact rule is still
checked on each row (`readable`): the scope only narrows, it never grants. Triggers write the
index in the statement that keeps the message, so it is in the same transaction by
construction, whoever inserts (a handler, a bulk load, a migration).
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from datetime import datetime

from peewee import JOIN, SQL, Cast, Expression, Field, ForeignKeyField, Value, fn
from playhouse.sqlite_ext import FTS5Model, SearchField

from parsers.search import Terms
from store.cooperation import Follow, MessageTag
from store.db import db, is_sqlite, tuples
from store.models import BaseModel, Group, Member, Membership, Message

TABLE = "message_search"
_TOKEN = re.compile(r"[^\W_]+")
LANGUAGE = "english"  # PostgreSQL's stemmer; SQLite's porter tokenizer stems English too


class MessageIndex(FTS5Model):
    """SQLite: a contentless FTS5 table whose rowid is the message's id."""

    body = SearchField()
    scope = SearchField()

    class Meta:
        database = db
        table_name = TABLE
        options = {"content": "", "tokenize": "porter unicode61"}


class TSVectorField(Field):
    field_type = "TSVECTOR"


class MessageText(BaseModel):
    """PostgreSQL: a message's words and scope as tsvectors, each with a GIN index."""

    message_id: ForeignKeyField[int]

    message = ForeignKeyField(Message, primary_key=True, on_delete="CASCADE")
    body = TSVectorField()
    scope = TSVectorField()

    class Meta:
        table_name = TABLE


def _scope(row: str) -> str:
    # NULL || text is NULL on both databases, so a missing group or recipient adds nothing.
    return (f"'a' || {row}.author_id || coalesce(' g' || {row}.group_id, '')"
            f" || coalesce(' r' || {row}.recipient_id, '')")


_SQLITE_INDEX = (f"INSERT INTO {TABLE}(rowid, body, scope) VALUES (new.id, new.body, "
                 f"{_scope('new')});")
# A contentless table forgets a row only when told the very words it indexed.
_SQLITE_FORGET = (f"INSERT INTO {TABLE}({TABLE}, rowid, body, scope) VALUES ('delete', old.id, "
                  f"old.body, {_scope('old')});")
_SQLITE_TABLE = [
    f"CREATE VIRTUAL TABLE IF NOT EXISTS {TABLE} USING fts5(body, scope, content='', "
    "tokenize='porter unicode61')",
    f"CREATE TRIGGER IF NOT EXISTS {TABLE}_forget AFTER DELETE ON message BEGIN "
    f"{_SQLITE_FORGET} END",
    f"CREATE TRIGGER IF NOT EXISTS {TABLE}_change AFTER UPDATE OF body, author_id, group_id, "
    f"recipient_id ON message BEGIN {_SQLITE_FORGET} {_SQLITE_INDEX} END",
]
_SQLITE_ON = (f"CREATE TRIGGER IF NOT EXISTS {TABLE}_keep AFTER INSERT ON message BEGIN "
              f"{_SQLITE_INDEX} END")
_SQLITE_OFF = f"DROP TRIGGER IF EXISTS {TABLE}_keep"
_SQLITE_BACKFILL = (f"INSERT INTO {TABLE}(rowid, body, scope) SELECT m.id, m.body, {_scope('m')} "
                    "FROM message m")

_PG_VALUES = f"to_tsvector('{LANGUAGE}', {{row}}.body), to_tsvector('simple', {{scope}})"
_PG_TABLE = [
    f"CREATE TABLE IF NOT EXISTS {TABLE} (message_id integer PRIMARY KEY REFERENCES message(id) "
    "ON DELETE CASCADE, body tsvector NOT NULL, scope tsvector NOT NULL)",
    f"CREATE OR REPLACE FUNCTION {TABLE}_keep() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
    f"INSERT INTO {TABLE} (message_id, body, scope) VALUES (NEW.id, "
    f"{_PG_VALUES.format(row='NEW', scope=_scope('NEW'))}) ON CONFLICT (message_id) DO UPDATE "
    "SET body = EXCLUDED.body, scope = EXCLUDED.scope; RETURN NULL; END $$",
]
# fastupdate off: with it on, new rows wait in a pending list that every search reads through,
# which took a search from 1 ms to 60 ms after a bulk load. A post pays a little more instead.
_PG_INDEXES = [f"CREATE INDEX IF NOT EXISTS {TABLE}_{column} ON {TABLE} USING gin ({column}) "
               "WITH (fastupdate = off)" for column in ("body", "scope")]
_PG_ON = (f"CREATE OR REPLACE TRIGGER {TABLE}_keep AFTER INSERT OR UPDATE OF body, author_id, "
          f"group_id, recipient_id ON message FOR EACH ROW EXECUTE FUNCTION {TABLE}_keep()")
_PG_OFF = f"DROP TRIGGER IF EXISTS {TABLE}_keep ON message"
_PG_BACKFILL = (f"INSERT INTO {TABLE} (message_id, body, scope) SELECT m.id, "
                f"{_PG_VALUES.format(row='m', scope=_scope('m'))} FROM message m "
                "ON CONFLICT (message_id) DO NOTHING")


def create_index() -> None:
    """Create the index table and its triggers, and index every message already kept."""
    for statement in _SQLITE_TABLE if is_sqlite() else _PG_TABLE:
        db.execute_sql(statement)
    backfill()
    indexing(True)


def backfill() -> None:
    """Index every kept message afresh (after a bulk load with indexing off, or a migration)."""
    if is_sqlite():  # a contentless table can only be emptied whole, then filled again
        db.execute_sql(f"INSERT INTO {TABLE}({TABLE}) VALUES ('delete-all')")
        db.execute_sql(_SQLITE_BACKFILL)
        return
    for column in ("body", "scope"):  # building a GIN index at once beats growing it row by row
        db.execute_sql(f"DROP INDEX IF EXISTS {TABLE}_{column}")
    db.execute_sql(_PG_BACKFILL)
    for statement in _PG_INDEXES:
        db.execute_sql(statement)
    db.execute_sql(f"ANALYZE {TABLE}")


def indexing(on: bool) -> None:
    """Turn the indexing of new messages on or off (off only for bulk loads and benchmarks).

    Run `backfill` before searching, changing or deleting what was kept while it was off.
    """
    if is_sqlite():
        db.execute_sql(_SQLITE_ON if on else _SQLITE_OFF)
    else:
        db.execute_sql(_PG_ON if on else _PG_OFF)


def drop_index() -> None:
    """Remove the index table and its triggers."""
    if is_sqlite():
        for name in ("keep", "forget", "change"):
            db.execute_sql(f"DROP TRIGGER IF EXISTS {TABLE}_{name}")
        db.execute_sql(f"DROP TABLE IF EXISTS {TABLE}")
    else:
        db.execute_sql(_PG_OFF)
        db.execute_sql(f"DROP TABLE IF EXISTS {TABLE}")
        db.execute_sql(f"DROP FUNCTION IF EXISTS {TABLE}_keep()")


@dataclass(frozen=True)
class Search:
    """What to look for: words and phrases, within one group, by one author, with #tags."""

    terms: Terms = field(default_factory=Terms)
    group_id: int | None = None
    author_id: int | None = None
    tags: tuple[str, ...] = ()


@dataclass(frozen=True)
class Hit:
    """One message found: its id, when it was written, how well it matches (higher is better)."""

    id: int
    created_at: datetime
    score: float


def readable(member_id: int):
    """Return the condition on Message for what `member_id` may read.

    Their own DMs and board posts, DMs to them, their groups' posts, and in public groups their
    own posts and those by people or with #tags they follow. A private group's posts: members
    only, so a former member no longer finds them.
    """
    mine = Membership.select(Membership.group).where(Membership.member == member_id)
    public = Group.select(Group.id).where(Group.private == False)  # noqa: E712
    people = Follow.select(Follow.member).where(Follow.follower == member_id,
                                                Follow.member.is_null(False))
    tags = Follow.select(Follow.tag).where(Follow.follower == member_id, Follow.tag.is_null(False))
    tagged = fn.EXISTS(MessageTag.select(SQL("1")).where(MessageTag.message == Message.id,
                                                         MessageTag.tag.in_(tags)))
    own = (Message.author == member_id) | (Message.recipient == member_id)
    return ((Message.group.is_null() & own)
            | Message.group.in_(mine)
            | (Message.group.in_(public)
               & ((Message.author == member_id) | Message.author.in_(people) | tagged)))


def _reach(member_id: int) -> tuple[list[str], list[str]]:
    """Return the scope keys and the followed #tags that can lead to what `member_id` reads."""
    keys = [f"a{member_id}", f"r{member_id}"]
    keys += [f"g{g}" for (g,) in tuples(Membership.select(Membership.group)
             .where(Membership.member == member_id))]
    tags = []
    for person, tag in tuples(Follow.select(Follow.member, Follow.tag)
                              .where(Follow.follower == member_id)):
        if person is not None:
            keys.append(f"a{person}")
        elif tag:
            tags.append(tag)
    return keys, tags


def find(member_id: int, search: Search, limit: int, before: int | None = None) -> list[Hit]:
    """Return the newest `limit` messages `member_id` may read that match `search`.

    Newest first by id; `before` pages below a message id (the web's older-results link).
    """
    keys, followed_tags = _reach(member_id)
    if is_sqlite():
        ids = _sqlite_ids(member_id, search, keys, followed_tags, limit, before)
    else:
        ids = _pg_ids(member_id, search, keys, followed_tags, limit, before)
    wanted = [*search.terms.words, *search.terms.phrases, *search.tags]
    rows = (Message.select(Message.id, Message.created_at, Message.body)
            .where(Message.id.in_(ids)).order_by(Message.id.desc()).tuples()) if ids else []
    return [Hit(i, created_at, relevance(body, wanted)) for i, created_at, body in rows]


def relevance(body: str, wanted: list[str]) -> float:
    """Score how well `body` matches: the search words it holds, for its length.

    The engines decide what matches; this only orders matches. It is worked out here, on the
    few found, because bm25() and ts_rank() read every row holding a common word to weigh it,
    which cost a search more than finding its rows did.
    """
    tokens = _TOKEN.findall(body.lower())
    if not tokens:
        return 0.0
    held = 0
    for term in wanted:
        words = [_root(w) for w in _TOKEN.findall(term.lower())]
        if len(words) == 1:
            held += sum(token.startswith(words[0]) for token in tokens)
        elif words:  # a phrase counts where its words follow each other
            held += len(words) * sum(
                all(tokens[i + k].startswith(w) for k, w in enumerate(words))
                for i in range(len(tokens) - len(words) + 1))
    return held / math.sqrt(len(tokens))


def _root(word: str) -> str:
    """Cut a plural or verb ending, so "keys" counts "key" and "drying" counts "dry"."""
    for ending in ("ing", "ies", "es", "ed", "s"):
        if word.endswith(ending) and len(word) - len(ending) >= 3:
            return word[: -len(ending)]
    return word


def _fts_string(text: str) -> str:
    return '"' + text.replace('"', '""') + '"'


def _sqlite_ids(member_id: int, search: Search, keys: list[str], followed_tags: list[str],
                limit: int, before: int | None) -> list[int]:
    reach = f"scope : ({' OR '.join(keys)})"
    if followed_tags:
        reach = f"({reach} OR body : ({' OR '.join(map(_fts_string, followed_tags))}))"
    parts = [reach]
    terms = [*search.terms.words, *search.terms.phrases, *search.tags]
    if terms:
        parts.append(f"body : ({' AND '.join(map(_fts_string, terms))})")
    if search.group_id is not None:
        parts.append(f"scope : g{search.group_id}")
    if search.author_id is not None:
        parts.append(f"scope : a{search.author_id}")
    # CROSS JOIN keeps the index as the outer loop, read newest first, so LIMIT stops it early.
    query = (MessageIndex.select(MessageIndex.rowid)
             .join(Message, JOIN.CROSS).where(Message.id == MessageIndex.rowid)
             .where(MessageIndex.match(" AND ".join(parts)), readable(member_id))
             .order_by(MessageIndex.rowid.desc()).limit(limit))
    query = _filters(query, search, before, MessageIndex.rowid)
    return [i for (i,) in query.tuples()]


def _pg_ids(member_id: int, search: Search, keys: list[str], followed_tags: list[str],
            limit: int, before: int | None) -> list[int]:
    words, *tag_queries = _tsqueries(search, followed_tags)
    if words == "" and (search.terms or search.tags):
        return []  # only stop words ("the"): PostgreSQL finds nothing in them
    # Literals, not to_tsquery() calls: the planner estimates a GIN index only for a literal,
    # and assumes a call reads the whole index, so it would read every row instead.
    reach = _matches(MessageText.scope, _tsquery(" | ".join(keys)))
    for tag in tag_queries:
        reach = reach | _matches(MessageText.body, _tsquery(tag))
    found = MessageText.select(MessageText.message.alias("id")).where(reach)
    if words is not None:
        found = found.where(_matches(MessageText.body, _tsquery(words)))
    for key, value in (("g", search.group_id), ("a", search.author_id)):
        if value is not None:
            found = found.where(_matches(MessageText.scope, _tsquery(f"{key}{value}")))
    # Materialized: the GIN indexes give the few rows that match, and only those are checked
    # and sorted. Left to itself the planner reads rows newest first to stop at LIMIT, reading
    # every newer row's words on the way.
    cte = found.cte("found", materialized=True)
    query = (Message.select(cte.c.id).from_(cte)
             .join(Message, on=Message.id == cte.c.id)
             .where(readable(member_id)).order_by(cte.c.id.desc()).limit(limit).with_cte(cte))
    query = _filters(query, search, before, cte.c.id)
    return [i for (i,) in query.tuples()]


def _tsqueries(search: Search, followed_tags: list[str]) -> list[str | None]:
    """Stem the words, phrases and #tags into tsquery text, in one round trip."""
    parts, params = [], []
    if search.terms.words:
        parts.append(f"plainto_tsquery('{LANGUAGE}', %s)")
        params.append(" ".join(search.terms.words))
    parts += [f"phraseto_tsquery('{LANGUAGE}', %s)"] * len((*search.terms.phrases, *search.tags))
    params += [*search.terms.phrases, *search.tags]
    words = f"({' && '.join(parts)})::text" if parts else "NULL"
    tags = "".join(f", phraseto_tsquery('{LANGUAGE}', %s)::text" for _ in followed_tags)
    return list(db.execute_sql(f"SELECT {words}{tags}", [*params, *followed_tags]).fetchone())


def _tsquery(text: str | None) -> Cast:
    return Cast(Value(text), "tsquery")


def _matches(vector, tsquery) -> Expression:
    return Expression(vector, "@@", tsquery)


def _filters(query, search: Search, before: int | None, key):
    for tag in search.tags:  # the words matched the tag's text; the tag itself must be there
        query = query.where(fn.EXISTS(MessageTag.select(SQL("1")).where(
            MessageTag.message == Message.id, MessageTag.tag == tag)))
    if before:
        query = query.where(key < before)
    return query


def messages(ids: list[int]) -> list[Message]:
    """Return the messages with `ids`, newest first, with authors, groups and recipients."""
    if not ids:
        return []
    recipient = Member.alias()
    return list(Message.select(Message, Member, Group, recipient)
                .join(Member, on=Message.author == Member.id)
                .switch(Message).join(Group, JOIN.LEFT_OUTER, on=Message.group == Group.id)
                .switch(Message).join(recipient, JOIN.LEFT_OUTER,
                                      on=Message.recipient == recipient.id, attr="recipient")
                .where(Message.id.in_(ids)).order_by(Message.id.desc()))
