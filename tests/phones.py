"""Transcripts that script the phones (loopback/phones.py), and check what each number receives.

A transcript reads like a conversation (after RapidSMS's scripted tests):

    +14155550101 > create @team Launch crew
    +14155550101 < Created @team (public: anyone can join; private @team to change). ...

`>` is a text sent by that number; `<` is one text it must receive, its lines joined by " | ".
After each run of `>` lines the system is left to settle, then every number's received texts
must be exactly the `<` lines that follow, in order, and nobody else may receive anything.
"""

from __future__ import annotations

from collections import defaultdict

from loopback import phones
from tests import answered


def created(group: str) -> str:
    """Return the reply to `create @group`: a new group is public, and says how to change it."""
    return (f"Created @{group} (public: anyone can join; private @{group} to change). "
            f"Invite people: invite @{group} +15551234567")


class Phones(phones.Phones):
    """The loopback phones, and transcripts played on them."""

    def __init__(self, *args, redis_url: str = "", **kw) -> None:
        super().__init__(*args, **kw)
        self.redis_url = redis_url  # the deployment's Redis, where its sweeper counts sweeps
        self.judged = 0  # the last inbound text whose effect was checked
        # Each step of a transcript checks that every text it sent had an effect someone
        # receives, or a reply (tests/answered.py); a test of silence by design says so.
        self.every_text_answered = True

    def run(self, transcript: str, together: bool = False) -> None:
        """Play a transcript, checking every number's texts after each step.

        Every text since the last check counts, those that came before the transcript too: a
        late text is seen, never settled away. `together`: a step's texts are all sent before
        the system settles once, as a crowd texting at the same moment would (each number
        sends one text a step then, as the order of its replies would be the system's).
        """
        expected: dict[str, list[str]] = defaultdict(list)
        senders: set[str] = set()  # the numbers that texted in this step
        sending = True
        for raw in transcript.strip().splitlines():
            line = raw.strip()
            if not line or line.startswith("#"):
                continue
            number, arrow, text = (line.split(" ", 2) + [""])[:3]
            if arrow == ">":
                if not sending:
                    self._check(expected)
                    expected, senders = defaultdict(list), set()
                    sending = True
                assert not (together and number in senders), f"two texts from {number}"
                senders.add(number)
                self.text(number, text)
                if not together:
                    self.settle()
            elif arrow == "<":
                sending = False
                expected[number].append(text)
            else:
                raise ValueError(f"bad transcript line: {raw!r}")
        self._check(expected)

    def form(self, groups: dict[str, list[tuple[str, str]]]) -> None:
        """Name everyone, then have the first member of each group create it and the rest join."""
        lines, named = [], set()
        for group, people in groups.items():
            for i, (number, handle) in enumerate(people):
                if number not in named:
                    named.add(number)
                    lines += [f"{number} > name {handle}", f"{number} < You are now @{handle}."]
                if i == 0:
                    lines += [f"{number} > create @{group}", f"{number} < {created(group)}"]
                else:
                    lines += [f"{number} > join @{group}",
                              f"{number} < Welcome to @{group}! Post with: @{group} your message"]
        self.run("\n".join(lines))

    def _check(self, expected: dict[str, list[str]]) -> None:
        self.settle()
        got = self.received()
        assert got == dict(expected), f"\nexpected: {dict(expected)}\n     got: {got}"
        found = answered.verdicts(self.judged)
        if found:
            self.judged = found[-1].inbound_id
        silent = [f"{v.sender} > {v.body}" for v in found if v.outcome == "silent"]
        assert not (silent and self.every_text_answered), \
            f"texts that changed nothing anyone receives, and got no reply: {silent}"
