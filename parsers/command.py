"""The Command: what one text asks for, as plain typed data."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Command:
    """One parsed text.

    `action` is a lower-case string naming what to do; "chat" means plain chat.
    Handles and tags are stored lower-case, without their `@` or `#`.
    """

    action: str
    text: str = ""  # free text: a post body, bio, task text, reason, search words, held chat
    target: str | None = None  # the first @handle (a group or a member)
    member: str | None = None  # a second @handle (assignee, admin/kick subject, thanks receiver)
    also: tuple[str, ...] = ()  # more members after `member`: `thanks @a and @b` also thanks b
    tags: tuple[str, ...] = ()  # #tags named as arguments (follow, need, offer, needs, offers)
    number: int | None = None  # a task number
    hours: int | None = None  # `off ... 2h`
    when: str | None = None  # raw due/remind time text, interpreted by the handler
    invitees: tuple[str, ...] = ()  # `invite`: raw numbers, @handles (lower-case, no @) or emails
    mine: bool = False  # `tasks mine`
    topic: str | None = None  # `help join` -> "join"
    suggestion: str | None = None  # `near_miss`: the corrected text, e.g. "join @team"
    choice: str | None = None  # `answer`: "yes", "no", "maybe" or an option's number ("2")
    options: tuple[str, ...] = ()  # `ask`: the options after the question mark, as typed


# An argument form: the Command that a keyword's arguments make, or None when they do not fit.
Form = Callable[[str], Command | None]
