"""Answers: 2,000 members of one group answer a question at once through signed webhooks.

Run: python -m bench.answers [--postgres URL] [--people N]. On the default deployment
(WORKERS = cores). Figures, each from the first webhook to the last reply at the provider:
- answers_per_s: answers replied to per second, and answers_to_needed, that rate over the one
  needed for all of them within a minute (PEOPLE / 60 s; 1.0 or more meets it);
- answer_reply_p50_ms, answer_reply_p99_ms: from each member's webhook to their reply;
- answers_to_baseline: that rate over the rate of the same crowd texting `groups` (a reply
  and nothing else) at once, on the same deployment just before: what answering costs beyond
  any one-reply text, whatever the machine;
- answers_exact: the tally held one answer per member, as sent (a fifth change their mind in
  a second text at once), and every reply went to its sender alone.
"""

from __future__ import annotations

import argparse
from collections import Counter

from bench.deployment import DEFAULT_WORKERS, Deployment, percentile_ms, report
from bench.replies import reply_times, storm
from loopback.crowds import crowd
from store.db import db
from store.models import Member
from store.questions import Answer

PEOPLE = 2_000
WITHIN = 60.0  # seconds: the minute for 2,000 answers
CHOICES = ("yes", "no", "maybe")
OWNER = "+14155550100"


def measure(database: str, workers: int, people: int) -> dict:
    """Ask a crowd, storm its answers, check the tally; return the figures."""
    with Deployment(database, workers=1, WORKERS=workers) as deployment:
        numbers = crowd(people, handle="crowd", owner=OWNER)
        since = len(deployment.api.messages())
        plain = storm(deployment, [(n, "groups") for n in numbers])
        deployment.phones.settle(600)
        took = reply_times(deployment, plain, since)
        baseline = people / (max(at + t for at, t in zip(plain.values(), took, strict=True))
                             - min(plain.values()))
        deployment.post(OWNER, "ask @crowd who can come saturday?")
        first = [(n, CHOICES[i % 3]) for i, n in enumerate(numbers)]
        second = [(n, CHOICES[(i + 1) % 3]) for i, n in enumerate(numbers) if i % 5 == 0]
        since = len(deployment.api.messages())
        started = storm(deployment, first)
        changed = storm(deployment, second)
        deployment.phones.settle(600)
        took = reply_times(deployment, started, since)
        last = max(at + t for at, t in zip(started.values(), took, strict=True))
        rate = people / (last - min(started.values()))
        final = dict(first) | dict(second)
        with db.connection_context():
            rows = dict((a.member.phone, a.choice)
                        for a in Answer.select(Answer, Member).join(Member))
            count = Answer.select().count()
        records = [r for r in deployment.api.messages(since) if r.get("sid")]
        per = Counter(r["to"] for r in records if r["to"] != OWNER)
        sent = Counter(n for n, _ in first + second)
        alone = per == sent and all(
            (r["body"].split(":", 2)[1].split()[0] if r["body"].startswith("Got it")
             else r["body"].split()[2].rstrip(":")) in {c for n, c in first + second
                                                         if n == r["to"]}
            for r in records if r["to"] != OWNER)
    return {"answer_people": people, "answer_workers": workers,
            "answers_per_s": round(rate, 1), "baseline_replies_per_s": round(baseline, 1),
            "answers_to_baseline": round(rate / baseline, 2),
            "answers_to_needed": round(rate / (people / WITHIN), 2),
            "answer_reply_p50_ms": percentile_ms(took, 0.5),
            "answer_reply_p99_ms": percentile_ms(took, 0.99),
            "answers_exact": count == people and rows == final and alone,
            "answers_changed": len(changed)}


def main() -> dict:
    """Print the answers table (SQLite, and PostgreSQL when given), then one JSON line."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--postgres", default="", help="postgresql://user@host:port/db")
    parser.add_argument("--workers", type=int, default=DEFAULT_WORKERS, help="WORKERS")
    parser.add_argument("--people", type=int, default=PEOPLE, help="members answering")
    args, _ = parser.parse_known_args()
    figures = measure("sqlite", args.workers, args.people)
    if args.postgres:
        found = measure(args.postgres, args.workers, args.people)
        figures.update({f"{name}_postgresql": value for name, value in found.items()})
    return report(figures)


if __name__ == "__main__":
    main()
