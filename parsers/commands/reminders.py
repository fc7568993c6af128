"""Commands of time: reminders, digests and quiet hours."""

from __future__ import annotations

from parsers.commands.declared import Declared
from parsers.reminder_forms import (
    digest,
    quiet,
    recordar,
    recuerdame,
    recuerdanos,
    remind,
    reminders,
    remindme,
    unremind,
)

# `remind me` with too few words after it is answered with remind's help: an action of `help`.
COMMANDS: tuple[Declared, ...] = (
    Declared(
        "remind",
        remind,
        actions=("remind", "remind_unread"),
        help="remind me to call mom at 5pm; remind me fri 9am standup; remind the team mon 9am "
             "rent; remind me every weekday 9am stretch. reminders lists them.",
        usage="remind me|@group|the team <what> <when>, e.g. remind me to call mom at 5pm, or "
              "remind @team every mon 9am standup",
        alone_is_help=True,
        spanish=("recordar", "recuérdame", "recuerdame", "recordarme", "recuérdanos",
                 "recuerdanos", "recordarnos"),
        aliases=("remindme",),
        alias_forms=(("remindme", remindme), ("recordar", recordar), ("recuérdame", recuerdame),
                     ("recuerdame", recuerdame), ("recordarme", recuerdame),
                     ("recuérdanos", recuerdanos), ("recuerdanos", recuerdanos),
                     ("recordarnos", recuerdanos)),
    ),
    Declared(
        "reminders",
        reminders,
        actions=("reminders",),
        help="reminders lists your reminders with their numbers; unremind 2 cancels one. "
             "reminders @team: all of @team's, for its owner and admins.",
        usage="reminders [@group], e.g. reminders, or reminders @team",
        spanish=("recordatorios",),
    ),
    Declared(
        "unremind",
        unremind,
        actions=("unremind",),
        help="unremind 2 cancels your reminder 2; unremind @team 2 cancels @team's reminder 2 "
             "(owner and admins). reminders lists them.",
        usage="unremind [@group] <n>, e.g. unremind 2, or unremind @team 2",
        alone_is_help=True,
    ),
    Declared(
        "digest",
        digest,
        actions=("digest",),
        help="digest daily 8am or digest weekly mon: one text with your groups' news instead of "
             "each post. digest off to stop.",
        usage="digest daily [time], digest weekly [day] [time] or digest off, e.g. digest daily "
              "8am",
        alone_is_help=True,
    ),
    Declared(
        "quiet",
        quiet,
        actions=("quiet",),
        help="quiet 22-7 holds posts from 10pm to 7am your time and sends them as one text after; "
             "DMs still come. quiet off ends it.",
        usage="quiet <from>-<to> or quiet off, e.g. quiet 22-7",
        alone_is_help=True,
    ),
)
