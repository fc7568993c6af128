"""What a handler works with: the sender, the clock, and the texts it causes."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime

from handlers import bundles
from parsers.languages import translate
from parsers.segments import segments
from store import outbox
from store.models import HeldText, Inbound, Member, Message, Outbox, utcnow
from store.settings import Settings

PAGE_SEGMENTS = 1  # a listing goes out a text at a time: each one a basic phone shows whole
MAX_REPLY_SEGMENTS = 3  # any other reply: a confirmation and a notice or two, kept together
MORE_HINT = " (more for the rest)"  # each language's no longer: search budgets its hits by it
ROOMY = ("email", "web", "terminal")  # room for a whole reply: a mail, the web box, `commons send`


@dataclass
class Context:
    """The sender of one text and everything their text causes, collected until commit."""

    member: Member
    settings: Settings  # read once by the process's entry point, passed down to here
    inbound: Inbound | None = None
    now: datetime = field(default_factory=utcnow)
    region: str = "US"
    new_member: bool = False
    lines: list[str] = field(default_factory=list)
    outbox_ids: list[int] = field(default_factory=list)
    posts: list[int] = field(default_factory=list)  # Message ids waiting for fan-out
    wake_at: list[datetime] = field(default_factory=list)  # reminders to schedule after commit
    cleaning: list[int] = field(default_factory=list)  # mails (Inbound ids) a worker cleans
    keep_pages: bool = False  # `more` is reading the stored pages: don't replace them
    held: HeldText | None = None  # the held text this text answers (a bare @name in time)
    listing: bool = False  # a list of items: paged a segment at a time, filled with whole lines
    # A line that leans on the one before it ("five" after "alice: four"), by its index in
    # `lines`: what to show instead when it begins a page ("alice: five").
    resumed: dict[int, str] = field(default_factory=dict)

    def reply(self, text: str, resumed: str | None = None) -> None:
        """Add a line to the reply the sender gets; `resumed` is its form to begin a page."""
        if resumed is not None:
            self.resumed[len(self.lines)] = resumed
        self.lines.append(text)

    def notify(self, member: Member, text: str, message: Message | None = None,
               quiet: bool = False) -> None:
        """Write a text to another member now, in this transaction.

        With `quiet`, a notice that can wait (a task given, a thanks) is held in the member's
        quiet hours and comes in the text after them, as posts do.
        """
        row = outbox.write(member, text, kind="post", inbound=self.inbound, message=message)
        if row is None:
            return
        if quiet and bundles.is_quiet(member, self.now):
            bundles.hold([row.id])
        else:
            self.outbox_ids.append(row.id)

    def fan_out(self, message: Message) -> None:
        """Mark a group post for fan-out by a worker after commit."""
        self.posts.append(message.id)

    def finish(self) -> Outbox | None:
        """Write the sender's reply, paging a long one behind `more`.

        A listing's pages are one segment each; any other reply pages only past three.
        """
        if not self.lines:
            return None
        if self.inbound is not None and self.inbound.channel in ROOMY:
            return self.send_reply("\n".join(self.lines))  # room for it all: no pages, no more
        pages = paginate("\n".join(self.lines),
                         PAGE_SEGMENTS if self.listing else MAX_REPLY_SEGMENTS,
                         self._resumed_lines())
        if len(pages) > 1 or not self.keep_pages:
            self.member.pages = json.dumps(pages[1:]) if len(pages) > 1 else None
            self.member.save(only=[Member.pages])
        return self.send_reply(pages[0])

    def _resumed_lines(self) -> list[str | None]:
        """Return, for each line of the joined reply, its form to begin a page (None: itself)."""
        forms: list[str | None] = []
        for at, line in enumerate(self.lines):
            forms += [self.resumed.get(at)] + [None] * line.count("\n")
        return forms

    def send_reply(self, text: str) -> Outbox | None:
        """Write `text` to the sender as a reply."""
        row = outbox.write(self.member, text, kind="reply", inbound=self.inbound)
        if row is not None:
            self.outbox_ids.append(row.id)
        return row


def paginate(text: str, max_segments: int = PAGE_SEGMENTS,
             resumed: Sequence[str | None] = ()) -> list[str]:
    """Split `text` into pages of at most `max_segments`, filling each with whole lines.

    A line too long for a page of its own is cut at words, so nothing is lost. `resumed[i]`,
    when given, is line i's form to begin a page: a line that leans on the one before it
    ("five" under "alice: four") says again what it leans on ("alice: five"). The hint to
    text `more` is in the language being spoken (key `context.more_hint`).
    """
    hint = translate("context.more_hint", MORE_HINT)
    if segments(text) <= max_segments:
        return [text]
    pages: list[str] = []
    page = ""
    for at, line in enumerate(text.split("\n")):
        joined = f"{page}\n{line}" if page else line
        if segments(joined + hint) <= max_segments:
            page = joined
            continue
        if page:
            pages.append(page + hint)
        page = (resumed[at] if at < len(resumed) else None) or line
        while segments(page + hint) > max_segments:
            cut = _longest_prefix(page, max_segments, hint)
            pages.append(page[:cut].rstrip() + hint)
            page = page[cut:].lstrip()
    if page:
        pages.append(page)
    return pages


def _longest_prefix(text: str, max_segments: int, hint: str) -> int:
    """Return where to cut `text` so the page plus the hint fits, preferring a word break."""
    low, high = 1, len(text)
    while low < high:  # the longest prefix that fits, by bisection: segments() grows with length
        mid = (low + high + 1) // 2
        if segments(text[:mid].rstrip() + hint) <= max_segments:
            low = mid
        else:
            high = mid - 1
    at = text.rfind(" ", 0, low + 1)
    return at if at > low // 2 else low
