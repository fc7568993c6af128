"""Commands of getting work done together: tasks, thanks, follows, the board, reading back."""

from __future__ import annotations

from parsers.board_forms import board, board_list
from parsers.commands.declared import Declared
from parsers.follow_forms import follow
from parsers.forms import bare, target
from parsers.karma_forms import gracias, thank_you, thanks
from parsers.search_forms import find
from parsers.task_forms import (
    assign,
    task_add,
    task_add_here,
    task_add_labelled,
    task_list,
    task_number,
)

# claim, done, drop and reopen take a task (`claim 12`) or a need on the board (`claim need 12`).
COMMANDS: tuple[Declared, ...] = (
    Declared(
        "task",
        task_add_here,
        actions=("task_add", "task_done"),
        help="task [@group] what [@name] [due fri 5pm] adds a task (to your current group without "
             "@group), also task: what; the reply gives its number.",
        usage="task [@group] what [@name] [due when], e.g. task @team buy paper @bob due fri",
        aliases=("t",),
        alias_forms=(("t", task_add),),
        alone_is_help=True,
        labelled_form=task_add_labelled,
        spanish=("tarea",),
    ),
    Declared(
        "tasks",
        task_list,
        actions=("task_list",),
        help="tasks lists open tasks; tasks @group for one group; tasks mine for yours.",
        usage="tasks [@group] [mine], e.g. tasks @team mine",
        spanish=("tareas",),
    ),
    Declared(
        "claim",
        task_number("task_claim", "need_claim"),
        actions=("task_claim", "need_claim"),
        help="claim 12 takes task 12 of your current group; claim @group 12 names the group.",
        usage="claim [@group] <n>, e.g. claim 12 or claim @team 12",
        alone_is_help=True,
    ),
    Declared(
        "done",
        task_number("task_done", "need_done", with_word=True),
        actions=("task_done", "need_done"),
        help="done 12 (or finished task 12, done with task 12) completes task 12 and earns its "
             "points; done @group 12 names the group.",
        usage="done [@group] [task] <n>, e.g. done 12 or done with task 12 or done @team 12",
        aliases=("finished", "finish", "completed"),
        spanish=("hecho", "hecha", "listo", "terminado", "terminé", "termine"),
    ),
    Declared(
        "drop",
        task_number("task_drop", "need_drop"),
        actions=("task_drop", "need_drop"),
        help="drop 12 hands back a task you took, so someone else can.",
        usage="drop [@group] <n>, e.g. drop 12 or drop @team 12",
    ),
    Declared(
        "reopen",
        task_number("task_reopen", "need_reopen"),
        actions=("task_reopen", "need_reopen"),
        help="reopen 12 opens a done task again; its points are taken back.",
        usage="reopen [@group] <n>, e.g. reopen 12 or reopen @team 12",
        alone_is_help=True,
    ),
    Declared(
        "assign",
        assign,
        actions=("task_assign",),
        help="assign 12 @name gives task 12 to a member of its group, who is told.",
        usage="assign [@group] <n> @name, e.g. assign 12 @bob",
        alone_is_help=True,
    ),
    Declared(
        "thanks",
        thanks,
        actions=("thanks",),
        help="thanks @name [for what] gives them a point and tells them why; thanks @a and @b "
             "thanks both. Also: +1 @name",
        usage="thanks @name [and @name] [for why], e.g. thanks @bob for the ride",
        aliases=("thank", "thx", "thnx", "thanx", "+1",),
        alias_forms=(("thank", thank_you), ("gracias", gracias), ("grax", gracias)),
        spanish=("gracias", "grax"),
    ),
    Declared(
        "karma",
        target("karma", optional=True),
        actions=("karma",),
        help="karma shows your points; karma @name theirs; karma @group your share of it.",
        usage="karma [@name or @group], e.g. karma @bob",
        spanish=("puntos",),
    ),
    Declared(
        "top",
        target("top", optional=True),
        actions=("top",),
        help="top @group shows who contributed most to a group, with each one's share.",
        usage="top [@group], e.g. top @team",
    ),
    Declared(
        "follow",
        follow("follow"),
        actions=("follow",),
        help="follow @name or follow #tag: their posts in public groups reach you.",
        usage="follow @name or follow #tag ..., e.g. follow #garden",
        alone_is_help=True,
    ),
    Declared(
        "unfollow",
        follow("unfollow"),
        actions=("unfollow",),
        help="unfollow @name or unfollow #tag stops those posts.",
        usage="unfollow @name or unfollow #tag ..., e.g. unfollow #garden",
        alone_is_help=True,
    ),
    Declared(
        "block",
        target("block"),
        actions=("block",),
        help="block @name: their direct messages no longer reach you. unblock @name undoes it.",
        usage="block @name, e.g. block @dave",
        alone_is_help=True,
    ),
    Declared(
        "unblock",
        target("unblock"),
        actions=("unblock",),
        help="unblock @name: their direct messages reach you again.",
        usage="unblock @name, e.g. unblock @dave",
        alone_is_help=True,
    ),
    Declared(
        "following",
        bare("following"),
        actions=("following",),
        help="following lists the people and #tags you follow.",
        usage="following, alone: who and what you follow",
    ),
    Declared(
        "need",
        board("need"),
        actions=("need",),
        help="need #tag what you need: people who follow or offer #tag get it and can help.",
        usage="need #tag what, e.g. need #ride to the airport fri",
        alone_is_help=True,
        spanish=("necesito",),
    ),
    Declared(
        "offer",
        board("offer"),
        actions=("offer",),
        help="offer #tag what you can do: you'll get the open needs that match it.",
        usage="offer #tag what, e.g. offer #tools drill to lend",
        alone_is_help=True,
        spanish=("ofrezco",),
    ),
    Declared(
        "needs",
        board_list("needs"),
        actions=("needs",),
        help="needs lists open needs; needs #tag only those. Take one: claim need 12",
        usage="needs [#tag ...], e.g. needs #ride",
    ),
    Declared(
        "offers",
        board_list("offers"),
        actions=("offers",),
        help="offers lists what people offer; offers #tag only those.",
        usage="offers [#tag ...], e.g. offers #tools",
    ),
    Declared(
        "find",
        find,
        actions=("find",),
        help="find words searches what you can read: find keys, find @team budget, find #design "
             "logo, find \"under the mat\"",
        usage="find <words>, e.g. find pizza",
        alone_is_help=True,
    ),
    Declared(
        "last",
        target("last", optional=True),
        actions=("last",),
        help="last @name or last @group shows the latest posts; last alone, your groups'.",
        usage="last [@name or @group], e.g. last @team",
    ),
    Declared(
        "recap",
        target("recap", optional=True),
        actions=("recap",),
        help="recap: what involves you since your last text, then each post you missed (held, "
             "muted, in a digest), naming you first. recap @group for one group.",
        usage="recap, alone: what you missed",
    ),
)
