"""Replies a first-time user reads right: they say what happened, in words and counts people use."""

from __future__ import annotations

from handlers.context import MORE_HINT
from store.cooperation import Follow, Task
from store.db import db
from store.ledger import TASKS_PER_PAIR_PER_DAY
from store.models import Group, Member, Outbox
from tests.phones import created
from tests.webapp import _site, _twilio_site_app  # noqa: F401 - fixtures

ALICE, BOB, CAROL, DAN = "+14155550101", "+14155550102", "+14155550103", "+14155550104"
A, B, C, D = (ALICE, "alice"), (BOB, "bob"), (CAROL, "carol"), (DAN, "dan")


def test_a_post_that_does_a_task_names_it_and_its_creator_outside_the_group_hears(phones):
    phones.form({"team": [A, B, C]})
    phones.run(f"""
    {ALICE} > task @team fix the sink
    {ALICE} < Task 1 in @team: fix the sink
    {ALICE} > task @team buy paper for the printer in the hall upstairs
    {ALICE} < Task 2 in @team: buy paper for the printer in the hall upstairs
    {CAROL} > d @team claim #2 tonight
    {CAROL} < You took task 2 in @team. Text done 2 when it's done.
    {ALICE} < [@team] carol: claim #2 tonight (buy paper for the printer...: taken)
    {BOB} < [@team] carol: claim #2 tonight (buy paper for the printer...: taken)
    {ALICE} > leave @team
    {ALICE} < You left @team; @bob owns it now.
    {BOB} < You own @team now: @alice left it.
    {BOB} > d @team done task 1
    {BOB} < Done: task 1 in @team (fix the sink). +3 points for you.
    {CAROL} < [@team] bob: done task 1 (fix the sink: done)
    {ALICE} < @bob finished task 1 in @team: fix the sink
    {BOB} > @team done task 1 again?
    {BOB} < Task 1 in @team is done already.
    {CAROL} < [@team] bob: done task 1 again?
    """)


def test_a_dm_that_does_a_task_names_it_to_its_reader(phones):
    phones.form({"team": [A, B]})
    phones.run(f"""
    {ALICE} > task @team fix the sink
    {ALICE} < Task 1 in @team: fix the sink
    {BOB} > d @alice done task 1, it was the washer
    {BOB} < Done: task 1 in @team (fix the sink). +3 points for you.
    {ALICE} < @bob: done task 1, it was the washer (fix the sink: done)
    """)


def test_points_taken_back_from_a_need_are_told_and_free_the_days_cap(phones):
    phones.form({"alices": [A], "bobs": [B]})
    phones.run(f"""
    {ALICE} > need #ride to the airport friday
    {ALICE} < Need 1 is on the board for #ride. You'll hear when someone takes it.
    {BOB} > claim need 1
    {BOB} < You took need 1 from @alice: to the airport friday. Text d @alice to arrange it.
    {ALICE} < @bob will help with your need 1. When it's met, text: done need 1
    {ALICE} > done need 1
    {ALICE} < Need 1 is met. @bob earned 5 points. Thank them: thanks @bob
    {BOB} < @alice says need 1 is met: +5 points for you. Thanks!
    {ALICE} > reopen need 1
    {ALICE} < Need 1 is open again; @bob's 5 points for it were taken back.
    {BOB} < @alice reopened need 1: your 5 points for it were taken back.
    {ALICE} > done need 1
    {ALICE} < Need 1 is met. @bob earned 5 points. Thank them: thanks @bob
    {BOB} < @alice says need 1 is met: +5 points for you. Thanks!
    {ALICE} > drop need 1
    {ALICE} < Need 1 is off the board; @bob's 5 points for it were taken back.
    {BOB} < @alice took need 1 off the board: your 5 points for it were taken back.
    {BOB} > karma
    {BOB} < You have 0 points: tasks done 0, thanks 0, needs met 0.
    {ALICE} > reopen need 1
    {ALICE} < Need 1 is open again.
    """)


def test_a_reopened_task_no_longer_counts_toward_the_days_cap_for_the_pair(phones):
    phones.form({"team": [A, B]})
    lines = []
    for n in range(1, TASKS_PER_PAIR_PER_DAY + 2):
        lines += [f"{ALICE} > task @team chore {n}", f"{ALICE} < Task {n} in @team: chore {n}"]
    for n in range(1, TASKS_PER_PAIR_PER_DAY + 1):
        lines += [f"{BOB} > done {n}",
                  f"{BOB} < Done: task {n} in @team (chore {n}). +3 points for you.",
                  f"{ALICE} < @bob finished task {n} in @team: chore {n}"]
    last = TASKS_PER_PAIR_PER_DAY
    lines += [
        f"{ALICE} > reopen {last}",
        f"{ALICE} < Task {last} in @team is open again; @bob's 3 points for it were taken back.",
        f"{BOB} < @alice reopened task {last} in @team: your 3 points for it were taken back.",
        f"{BOB} > done {last + 1}",
        f"{BOB} < Done: task {last + 1} in @team (chore {last + 1}). +3 points for you.",
        f"{ALICE} < @bob finished task {last + 1} in @team: chore {last + 1}",
        f"{BOB} > done {last}",
        f"{BOB} < Done: task {last} in @team (chore {last}). No points: that's the day's most for "
        "tasks from @alice.",
        f"{ALICE} < @bob finished task {last} in @team: chore {last}",
    ]
    phones.run("\n".join(lines))


def test_one_point_is_one_point(phones):
    phones.form({"team": [A, B]})
    phones.run(f"""
    {ALICE} > task @team water the plants
    {ALICE} < Task 1 in @team: water the plants
    {ALICE} > done 1
    {ALICE} < Done: task 1 in @team (water the plants). +1 point for you.
    {ALICE} > karma
    {ALICE} < You have 1 point: tasks done 1, thanks 0, needs met 0.
    {BOB} > karma @alice
    {BOB} < @alice has 1 point: tasks done 1, thanks 0, needs met 0.
    {BOB} > karma @team
    {BOB} < @team: 1 point in all. You: 0 points (0%).
    {BOB} > thanks @alice
    {BOB} < Thanked @alice.
    {ALICE} < @bob thanked you (+1 point; you have 2 points)
    """)


def test_tasks_says_whose_tasks_follow(phones):
    phones.form({"team": [A, B], "home": [A]})
    phones.run(f"""
    {ALICE} > task @team fix the sink @bob
    {ALICE} < Task 1 in @team: fix the sink (for @bob)
    {BOB} < @alice gave you task 1 in @team: fix the sink. Text done @team 1 when it's done.
    {ALICE} > task @home water plants
    {ALICE} < Task 1 in @home: water plants
    {ALICE} > tasks
    {ALICE} < Open tasks in @team: | 1 fix the sink (@bob) | @home: | 1 water plants
    {ALICE} > tasks mine
    {ALICE} < You have no open tasks. See them all: tasks
    {BOB} > tasks mine
    {BOB} < Your tasks in @team: | 1 fix the sink
    """)


def test_create_says_the_group_is_public_and_how_to_change_it(phones):
    phones.run(f"""
    {ALICE} > create @home
    {ALICE} < {created("home")}
    {ALICE} > private @home
    {ALICE} < @home is now private: people join by invite.
    {BOB} > name bob
    {BOB} < You are now @bob.
    {BOB} > join @home
    {BOB} < @home is private: ask a member to invite you.
    """)
    assert created("home").startswith(
        "Created @home (public: anyone can join; private @home to change).")


def test_a_name_with_accents_is_refused_with_a_plain_letter_suggestion(phones):
    phones.run(f"""
    {ALICE} > name José
    {ALICE} < Names use plain letters a-z, digits and _ so every phone can type them: try name jose
    {ALICE} > name jose
    {ALICE} < You are now @jose.
    {BOB} > name Zoë
    {BOB} < Names use plain letters a-z, digits and _ so every phone can type them: try name zoe
    """)
    with db.connection_context():
        assert Member.get(Member.phone == BOB).handle is None


def test_following_what_you_already_follow_takes_no_room(phones):
    phones.form({"team": [A, B]})
    with db.connection_context():
        alice = Member.get(Member.phone == ALICE)
        Follow.insert_many([{"follower": alice.id, "tag": f"tag{n}"} for n in range(48)]).execute()
    phones.run(f"""
    {ALICE} > follow @bob
    {ALICE} < You follow @bob: their posts in public groups reach you.
    {ALICE} > follow #garden
    {ALICE} < You follow #garden: public posts with them reach you.
    {ALICE} > follow @bob
    {ALICE} < You follow @bob: their posts in public groups reach you.
    {ALICE} > follow #garden #tag3
    {ALICE} < You follow #garden #tag3: public posts with them reach you.
    {ALICE} > follow #garden #beans
    {ALICE} < You follow 50 people and tags already: unfollow some first.
    """)


def test_needs_and_offers_are_numbered_each_on_their_own(phones):
    phones.form({"launch": [A], "studio": [B], "print": [C]})
    to_help = "To help, reply: claim need 1"
    welcome = "Welcome to Commons! Pick a name: name yourname. HELP for commands."
    matched = "Needs you could help with: | 1 logo for flyer (@alice) | Take one: claim need 1"
    offers = "2 #design #print flyers printed cheap (@carol) | 1 #design logos and posters (@bob)"
    phones.run(f"""
    {BOB} > offer #design logos and posters
    {BOB} < Offer 1 is on the board for #design.
    {DAN} > follow #design
    {DAN} < {welcome} | You follow #design: public posts with them reach you.
    {ALICE} > need #design logo for flyer
    {ALICE} < Need 1 is on the board for #design. You'll hear when someone takes it.
    {BOB} < [need 1 #design] alice: logo for flyer | {to_help}
    {DAN} < [need 1 #design] alice: logo for flyer | {to_help}
    {CAROL} > offer #design #print flyers printed cheap
    {CAROL} < Offer 2 is on the board for #design #print. | {matched}
    {DAN} < [offer 2 #design #print] carol: flyers printed cheap
    {ALICE} > offers
    {ALICE} < Offers: | {offers}
    {ALICE} > needs #design
    {ALICE} < Open needs for #design: | 1 logo for flyer (@alice) | To help: claim need 1
    {BOB} > claim need 1
    {BOB} < You took need 1 from @alice: logo for flyer. Text d @alice to arrange it.
    {ALICE} < @bob will help with your need 1. When it's met, text: done need 1
    {ALICE} > claim need 2
    {ALICE} < No need 2. See them: needs
    """)


def test_a_long_reply_pages_by_text_and_comes_whole_in_the_web_box(phones, site):
    phones.form({"team": [A]})
    with db.connection_context(), db.atomic():
        team, alice = Group.get(Group.handle == "team"), Member.get(Member.phone == ALICE)
        for n in range(1, 21):
            Task.create(group=team, number=n, text=f"chore number {n}", creator=alice)
    phones.text(ALICE, "tasks")
    phones.settle()
    [texted] = phones.received()[ALICE]
    assert texted.endswith(MORE_HINT)  # by text: one segment, the rest behind `more`
    visitor = site.visitor().log_in(ALICE)
    visitor.post("/me/text", {"body": "tasks"}, token_from="/me")
    phones.settle()
    with db.connection_context():
        shown = Outbox.select().where(Outbox.channel == "web").order_by(Outbox.id.desc()).get()
    assert MORE_HINT not in shown.body  # the page has room for it all
    assert shown.body.splitlines() == ["Open tasks in @team:"] + [
        f"{n} chore number {n}" for n in range(1, 21)]
