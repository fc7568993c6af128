"""Thanks and karma, end to end: points with reasons, caps, shares, and inline actions in posts."""

from __future__ import annotations

from handlers.quiet import SAY as QUIET
from parsers.counts import plural
from parsers.segments import segments
from store import ledger
from store.cooperation import Contribution, Task
from store.db import db
from store.models import Member, Message

ALICE, BOB, CAROL, DAN = "+14155550101", "+14155550102", "+14155550103", "+14155550104"
A, B, C, D = (ALICE, "alice"), (BOB, "bob"), (CAROL, "carol"), (DAN, "dan")


def test_thanks_gives_a_point_and_says_who_and_why(phones):
    phones.form({"team": [A, B]})
    phones.run(f"""
    {ALICE} > thanks @bob for the logo
    {ALICE} < Thanked @bob.
    {BOB} < @alice thanked you: the logo (+1 point; you have 1 point)
    {ALICE} > +1 @bob
    {ALICE} < Thanked @bob.
    {BOB} < @alice thanked you (+1 point; you have 2 points)
    {BOB} > karma
    {BOB} < You have 2 points: tasks done 0, thanks 2, needs met 0.
    {ALICE} > karma @bob
    {ALICE} < @bob has 2 points: tasks done 0, thanks 2, needs met 0.
    """)
    with db.connection_context():
        entry = Contribution.select().order_by(Contribution.id).first()
        assert (entry.giver.handle, entry.member.handle, entry.group.handle) == (
            "alice", "bob", "team")
        assert (entry.kind, entry.points, entry.reason) == ("thanks", 1, "the logo")
        assert entry.inbound.body == "thanks @bob for the logo"


def test_thanks_that_count_for_nothing_change_nothing(phones):
    phones.form({"team": [A, B], "solo": [D]})
    phones.run(f"""
    {ALICE} > thanks @alice for being me
    {ALICE} < You can't thank yourself, but keep it up!
    {ALICE} > thanks @dan
    {ALICE} < You and @dan share no group: thank people you work with.
    {ALICE} > thanks @zed for nothing
    {ALICE} < No member @zed.
    {ALICE} > thanks @team
    {ALICE} < @team is a group: thank a person, e.g. thanks @name
    {ALICE} > d @dan +1 @dan for the help
    {ALICE} < You and @dan share no group: thank people you work with.
    {DAN} < @alice: +1 @dan for the help
    """)
    with db.connection_context():
        assert Contribution.select().count() == 0


def test_thanks_are_capped_per_person_and_per_day(phones):
    people = [(f"+1415555020{i}", f"friend{i}") for i in range(4)]
    phones.form({"team": [A, *people]})
    lines = []
    for number, handle in people[:3]:
        for n in range(1, 4):
            lines += [f"{ALICE} > thanks @{handle}", f"{ALICE} < Thanked @{handle}.",
                      f"{number} < @alice thanked you (+1 point; you have {plural(n, 'point')})"]
    number, handle = people[3]
    lines += [f"{ALICE} > thanks @friend0",
              f"{ALICE} < You've thanked @friend0 3 times today: that's the most per day.",
              f"{ALICE} > thanks @{handle}", f"{ALICE} < Thanked @{handle}.",
              f"{number} < @alice thanked you (+1 point; you have 1 point)",
              f"{ALICE} > thanks @{handle}",
              f"{ALICE} < You've given 10 thanks today: that's the most per day."]
    phones.run("\n".join(lines))
    with db.connection_context():
        assert Contribution.select().count() == 10


def test_shares_of_a_group_add_up_to_100(phones):
    top = "Top in @team (points, share): | 1. @bob 3 (50%) | 2. @carol 2 (33%) | 3. @alice 1 (17%)"
    phones.form({"team": [A, B, C]})
    phones.run(f"""
    {ALICE} > task @team paint the shed
    {ALICE} < Task 1 in @team: paint the shed
    {BOB} > done 1
    {BOB} < Done: task 1 in @team (paint the shed). +3 points for you.
    {ALICE} < @bob finished task 1 in @team: paint the shed
    {BOB} > thanks @carol for the brushes
    {BOB} < Thanked @carol.
    {CAROL} < @bob thanked you: the brushes (+1 point; you have 1 point)
    {ALICE} > thanks @carol
    {ALICE} < Thanked @carol.
    {CAROL} < @alice thanked you (+1 point; you have 2 points)
    {CAROL} > thanks @alice
    {CAROL} < Thanked @alice.
    {ALICE} < @carol thanked you (+1 point; you have 1 point)
    {CAROL} > top @team
    {CAROL} < {top}
    {CAROL} > karma @team
    {CAROL} < @team: 6 points in all. You: 2 points (33%).
    {ALICE} > top
    {ALICE} < {top}
    """)


def test_equal_points_show_equal_shares_and_the_odd_percent_goes_to_nobody(phones):
    # 1 point each: 33.3% each. 34, 33, 33 would show one of three equals ahead; 33 each is
    # what each holds, to the whole percent, and the 1% no tie can split is nobody's.
    top = "Top in @team (points, share): | 1. @alice 1 (33%) | 2. @bob 1 (33%) | 3. @carol 1 (33%)"
    phones.form({"team": [A, B, C]})
    phones.run(f"""
    {ALICE} > thanks @bob
    {ALICE} < Thanked @bob.
    {BOB} < @alice thanked you (+1 point; you have 1 point)
    {BOB} > thanks @carol
    {BOB} < Thanked @carol.
    {CAROL} < @bob thanked you (+1 point; you have 1 point)
    {CAROL} > thanks @alice
    {CAROL} < Thanked @alice.
    {ALICE} < @carol thanked you (+1 point; you have 1 point)
    {CAROL} > top @team
    {CAROL} < {top}
    {ALICE} > karma @team
    {ALICE} < @team: 3 points in all. You: 1 point (33%).
    {BOB} > karma @team
    {BOB} < @team: 3 points in all. You: 1 point (33%).
    """)


def test_shares_round_ties_alike_and_otherwise_add_up_to_100():
    assert ledger.shares([1, 1, 1]) == [33, 33, 33]
    assert ledger.shares([5, 5, 1]) == [45, 45, 9]  # 45.45 each: neither tie gets 46
    assert ledger.shares([2, 2, 1, 1]) == [33, 33, 17, 17]  # ties that can share it, do
    assert ledger.shares([4, 3, 2]) == [45, 33, 22]
    assert ledger.shares([3, 2, 1]) == [50, 33, 17]
    assert ledger.shares([1] * 7) == [14] * 7
    assert ledger.shares([0]) == [0]
    for values in ([7, 5, 5, 3, 1], [9, 9, 9, 2], [1] * 30, [100, 1, 1], [6, 3, 3, 3]):
        got = ledger.shares(values)
        exact = [100 * v / sum(values) for v in values]
        assert all(abs(g - e) < 1 for g, e in zip(got, exact, strict=True)), (values, got)
        assert sorted(got, reverse=True) == got  # more points never show a smaller share
        assert 100 - sum(got) < max(values.count(v) for v in values)


def test_inline_actions_in_a_post_are_carried_out_and_confirmed_once(phones):
    phones.form({"team": [A, B, C]})
    post = "done task 1, thanks @carol for the sketches"
    phones.run(f"""
    {ALICE} > task @team design the logo
    {ALICE} < Task 1 in @team: design the logo
    {BOB} > d @team {post}
    {BOB} < Done: task 1 in @team (design the logo). +3 points for you. | Thanked @carol.
    {ALICE} < [@team] bob: {post} (design the logo: done)
    {CAROL} < [@team] bob: {post} (design the logo: done)
    {CAROL} > @team claim #2 and done #9 please
    {CAROL} < No task 2 in @team. | No task 9 in @team.
    {ALICE} < [@team] carol: claim #2 and done #9 please
    {BOB} < [@team] carol: claim #2 and done #9 please
    """)
    with db.connection_context():
        task = Task.get()
        assert task.done_by is not None
        assert (task.status, task.done_by.handle) == ("done", "bob")
        posted = Message.get(Message.body.startswith(post))
        kinds = {(e.kind, e.member.handle, e.message_id) for e in Contribution.select()}
        assert kinds == {("task", "bob", posted.id), ("thanks", "carol", posted.id)}


def test_someone_who_does_not_read_the_post_is_told_by_text(phones):
    phones.form({"team": [A, B, C]})
    phones.run(f"""
    {ALICE} > task @team sweep up
    {ALICE} < Task 1 in @team: sweep up
    {ALICE} > off @team
    {ALICE} < @team muted. Text on @team to unmute. | {QUIET["offer"]}
    {BOB} > @team done #1 thanks @alice for the broom
    {BOB} < Done: task 1 in @team (sweep up). +3 points for you. | Thanked @alice.
    {CAROL} < [@team] bob: done #1 thanks @alice for the broom (sweep up: done)
    {ALICE} < @bob finished task 1 in @team: sweep up
    {ALICE} < @bob thanked you (+1 point; you have 1 point)
    """)


def test_inline_thanks_in_a_dm_reaches_the_person_once(phones):
    phones.form({"team": [A, B]})
    phones.run(f"""
    {ALICE} > d @bob thanks @bob for the ride!
    {ALICE} < Thanked @bob.
    {BOB} < @alice: thanks @bob for the ride!
    {BOB} > thanks @alice
    {BOB} < Thanked @alice.
    {ALICE} < @bob thanked you (+1 point; you have 1 point)
    """)
    with db.connection_context():
        assert {(e.member.handle, e.group and e.group.handle) for e in Contribution.select()} == {
            ("bob", "team"), ("alice", "team")}


def test_one_person_can_receive_only_so_many_thanks_a_day(phones):
    phones.form({"team": [A, B]})
    with db.connection_context(), db.atomic():  # twenty throwaway numbers already thanked bob
        bob = Member.get(Member.handle == "bob")
        for i in range(ledger.THANKS_RECEIVED_PER_DAY):
            giver = Member.create(phone=f"+1415555{3000 + i}")
            ledger.credit(bob, "thanks", giver=giver)
    phones.run(f"""
    {ALICE} > thanks @bob
    {ALICE} < @bob has had 20 thanks today, the most per day. Try tomorrow!
    """)
    with db.connection_context():
        assert ledger.points(Member.get(Member.handle == "bob")) == 20


def test_sentences_that_mention_tasks_are_only_posted(phones):
    phones.form({"team": [A, B]})
    phones.run(f"""
    {ALICE} > task @team book the venue
    {ALICE} < Task 1 in @team: book the venue
    {BOB} > @team I haven't done task 1 yet, sorry
    {ALICE} < [@team] bob: I haven't done task 1 yet, sorry
    {BOB} > @team we could claim #1 spot in the league
    {ALICE} < [@team] bob: we could claim #1 spot in the league
    {BOB} > @team no thanks @alice, I'm fine
    {ALICE} < [@team] bob: no thanks @alice, I'm fine
    """)
    with db.connection_context():
        assert Task.get().status == "open"
        assert Contribution.select().count() == 0


def test_a_long_reason_is_shortened_to_keep_the_notice_one_text(phones):
    phones.form({"team": [A, B]})
    reason = "the " + "very " * 40 + "long ride"
    phones.text(ALICE, f"thanks @bob for {reason}")
    phones.settle()
    got = phones.received()
    assert got[ALICE] == ["Thanked @bob."]
    [notice] = got[BOB]
    assert notice.startswith("@alice thanked you: the very very") and "..." in notice
    assert segments(notice) == 1
    with db.connection_context():
        assert Contribution.get().reason == reason


def test_karma_and_top_of_a_group_no_one_may_see_say_why(phones):
    phones.form({"team": [A, B], "club": [C]})
    phones.run(f"""
    {CAROL} > private @club
    {CAROL} < @club is now private: people join by invite.
    {ALICE} > karma @nosuch
    {ALICE} < No group or member @nosuch.
    {ALICE} > top @nosuch
    {ALICE} < No group or member @nosuch.
    {ALICE} > karma @club
    {ALICE} < You're not in @club, a private group: ask a member to invite you.
    {ALICE} > top @club
    {ALICE} < You're not in @club, a private group: ask a member to invite you.
    {CAROL} > top @club
    {CAROL} < No points in @club yet. Finish a task or thank someone!
    """)
