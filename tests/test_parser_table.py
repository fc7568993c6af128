"""The grammar as a table: each row is a text and the Command it must parse to."""

from __future__ import annotations

import pytest

from parsers import KEYWORDS, RESERVED, Command, inline_actions, is_valid_handle, parse


def chat(text: str) -> Command:
    """Expect plain chat carrying the whole trimmed text."""
    return Command("chat", text=text.strip())


def near(suggestion: str) -> Command:
    """Expect a near miss suggesting the corrected text."""
    return Command("near_miss", suggestion=suggestion)


C = Command

CARRIER_ROWS = [
    ("STOP", C("opt_out")),
    ("stop", C("opt_out")),
    ("Stop.", C("opt_out")),
    ("  STOP!!  ", C("opt_out")),
    ("StopAll", C("opt_out")),
    ("UNSUBSCRIBE", C("opt_out")),
    ("cancel", C("opt_out")),
    ("End!", C("opt_out")),
    ("QUIT?", C("opt_out")),
    ("revoke", C("opt_out")),
    ("OptOut", C("opt_out")),
    ("START", C("opt_in")),
    ("start!", C("opt_in")),
    ("Yes", C("opt_in")),
    ("YES!!!", C("opt_in")),
    ("unstop", C("opt_in")),
    ("HELP", C("help")),
    ("help?", C("help")),
    ("Info", C("help")),
    ("INFO.", C("help")),
    ("?", C("help")),
    ("??", C("help")),
    ("STOP PLEASE", chat("STOP PLEASE")),
    ("Stop the story", chat("Stop the story")),
    ("yes I'll be there", chat("yes I'll be there")),
    ("Start without me", chat("Start without me")),
    ("End of story", chat("End of story")),
    ("Cancel dinner?", chat("Cancel dinner?")),
]

ACCOUNT_ROWS = [
    ("help join", C("help", topic="join")),
    ("HELP Join", C("help", topic="join")),
    ("help t", C("help", topic="task")),
    ("help d", C("help", topic="dm")),
    ("help thx", C("help", topic="thanks")),
    ("help +1", C("help", topic="thanks")),
    ("help tasks", C("help", topic="tasks")),
    ("help remind?", C("help", topic="remind")),
    ("help xyz", C("help", topic="xyz")),
    ("help me", C("help")),
    ("? join", C("help", topic="join")),
    ("help me move the couch", chat("help me move the couch")),
    ("Help me move the couch saturday", chat("Help me move the couch saturday")),
    ("help @team", chat("help @team")),
    ("name alice", C("name", target="alice")),
    ("Name @Alice", C("name", target="alice")),
    ("name a", C("name", target="a")),
    ("name 9lives", C("name", target="9lives")),
    ("name it whatever you like", chat("name it whatever you like")),
    ("name", C("help", topic="name")),
    ("bio Gardener, 3 kids, café owner ☕", C("bio", text="Gardener, 3 kids, café owner ☕")),
    ("BIO   I fix bikes  ", C("bio", text="I fix bikes")),
    ("bio", C("help", topic="bio")),
    ("whois @Bob", C("whois", target="bob")),
    ("whois @bob?", C("whois", target="bob")),
    ("whois bob", chat("whois bob")),
    ("whois", C("help", topic="whois")),
    ("off", C("off")),
    ("OFF", C("off")),
    ("off @team", C("off", target="team")),
    ("off 2h", C("off", hours=2)),
    ("off 2 h", C("off", hours=2)),
    ("off 3hr", C("off", hours=3)),
    ("off 3hrs", C("off", hours=3)),
    ("off @team 2 hours", C("off", target="team", hours=2)),
    ("off @Team 1 hour", C("off", target="team", hours=1)),
    ("Off to the store", chat("Off to the store")),
    ("off work at 5", chat("off work at 5")),
    ("on", C("on")),
    ("on @team", C("on", target="team")),
    ("On the road so cant txt", chat("On the road so cant txt")),
    ("on my way", chat("on my way")),
    ("email bob@example.com", C("email", text="bob@example.com")),
    ("Email Bob.Smith@Example.org.", C("email", text="Bob.Smith@Example.org")),
    ("email me later", chat("email me later")),
    ("email", C("help", topic="email")),
    ("verify 123456", C("verify", text="123456")),
    ("verify 1234", C("verify", text="1234")),
    ("verify 12", chat("verify 12")),
    ("verify", C("help", topic="verify")),
    ("via sms", C("via", text="sms")),
    ("VIA Email", C("via", text="email")),
    ("via the back door", chat("via the back door")),
    ("via", C("help", topic="via")),
    ("tz America/Chicago", C("tz", text="America/Chicago")),
    ("tz EST", C("tz", text="EST")),
    ("TZ UTC+2", C("tz", text="UTC+2")),
    ("tz", C("help", topic="tz")),
    ("login", C("login")),
    ("Login!", C("login")),
    ("login to what", chat("login to what")),
]

GROUP_ROWS = [
    ("create @team", C("create", target="team")),
    (
        "create @garden_club Saturday weeding crew 🌱",
        C("create", target="garden_club", text="Saturday weeding crew 🌱"),
    ),
    ("create a new group", chat("create a new group")),
    ("create", C("help", topic="create")),
    ("join @team", C("join", target="team")),
    ("JOIN @Team", C("join", target="team")),
    ("join @team!", C("join", target="team")),
    ("Join us tonight at 7", chat("Join us tonight at 7")),
    ("join @t", chat("join @t")),
    ("join @1team", chat("join @1team")),
    ("join", C("help", topic="join")),
    ("join?", C("help", topic="join")),
    ("leave @team", C("leave", target="team")),
    ("Leave it to me", chat("Leave it to me")),
    ("leave", C("help", topic="leave")),
    ("invite @team +14155552671", C("invite", target="team", invitees=("+14155552671",))),
    ("invite @team +1 415 555 2671", C("invite", target="team", invitees=("+14155552671",))),
    ("invite @team (415) 555-2671", C("invite", target="team", invitees=("(415)555-2671",))),
    (
        "invite @team 415.555.2671, @Carol, dan@example.com",
        C("invite", target="team", invitees=("415.555.2671", "carol", "dan@example.com")),
    ),
    ("invite @team @carol @dave", C("invite", target="team", invitees=("carol", "dave"))),
    (
        "invite @team +1 415 555 2671 +44 20 7946 0958",
        C("invite", target="team", invitees=("+14155552671", "+442079460958")),
    ),
    (
        "invite @team 415 555 2671 650 555 1234",
        C("invite", target="team", invitees=("4155552671", "6505551234")),
    ),
    ("invite @team @carol and @dave", C("invite", target="team", invitees=("carol", "dave"))),
    ("invite @team my sister", chat("invite @team my sister")),
    ("invite @team", chat("invite @team")),
    ("Invite everyone to the bbq", chat("Invite everyone to the bbq")),
    ("invite", C("help", topic="invite")),
    ("who @team", C("who", target="team")),
    ("Who is coming?", chat("Who is coming?")),
    ("who", chat("who")),
    ("who?", chat("who?")),
    ("groups", C("groups")),
    ("Groups?", C("groups")),
    ("groups are fun", chat("groups are fun")),
    ("private @team", C("private", target="team")),
    ("public @team", C("public", target="team")),
    ("private", C("help", topic="private")),
    ("Public speaking is hard", chat("Public speaking is hard")),
    ("admin @team @bob", C("admin", target="team", member="bob")),
    ("kick @team @Bob", C("kick", target="team", member="bob")),
    ("kick @team", chat("kick @team")),
    ("Kick the ball", chat("Kick the ball")),
    ("admin", C("help", topic="admin")),
    ("kick", C("help", topic="kick")),
]

MESSAGE_ROWS = [
    ("@team hello all", C("post", target="team", text="hello all")),
    ("@Team Héllo, ça va? 👋", C("post", target="team", text="Héllo, ça va? 👋")),
    ("@bob: are you there?", C("post", target="bob", text="are you there?")),
    ("@bob, call me", C("post", target="bob", text="call me")),
    ("@team", C("post", target="team")),
    ("@team   ", C("post", target="team")),
    ("@team\nline one\nline two", C("post", target="team", text="line one\nline two")),
    ("@team  spaced   out  ", C("post", target="team", text="spaced   out")),
    ("@team done task 12", C("post", target="team", text="done task 12")),
    ("@b hi", chat("@b hi")),
    ("@gmail.com is down", chat("@gmail.com is down")),
    ("@ home now", chat("@ home now")),
    ("@123 hi", chat("@123 hi")),
    ("d @bob see you at 5", C("dm", target="bob", text="see you at 5")),
    ("D @Bob Ñandú 🦤", C("dm", target="bob", text="Ñandú 🦤")),
    ("d @bob", C("dm", target="bob")),
    ("d @team done task 12", C("dm", target="team", text="done task 12")),
    ("D you coming?", chat("D you coming?")),
    ("d", chat("d")),
    ("R u here yet?", chat("R u here yet?")),
    ("more", C("more")),
    ("MORE", C("more")),
    ("more?", C("more")),
    ("More coffee please", chat("More coffee please")),
    ("", chat("")),
    ("   ", chat("")),
    ("\t\n", chat("")),
    ("hello", chat("hello")),
    ("  hey there  ", chat("hey there")),
    ("😀😀😀", chat("😀😀😀")),
    ("ok 👍", chat("ok 👍")),
    ("\u00a0join @team\u00a0", C("join", target="team")),
    ("join\u3000@team", C("join", target="team")),
    ("\ufeff\u200bjoin @team\u200b", C("join", target="team")),
    ("\u200b hi there \u200b", C("chat", text="hi there")),
]

TASK_ROWS = [
    ("task @team buy milk", C("task_add", target="team", text="buy milk")),
    ("t @team buy milk", C("task_add", target="team", text="buy milk")),
    ("T @Team Buy MILK", C("task_add", target="team", text="Buy MILK")),
    ("task @team buy milk @bob", C("task_add", target="team", text="buy milk", member="bob")),
    (
        "task @team buy milk due friday",
        C("task_add", target="team", text="buy milk", when="friday"),
    ),
    (
        "task @team buy milk @bob due friday 5pm",
        C("task_add", target="team", text="buy milk", member="bob", when="friday 5pm"),
    ),
    (
        "task @team pay dues due tomorrow",
        C("task_add", target="team", text="pay dues", when="tomorrow"),
    ),
    (
        "task @team fix the due date due sat",
        C("task_add", target="team", text="fix the due date", when="sat"),
    ),
    (
        "task @team return books DUE Monday",
        C("task_add", target="team", text="return books", when="Monday"),
    ),
    ("task @team crème brûlée 🍮", C("task_add", target="team", text="crème brûlée 🍮")),
    ("task @team", chat("task @team")),
    ("task @team @bob", chat("task @team @bob")),
    ("Task for tomorrow buy milk", chat("Task for tomorrow buy milk")),
    ("t", chat("t")),
    ("task", C("help", topic="task")),
    ("tasks", C("task_list")),
    ("tasks @team", C("task_list", target="team")),
    ("tasks mine", C("task_list", mine=True)),
    ("Tasks @team MINE", C("task_list", target="team", mine=True)),
    ("tasks are piling up", chat("tasks are piling up")),
    ("claim 12", C("task_claim", number=12)),
    ("claim #12", C("task_claim", number=12)),
    ("claim @team 3", C("task_claim", target="team", number=3)),
    ("claim task 7", C("task_claim", number=7)),
    ("claim", C("help", topic="claim")),
    ("done 12", C("task_done", number=12)),
    ("done #12", C("task_done", number=12)),
    ("done task 12", C("task_done", number=12)),
    ("Done @team task 12", C("task_done", target="team", number=12)),
    ("done @team 12!", C("task_done", target="team", number=12)),
    ("done", chat("done")),
    ("Done!", chat("Done!")),
    ("Done with work at 5", chat("Done with work at 5")),
    ("drop 4", C("task_drop", number=4)),
    ("drop #4", C("task_drop", number=4)),
    ("drop @team 4", C("task_drop", target="team", number=4)),
    ("drop", chat("drop")),
    ("Drop me off at 5", chat("Drop me off at 5")),
    ("reopen 4", C("task_reopen", number=4)),
    ("reopen @team task 4", C("task_reopen", target="team", number=4)),
    ("reopen", C("help", topic="reopen")),
    ("assign 3 @bob", C("task_assign", number=3, member="bob")),
    ("assign @team 3 @Bob", C("task_assign", target="team", number=3, member="bob")),
    ("assign #3 to @bob", C("task_assign", number=3, member="bob")),
    ("assign @team task 3 @bob", C("task_assign", target="team", number=3, member="bob")),
    ("assign it to bob", chat("assign it to bob")),
    ("assign", C("help", topic="assign")),
]

KARMA_ROWS = [
    ("thanks @bob", C("thanks", member="bob")),
    ("Thanks @Bob!", C("thanks", member="bob")),
    ("thanks @bob for the ride", C("thanks", member="bob", text="the ride")),
    ("thanks @bob For fixing the sink 🔧", C("thanks", member="bob", text="fixing the sink 🔧")),
    ("thanks @bob great soup", C("thanks", member="bob", text="great soup")),
    ("thank you @bob", C("thanks", member="bob")),
    ("Thank you @bob for everything", C("thanks", member="bob", text="everything")),
    ("thx @bob", C("thanks", member="bob")),
    ("+1 @bob", C("thanks", member="bob")),
    ("+1 @bob nice work", C("thanks", member="bob", text="nice work")),
    ("Thanks for picking up the trash", chat("Thanks for picking up the trash")),
    ("thanks", chat("thanks")),
    ("thx", chat("thx")),
    ("Thank you so much", chat("Thank you so much")),
    ("+1", chat("+1")),
    ("+1 to that", chat("+1 to that")),
    ("karma", C("karma")),
    ("karma @bob", C("karma", target="bob")),
    ("Karma is real", chat("Karma is real")),
    ("top", C("top")),
    ("top @team", C("top", target="team")),
    ("Top of the morning", chat("Top of the morning")),
]

FOLLOW_BOARD_ROWS = [
    ("follow @bob", C("follow", target="bob")),
    ("follow #garden", C("follow", tags=("garden",))),
    ("follow #Garden #bikes", C("follow", tags=("garden", "bikes"))),
    ("follow #garden, #car-pool", C("follow", tags=("garden", "car-pool"))),
    ("follow me", chat("follow me")),
    ("follow", C("help", topic="follow")),
    ("unfollow @bob", C("unfollow", target="bob")),
    ("unfollow #garden", C("unfollow", tags=("garden",))),
    ("following", C("following")),
    ("following you", chat("following you")),
    ("need #ride to the airport friday", C("need", tags=("ride",), text="to the airport friday")),
    (
        "need #ride #car Lift to Zürich 🚗",
        C("need", tags=("ride", "car"), text="Lift to Zürich 🚗"),
    ),
    ("Need a ride?", chat("Need a ride?")),
    ("need #ride", chat("need #ride")),
    ("need", C("help", topic="need")),
    ("offer #tools Drill to lend", C("offer", tags=("tools",), text="Drill to lend")),
    ("Offer still stands", chat("Offer still stands")),
    ("offer", C("help", topic="offer")),
    ("needs", C("needs")),
    ("needs #ride", C("needs", tags=("ride",))),
    ("Needs more salt", chat("Needs more salt")),
    ("offers", C("offers")),
    ("offers #tools #bikes", C("offers", tags=("tools", "bikes"))),
]

CONTEXT_ROWS = [
    ("find pizza", C("find", text="pizza")),
    ("find Garden hose", C("find", text="Garden hose")),
    ("Find my keys lol", chat("Find my keys lol")),
    ("find out later", chat("find out later")),
    ("find", C("help", topic="find")),
    ("last", C("last")),
    ("last @team", C("last", target="team")),
    ("Last night was fun", chat("Last night was fun")),
    ("recap", C("recap")),
    ("Recap!", C("recap")),
    ("recap of the game", chat("recap of the game")),
    ("remind me tomorrow call mom", C("remind", target="me", when="tomorrow", text="call mom")),
    (
        "remind me tomorrow at 5pm to call mom",
        C("remind", target="me", when="tomorrow at 5pm", text="to call mom"),
    ),
    (
        "remind @team fri 17:00 bring chairs",
        C("remind", target="team", when="fri 17:00", text="bring chairs"),
    ),
    (
        "Remind @Team next Monday at 5:30pm Rent due 💸",
        C("remind", target="team", when="next Monday at 5:30pm", text="Rent due 💸"),
    ),
    (
        "remind me in 2 hours feed the cat",
        C("remind", target="me", when="in 2 hours", text="feed the cat"),
    ),
    (
        "remind me on dec 24 at noon wrap gifts",
        C("remind", target="me", when="on dec 24 at noon", text="wrap gifts"),
    ),
    ("remind me tonight, take pills", C("remind", target="me", when="tonight", text="take pills")),
    ("remind me tomorrow", chat("remind me tomorrow")),
    ("remind me to call mom", chat("remind me to call mom")),
    ("Remind him to call", chat("Remind him to call")),
    ("remind", C("help", topic="remind")),
]

NEAR_MISS_ROWS = [
    ("jion @team", near("join @team")),
    ("Joni @Team", near("join @Team")),
    ("thnks @bob", near("thanks @bob")),
    ("thansk @bob for the ride", near("thanks @bob for the ride")),
    ("levae @team", near("leave @team")),
    ("craete @team Book club", near("create @team Book club")),
    ("doen 5", near("done 5")),
    ("calim #4", near("claim #4")),
    ("taks @team buy milk", near("task @team buy milk")),
    ("invte @team @carol", near("invite @team @carol")),
    ("folow #garden", near("follow #garden")),
    ("remnid me tomorrow call mom", near("remind me tomorrow call mom")),
    ("veriy 123456", near("verify 123456")),
    ("Jon is here", chat("Jon is here")),
    ("Jion the club", chat("Jion the club")),
    ("Lost", chat("Lost")),
    ("Sore", chat("Sore")),
    ("Gone @team", chat("Gone @team")),
    # The rest fits `thanks`, so even this ordinary-looking text is a near miss, by the rule.
    ("Thinks @bob is right", chat("Thinks @bob is right")),
    ("join the @team", chat("join the @team")),
]


ROWS = (
    CARRIER_ROWS + ACCOUNT_ROWS + GROUP_ROWS + MESSAGE_ROWS + TASK_ROWS + KARMA_ROWS
    + FOLLOW_BOARD_ROWS + CONTEXT_ROWS + NEAR_MISS_ROWS
)  # fmt: skip


@pytest.mark.parametrize(("text", "expected"), ROWS, ids=[repr(t) for t, _ in ROWS])
def test_parse(text: str, expected: Command) -> None:
    assert parse(text) == expected


def test_table_is_large_enough() -> None:
    assert len(ROWS) >= 170


@pytest.mark.parametrize("keyword", sorted(k for k in KEYWORDS if k.isalpha()))
def test_keywords_are_case_insensitive(keyword: str) -> None:
    for rest in ("", " @team", " @team 12", " #garden text"):
        lower, upper = parse(keyword + rest), parse(keyword.upper() + rest)
        if lower.action == "chat":
            assert upper == chat(keyword.upper() + rest)
        else:
            assert upper == lower


@pytest.mark.parametrize(
    ("name", "valid"),
    [
        ("alice", True),
        ("Alice_2", True),
        ("ab", True),
        ("a" * 20, True),
        ("a" * 21, False),
        ("a", False),
        ("2pac", False),
        ("_bob", False),
        ("bo-b", False),
        ("@bob", False),
        ("join", False),
        ("JOIN", False),
        ("all", False),
        ("admin", False),
        ("commons", False),
        ("me", False),
        ("everyone", False),
        ("stop", False),
        ("unsubscribe", False),
        ("thx", False),
        ("ſtop", False),
    ],
)
def test_is_valid_handle(name: str, valid: bool) -> None:
    assert is_valid_handle(name) is valid


def test_reserved_covers_keywords_and_carrier_words() -> None:
    assert {"all", "admin", "commons", "me", "everyone", "help", "stop", "info"} <= RESERVED
    assert {k for k in KEYWORDS if k.isalpha()} <= RESERVED
    assert KEYWORDS["t"] == "task" and KEYWORDS["thx"] == "thanks" and KEYWORDS["+1"] == "thanks"


INLINE_ROWS = [
    ("done task 12", (C("task_done", number=12),)),
    ("fixed the fence, Done Task #12 🎉", (C("task_done", number=12),)),
    ("done #3 and claim #4", (C("task_done", number=3), C("task_claim", number=4))),
    ("thanks @Bob and +1 @carol", (C("thanks", member="bob"), C("thanks", member="carol"))),
    ("thanks @bob, thanks @BOB", (C("thanks", member="bob"),)),
    ("undone task 3, claim task 4, done 5, thanks bob, a+1 @bob", ()),
    ("email me at thanks@bob.com", ()),
    ("", ()),
]


@pytest.mark.parametrize(("text", "expected"), INLINE_ROWS)
def test_inline_actions(text: str, expected: tuple[Command, ...]) -> None:
    assert inline_actions(text) == expected
