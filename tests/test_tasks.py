"""Tasks, end to end: a task's whole life, bare numbers and their groups, and bad input."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from parsers.segments import segments
from store.cooperation import Contribution, Task
from store.db import db

ALICE, BOB, CAROL = "+14155550101", "+14155550102", "+14155550103"
A, B, C = (ALICE, "alice"), (BOB, "bob"), (CAROL, "carol")


def today() -> date:
    """Return today's date where +1415 numbers live."""
    return datetime.now(ZoneInfo("America/Los_Angeles")).date()


def shown(day: date) -> str:
    """Show a day as replies do: "Fri Nov 27"."""
    return f"{day:%a %b} {day.day}"


def next_weekday(weekday: int) -> str:
    """Show the next `weekday` (0 is Monday), today included."""
    return shown(today() + timedelta(days=(weekday - today().weekday()) % 7))


def test_a_task_from_creation_to_done_and_reopened(phones):
    phones.form({"team": [A, B, C]})
    fri = next_weekday(4)
    given = f"gave you task 1 in @team: fix the sink (due {fri}). Text done @team 1 when it's done."
    phones.run(f"""
    {ALICE} > task @team fix the sink @bob due fri
    {ALICE} < Task 1 in @team: fix the sink (for @bob, due {fri})
    {BOB} < @alice {given}
    {BOB} > tasks @team
    {BOB} < Open tasks in @team: | 1 fix the sink (@bob, due {fri})
    {CAROL} > claim @team 1
    {CAROL} < Task 1 in @team is taken by @bob.
    {BOB} > drop 1
    {BOB} < You dropped task 1 in @team: it's open for others now.
    {CAROL} > claim #1
    {CAROL} < You took task 1 in @team. Text done 1 when it's done.
    {CAROL} > tasks mine
    {CAROL} < Your tasks in @team: | 1 fix the sink (due {fri})
    {CAROL} > done task 1
    {CAROL} < Done: task 1 in @team (fix the sink). +3 points for you.
    {ALICE} < @carol finished task 1 in @team: fix the sink
    {BOB} > done 1
    {BOB} < Task 1 in @team is done already.
    {CAROL} > karma
    {CAROL} < You have 3 points: tasks done 1, thanks 0, needs met 0.
    {ALICE} > reopen 1
    {ALICE} < Task 1 in @team is open again; @carol's 3 points for it were taken back.
    {CAROL} < @alice reopened task 1 in @team: your 3 points for it were taken back.
    {CAROL} > karma
    {CAROL} < You have 0 points: tasks done 0, thanks 0, needs met 0.
    {ALICE} > assign 1 @bob
    {ALICE} < Task 1 in @team is now @bob's.
    {BOB} < @alice {given}
    {BOB} > done @team 1
    {BOB} < Done: task 1 in @team (fix the sink). +3 points for you.
    {ALICE} < @bob finished task 1 in @team: fix the sink
    """)
    with db.connection_context():
        entries = [(e.member.handle, e.kind, e.points)
                   for e in Contribution.select().order_by(Contribution.id)]
        assert entries == [("carol", "task", 3), ("carol", "reversal", -3), ("bob", "task", 3)]
        reversal = Contribution.select().where(Contribution.kind == "reversal").get()
        assert reversal.reverses is not None and reversal.task is not None
        assert reversal.reverses.kind == "task" and reversal.task.number == 1
        assert all(e.inbound_id for e in Contribution.select())
        task = Task.get()
        assert task.done_by is not None
        assert (task.status, task.done_by.handle, task.creator.handle) == ("done", "bob", "alice")


def test_four_tasks_under_one_heading_line_name_three_in_the_first_segment(phones):
    # Alice is in two groups, so the list once began "Open tasks in your groups: | @team:",
    # and its first segment named two tasks.
    phones.form({"team": [A, B], "home": [A]})
    phones.run(f"""
    {ALICE} > task @team bring the first aid kit to the picnic
    {ALICE} < Task 1 in @team: bring the first aid kit to the picnic
    {ALICE} > task @team call the city about the park permit
    {ALICE} < Task 2 in @team: call the city about the park permit
    {ALICE} > task @team buy milk and cups for the meeting
    {ALICE} < Task 3 in @team: buy milk and cups for the meeting
    {ALICE} > task @team book the hall for friday night
    {ALICE} < Task 4 in @team: book the hall for friday night
    {ALICE} > tasks
    {ALICE} < Open tasks in @team: | 1 bring the first aid kit to the picnic | 2 call the city about the park permit | 3 buy milk and cups for the meeting (more for the rest)
    {ALICE} > more
    {ALICE} < @team: | 4 book the hall for friday night
    """)  # noqa: E501


def test_tasks_are_numbered_per_group_and_listed(phones):
    phones.form({"team": [A, B], "home": [A]})
    home = "@home: | 1 water plants (@alice)"
    phones.run(f"""
    {ALICE} > task @team buy milk
    {ALICE} < Task 1 in @team: buy milk
    {ALICE} > t @team paint the fence
    {ALICE} < Task 2 in @team: paint the fence
    {ALICE} > task @home water plants @alice
    {ALICE} < Task 1 in @home: water plants (for @alice)
    {ALICE} > tasks
    {ALICE} < Open tasks in @team: | 1 buy milk | 2 paint the fence | {home}
    {ALICE} > tasks mine
    {ALICE} < Your tasks in @home: | 1 water plants
    {BOB} > tasks
    {BOB} < Open tasks in @team: | 1 buy milk | 2 paint the fence
    {BOB} > tasks @home
    {BOB} < You're not in @home. Text: join @home
    {BOB} > tasks mine
    {BOB} < You have no open tasks. See them all: tasks
    """)


def test_a_bare_number_uses_the_current_group_or_asks_which(phones):
    phones.form({"team": [A, B], "home": [A, B]})
    phones.run(f"""
    {ALICE} > task @team buy milk
    {ALICE} < Task 1 in @team: buy milk
    {ALICE} > task @home fix the gate
    {ALICE} < Task 1 in @home: fix the gate
    {ALICE} > task @home call the vet
    {ALICE} < Task 2 in @home: call the vet
    {BOB} > done 1
    {BOB} < Which group's task 1? Text done @team 1 or done @home 1
    {BOB} > claim 2
    {BOB} < You took task 2 in @home. Text done 2 when it's done.
    {BOB} > @team on my way
    {ALICE} < [@team] bob: on my way
    {BOB} > done 1
    {BOB} < Done: task 1 in @team (buy milk). +3 points for you.
    {ALICE} < @bob finished task 1 in @team: buy milk
    {BOB} > done 7
    {BOB} < No task 7 in @team. See them: tasks @team
    """)
    with db.connection_context():
        statuses = {(t.group.handle, t.number): t.status for t in Task.select()}
    assert statuses == {("team", 1): "done", ("home", 1): "open", ("home", 2): "taken"}


def test_task_n_done_completes_it_as_done_n_does(phones):
    # "task 2 done" once made a task titled "2 done".
    phones.form({"team": [A, B, C]})
    phones.run(f"""
    {ALICE} > @team who can help this week?
    {BOB} < [@team] alice: who can help this week?
    {CAROL} < [@team] alice: who can help this week?
    {ALICE} > task fix the sink
    {ALICE} < Task 1 in @team: fix the sink
    {ALICE} > task buy milk
    {ALICE} < Task 2 in @team: buy milk
    {ALICE} > task: call the city
    {ALICE} < Task 3 in @team: call the city
    {ALICE} > task 2 done
    {ALICE} < Done: task 2 in @team (buy milk). +1 point for you.
    {BOB} > finish 1
    {BOB} < Done: task 1 in @team (fix the sink). +3 points for you.
    {ALICE} < @bob finished task 1 in @team: fix the sink
    {CAROL} > claim3
    {CAROL} < You took task 3 in @team. Text done 3 when it's done.
    """)
    with db.connection_context():
        statuses = {t.number: (t.status, t.text) for t in Task.select()}
    assert statuses == {1: ("done", "fix the sink"), 2: ("done", "buy milk"),
                        3: ("taken", "call the city")}


def test_completing_your_own_task_is_worth_less_and_capped(phones):
    phones.form({"team": [A]})
    lines = []
    for n in range(1, 7):
        lines += [f"{ALICE} > task @team chore {n}", f"{ALICE} < Task {n} in @team: chore {n}"]
    for n in range(1, 6):
        lines += [f"{ALICE} > done {n}",
                  f"{ALICE} < Done: task {n} in @team (chore {n}). +1 point for you."]
    lines += [f"{ALICE} > done 6",
              f"{ALICE} < Done: task 6 in @team (chore 6). No points: that's the day's most for "
              "your own tasks.",
              f"{ALICE} > karma",
              f"{ALICE} < You have 5 points: tasks done 6, thanks 0, needs met 0."]
    phones.run("\n".join(lines))
    with db.connection_context():
        assert sum(e.points for e in Contribution.select()) == 5


def test_bad_task_input_gets_a_short_reply_and_changes_nothing(phones):
    phones.form({"team": [A, B], "other": [C]})
    phones.run(f"""
    {ALICE} > task @team fix it due feb 30
    {ALICE} < Can't read the due date "feb 30". Try e.g. due fri 5pm or due dec 3
    {ALICE} > task @team fix it due next week
    {ALICE} < Can't read the due date "next week". Try e.g. due fri 5pm or due dec 3
    {ALICE} > task @team fix it due yesterday
    {ALICE} < That due date has passed: {shown(today() - timedelta(days=1))}.
    {ALICE} > task @team fix it @zed
    {ALICE} < No member @zed.
    {ALICE} > task @team fix it @carol
    {ALICE} < @carol is not in @team: invite them first.
    {ALICE} > task @other fix it
    {ALICE} < You're not in @other. Text: join @other
    {ALICE} > task @nope fix it
    {ALICE} < No group @nope.
    {ALICE} > done 3
    {ALICE} < No task 3 in @team. See them: tasks @team
    {CAROL} > done @team 1
    {CAROL} < You're not in @team. Text: join @team
    {ALICE} > task @team {"x" * 201}
    {ALICE} < Keep a task under 200 characters.
    {ALICE} > task @team fix it due dec 3 3026
    {ALICE} < Can't read the due date "dec 3 3026". Try e.g. due fri 5pm or due dec 3
    """)
    with db.connection_context():
        assert Task.select().count() == 0
        assert Contribution.select().count() == 0


def test_only_the_holder_drops_and_only_people_involved_reopen(phones):
    phones.form({"team": [A, B, C]})
    phones.run(f"""
    {ALICE} > task @team mow the lawn @bob
    {ALICE} < Task 1 in @team: mow the lawn (for @bob)
    {BOB} < @alice gave you task 1 in @team: mow the lawn. Text done @team 1 when it's done.
    {CAROL} > drop 1
    {CAROL} < Task 1 in @team isn't yours to drop.
    {CAROL} > assign 1 @carol
    {CAROL} < Task 1 is @bob's: only they, its creator or an admin can give it away.
    {BOB} > assign 1 @carol
    {BOB} < Task 1 in @team is now @carol's.
    {CAROL} < @bob gave you task 1 in @team: mow the lawn. Text done @team 1 when it's done.
    {CAROL} > done 1
    {CAROL} < Done: task 1 in @team (mow the lawn). +3 points for you.
    {ALICE} < @carol finished task 1 in @team: mow the lawn
    {BOB} > reopen 1
    {BOB} < Only its creator, whoever did it or an admin can reopen task 1.
    {BOB} > reopen 2
    {BOB} < No task 2 in @team. See them: tasks @team
    """)


def test_more_pages_through_a_long_task_list(phones):
    phones.form({"team": [A]})
    with db.connection_context(), db.atomic():
        from store.models import Group, Member
        team, alice = Group.get(Group.handle == "team"), Member.get(Member.handle == "alice")
        for n in range(1, 41):
            Task.create(group=team, number=n, text=f"chore number {n} of the big spring clean",
                        creator=alice)
    pages = []
    for text in ["tasks @team"] + ["more"] * 20:
        phones.text(ALICE, text)
        phones.settle()
        pages += phones.received()[ALICE]
        if pages[-1] == "Nothing more to show.":
            break
    assert pages[-1] == "Nothing more to show."
    pages = pages[:-1]
    assert all(segments(page.replace(" | ", "\n")) == 1 for page in pages)  # a text each
    assert all(page.endswith(" (more for the rest)") for page in pages[:-1])
    shown = " | ".join(p.removesuffix(" (more for the rest)") for p in pages)
    for n in range(1, 41):
        assert f"{n} chore number {n} of the big spring clean" in shown
    assert shown.startswith("Open tasks in @team: | 1 chore number 1 ")


def test_a_due_time_is_read_in_the_senders_zone_and_shown_in_each_readers(phones):
    phones.form({"team": [A, B]})
    day = shown(today() + timedelta(days=1))
    told = "Text done @team 1 when it's done."
    phones.run(f"""
    {BOB} > tz America/New_York
    {BOB} < Time zone set to America/New_York.
    {ALICE} > task @team call the plumber @bob due tomorrow 5pm
    {ALICE} < Task 1 in @team: call the plumber (for @bob, due {day}, 5:00pm)
    {BOB} < @alice gave you task 1 in @team: call the plumber (due {day}, 8:00pm). {told}
    {BOB} > tasks
    {BOB} < Open tasks in @team: | 1 call the plumber (@bob, due {day}, 8:00pm)
    """)


def test_completing_one_persons_tasks_is_capped_per_day(phones):
    phones.form({"team": [A, B]})
    lines = []
    for n in range(1, 7):
        lines += [f"{ALICE} > task @team errand {n}", f"{ALICE} < Task {n} in @team: errand {n}"]
    for n in range(1, 6):
        lines += [f"{BOB} > done {n}",
                  f"{BOB} < Done: task {n} in @team (errand {n}). +3 points for you.",
                  f"{ALICE} < @bob finished task {n} in @team: errand {n}"]
    lines += [f"{BOB} > done 6",
              f"{BOB} < Done: task 6 in @team (errand 6). No points: that's the day's most for "
              "tasks from @alice.",
              f"{ALICE} < @bob finished task 6 in @team: errand 6"]
    phones.run("\n".join(lines))
    with db.connection_context():
        assert sum(e.points for e in Contribution.select()) == 15


def test_a_task_about_something_due_is_not_a_due_date(phones):
    phones.form({"team": [A]})
    phones.run(f"""
    {ALICE} > task @team read the due diligence report
    {ALICE} < Task 1 in @team: read the due diligence report
    {ALICE} > task @team pay the dues due the 5th
    {ALICE} < Task 2 in @team: pay the dues (due {shown(fifth())})
    """)


def fifth() -> date:
    """Return the next 5th of a month, today included."""
    day = today()
    while day.day != 5:
        day += timedelta(days=1)
    return day
