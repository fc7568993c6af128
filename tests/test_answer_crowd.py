"""200 members answering at once through concurrent signed webhooks: an exact tally, and each
reply only to its sender."""

from __future__ import annotations

import threading
from collections import Counter
from concurrent.futures import ThreadPoolExecutor

import requests

from bench.deployment import sign_all
from loopback.crowds import OWNER, crowd
from store.db import db
from store.models import Member
from store.questions import Answer, Question

PEOPLE = 200
CLIENTS = 16
CHOICES = ("yes", "no", "maybe")


def storm(phones, texts: list[tuple[str, str]]) -> None:
    """Post every text at once from CLIENTS threads."""
    url = phones.url + "/sms/twilio"
    local = threading.local()

    def one(request: tuple[dict, dict]) -> None:
        session = getattr(local, "session", None) or requests.Session()
        local.session = session
        assert session.post(url, data=request[0], headers=request[1],
                            timeout=60).status_code == 200

    with ThreadPoolExecutor(CLIENTS) as pool:
        list(pool.map(one, sign_all(phones, texts)))


def test_concurrent_answers_are_counted_exactly_and_each_reply_reaches_its_sender_alone(phones):
    numbers = crowd(PEOPLE)
    phones.text(OWNER, "ask @crowd who is in saturday?")
    phones.settle(120)
    asked = phones.received()
    assert len(asked) == PEOPLE + 1
    # Everyone answers; every fifth changes their mind at once, in a second text.
    first = [(n, CHOICES[i % 3]) for i, n in enumerate(numbers)]
    second = [(n, CHOICES[(i + 1) % 3]) for i, n in enumerate(numbers) if i % 5 == 0]
    storm(phones, first + second)
    phones.settle(120)
    final = dict(first) | dict(second)
    with db.connection_context():
        rows = [(a.member.phone, a.choice) for a in Answer.select(Answer, Member).join(Member)]
    assert len(rows) == PEOPLE and dict(rows) == final  # none lost, none doubled
    got = phones.received()
    # Told once, when the last first answer came: some minds changed after it.
    [told] = got.pop(OWNER)
    assert told.startswith("Everyone in @crowd has answered question 1: ")
    assert sum(int(part.split()[0]) for part in told.split(": ")[1].split(".")[0].split(", ")) \
        == PEOPLE
    sent = Counter(n for n, _ in first + second)
    assert set(got) == set(numbers)
    for number, texts in got.items():
        assert len(texts) == sent[number], (number, texts)
        mine = {c for n, c in first + second if n == number}
        for text in texts:  # each reply names an answer this member gave, and no one else's
            word = text.split(":", 2)[1].split()[0] if text.startswith("Got it") \
                else text.split()[2].rstrip(":")
            assert word in mine, (number, text)


def test_questions_asked_at_once_each_get_a_number_of_their_own(phones):
    numbers = crowd(12)
    storm(phones, [(n, f"ask @crowd question from {i}?") for i, n in enumerate(numbers)])
    phones.settle(120)
    got = phones.received()
    replies = [t for n in numbers for t in got[n] if t.startswith("Question ")]
    assert sorted(int(t.split()[1]) for t in replies) == list(range(1, 13))
    with db.connection_context():
        kept = [q.number for q in Question.select().order_by(Question.number)]
        assert kept == list(range(1, 13))
