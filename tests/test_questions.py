"""Questions by text: asked of a group, answered with a bare word, counted, never posted."""

from __future__ import annotations

import csv
import io
from datetime import timedelta

from click.testing import CliRunner

from cli.main import commons
from handlers import dates
from store.db import db
from store.models import Group, Member, Membership, Message, Outbox, utcnow
from store.questions import Answer, Question
from store.reminders import Reminder

ALICE, BOB, CAROL, DAVE = "+14155550101", "+14155550102", "+14155550103", "+14155550104"
STRANGER, OTHER = "+14155550199", "+14155550198"
A, B, C, D = (ALICE, "alice"), (BOB, "bob"), (CAROL, "carol"), (DAVE, "dave")
YES_NO = "Reply yes, no or maybe"


def ask(phones, sender: str, text: str, others: list[str], body: str) -> int:
    """Ask through the webhook; check the asker's reply and each member's copy; return its n."""
    phones.text(sender, text)
    phones.settle()
    with db.connection_context():
        question = Question.select().order_by(Question.id.desc()).get()
        asker = Member.get(Member.phone == sender)
        until = dates.show_when(question.closes_at, True, asker)
    quote = question.text if len(question.text) <= 40 else question.text[:37].rstrip() + "..."
    reply = (f"Question {question.number} sent to @{question.group.handle}: '{quote}'. Open "
             f"until {until}; results {question.number} shows the answers.")
    assert phones.received() == {sender: [reply], **{n: [body] for n in others}}
    assert question.number is not None  # given when it was saved
    return question.number


def posts() -> list[str]:
    with db.connection_context():
        return [m.body for m in Message.select().order_by(Message.id)]


def test_a_yes_no_question_is_answered_counted_replaced_and_never_posted(phones):
    phones.form({"team": [A, B, C]})
    ask(phones, ALICE, "ask @team who can drive saturday?", [BOB, CAROL],
        f"[@team] alice asks: who can drive saturday? {YES_NO}")
    phones.run(f"""
    {BOB} > Yes!
    {BOB} < Got it: yes to 'who can drive saturday?' (1 yes so far)
    {BOB} > n
    {BOB} < Changed to no: 'who can drive saturday?' (1 no so far)
    {BOB} > no
    {BOB} < Got it: no to 'who can drive saturday?' (1 no so far)
    {CAROL} > maybe
    {CAROL} < Got it: maybe to 'who can drive saturday?' (1 no, 1 maybe so far)
    {ALICE} < Everyone in @team has answered question 1: 1 no, 1 maybe. results 1 for names.
    {CAROL} > Y
    {CAROL} < Changed to yes: 'who can drive saturday?' (1 yes, 1 no so far)
    """)
    assert posts() == ["asks: who can drive saturday?"]  # the question; no answer was posted
    with db.connection_context():
        assert sorted((a.member.handle, a.choice) for a in Answer.select()) == [
            ("bob", "no"), ("carol", "yes")]


def test_an_answer_with_an_emoji_quotes_or_wide_letters_around_it_is_counted_not_posted(phones):
    phones.form({"team": [A, B, C]})
    ask(phones, ALICE, "ask @team who can drive saturday?", [BOB, CAROL],
        f"[@team] alice asks: who can drive saturday? {YES_NO}")
    phones.run(f"""
    {BOB} > Yes 👍
    {BOB} < Got it: yes to 'who can drive saturday?' (1 yes so far)
    {CAROL} > "Ｎｏ"
    {CAROL} < Got it: no to 'who can drive saturday?' (1 yes, 1 no so far)
    {ALICE} < Everyone in @team has answered question 1: 1 yes, 1 no. results 1 for names.
    """)
    assert posts() == ["asks: who can drive saturday?"]


def test_options_are_numbered_and_answered_by_number_or_word(phones):
    phones.form({"team": [A, B, C]})
    ask(phones, ALICE, "ask @team lunch friday? pizza / tacos / salad", [BOB, CAROL],
        "[@team] alice asks: lunch friday? 1 pizza 2 tacos 3 salad. Reply 1, 2 or 3")
    phones.run(f"""
    {BOB} > 2
    {BOB} < Got it: tacos to 'lunch friday?' (1 tacos so far)
    {CAROL} > Pizza!
    {CAROL} < Got it: pizza to 'lunch friday?' (1 pizza, 1 tacos so far)
    {ALICE} < Everyone in @team has answered question 1: 1 pizza, 1 tacos. results 1 for names.
    {BOB} > yes
    {BOB} < Reply 1, 2 or 3 to 'lunch friday?' (question 1).
    {BOB} > 7
    {BOB} < Reply 1, 2 or 3 to 'lunch friday?' (question 1).
    """)
    assert posts() == ["asks: lunch friday? 1 pizza 2 tacos 3 salad"]


def test_with_several_open_the_current_conversation_takes_it_and_a_number_names_one(phones):
    phones.form({"team": [A, B], "band": [C, B]})
    ask(phones, ALICE, "ask @team pizza tonight?", [BOB],
        f"[@team] alice asks: pizza tonight? {YES_NO}")
    ask(phones, CAROL, "ask @band rehearse sunday?", [BOB],
        f"[@band] carol asks: rehearse sunday? {YES_NO}")
    phones.run(f"""
    {BOB} > @team on my way
    {ALICE} < [@team] bob: on my way
    {BOB} > yes
    {BOB} < Got it: yes to 'pizza tonight?' (1 yes so far) Question 1 in @team; 1 other open too.
    {ALICE} < Everyone in @team has answered question 1: 1 yes. results 1 for names.
    {BOB} > no 2
    {BOB} < Got it: no to 'rehearse sunday?' (1 no so far)
    {CAROL} < Everyone in @band has answered question 2: 1 no. results 2 for names.
    {BOB} > yes #9
    {BOB} < No open question 9 for you.
    """)


def test_a_yes_after_a_message_from_someone_answers_them_not_an_older_question(phones):
    phones.form({"team": [A, B, C]})
    ask(phones, BOB, "ask @team who can drive saturday?", [ALICE, CAROL],
        f"[@team] bob asks: who can drive saturday? {YES_NO}")
    phones.run(f"""
    {CAROL} > @alice can you bring the chairs tonight?
    {ALICE} < @carol: can you bring the chairs tonight?
    {ALICE} > yes
    {CAROL} < @alice: yes
    {ALICE} < Sent only to @carol, who wrote to you last. To post to @team instead: @team your message
    {ALICE} > yes 1
    {ALICE} < Got it: yes to 'who can drive saturday?' (1 yes so far)
    """)  # noqa: E501 - once, carol never heard back: alice's yes went to bob's question
    ask(phones, BOB, "ask @team pizza after?", [ALICE, CAROL],
        f"[@team] bob asks: pizza after? {YES_NO}")
    phones.run(f"""
    {ALICE} > yes
    {ALICE} < Got it: yes to 'pizza after?' (1 yes so far) Question 2 in @team; 1 other open too.
    """)  # asked since carol wrote: the newest is the question


def test_a_stranger_s_message_never_takes_a_yes_meant_for_the_group(phones):
    phones.form({"team": [A, B, C], "band": [D]})
    ask(phones, BOB, "ask @team who can drive saturday?", [ALICE, CAROL],
        f"[@team] bob asks: who can drive saturday? {YES_NO}")
    phones.run(f"""
    {DAVE} > @alice want to win a prize? reply now
    {ALICE} < @dave: want to win a prize? reply now
    {ALICE} > yes
    {ALICE} < Got it: yes to 'who can drive saturday?' (1 yes so far)
    """)  # dave shares no group with alice: her yes is for the question, and he hears nothing


def test_a_post_with_a_question_mark_is_not_a_question_and_its_answers_are_posts(phones):
    phones.form({"team": [A, B, C]})
    phones.run(f"""
    {ALICE} > @team anyone seen my keys?
    {BOB} < [@team] alice: anyone seen my keys?
    {CAROL} < [@team] alice: anyone seen my keys?
    {BOB} > @team yes, on the table
    {ALICE} < [@team] bob: yes, on the table
    {CAROL} < [@team] bob: yes, on the table
    {CAROL} > yes
    {ALICE} < [@team] carol: yes
    {BOB} < [@team] carol: yes
    """)


def test_yes_is_start_only_after_stop_joins_an_invitation_and_else_answers(phones):
    phones.form({"team": [A, B], "club": [C]})
    phones.run(f"""
    {CAROL} > private @club
    {CAROL} < @club is now private: people join by invite.
    {CAROL} > invite @club @dave
    {CAROL} < Could not invite @dave: not a number or member.
    """)
    phones.run(f"""
    {DAVE} > name dave
    {DAVE} < You are now @dave.
    {CAROL} > invite @club @dave
    {CAROL} < Invited @dave to @club.
    {DAVE} < @carol invited you to @club on Commons. Reply: join @club
    {DAVE} > YES
    {DAVE} < Welcome to @club! Post with: @club your message
    """)
    ask(phones, ALICE, "ask @team pizza?", [BOB], f"[@team] alice asks: pizza? {YES_NO}")
    phones.text(BOB, "STOP")
    phones.settle()
    phones.run(f"""
    {ALICE} > @team still there bob?
    {ALICE} < Nobody in @team gets posts right now (all muted or not taking texts), so nobody got this yet.
    {BOB} > yes
    {BOB} > yes
    {BOB} < Got it: yes to 'pizza?' (1 yes so far)
    {ALICE} < Everyone in @team has answered question 1: 1 yes. results 1 for names.
    """)  # noqa: E501
    with db.connection_context():
        assert not Member.get(Member.phone == BOB).opted_out


def test_a_stranger_invited_by_number_joins_with_yes_and_no_group_is_sent_it(phones):
    phones.form({"team": [A, B, C]})
    invited = "You are invited to @team on Commons. Reply YES to join, or STOP to opt out."
    welcome = "Welcome to @team! Post with: @team your message"
    phones.run(f"""
    {ALICE} > invite @team {STRANGER} {OTHER}
    {ALICE} < Invited {STRANGER}, {OTHER} to @team.
    {STRANGER} < {invited}
    {OTHER} < {invited}
    {BOB} > @team on my way
    {ALICE} < [@team] bob: on my way
    {CAROL} < [@team] bob: on my way
    {STRANGER} > YES
    {STRANGER} < {welcome}
    """)
    # Twilio may take YES for an opt-in keyword (Advanced Opt-Out): it still joins.
    phones.text(OTHER, "YES", OptOutType="START")
    phones.settle()
    assert phones.received() == {OTHER: [welcome]}
    # No invitation and no open question: a member's YES is plain chat, as any sentence is.
    phones.run(f"""
    {BOB} > Yes!
    {ALICE} < [@team] bob: Yes!
    {CAROL} < [@team] bob: Yes!
    {STRANGER} < [@team] bob: Yes!
    {OTHER} < [@team] bob: Yes!
    """)
    assert posts() == ["on my way", "Yes!"]  # nobody's YES to an invitation was posted
    with db.connection_context():
        joined = Member.select().join(Membership).join(Group).where(Group.handle == "team")
        assert {m.phone for m in joined} == {ALICE, BOB, CAROL, STRANGER, OTHER}


def test_a_yes_answers_a_question_asked_after_an_invitation_and_joins_one_sent_after(phones):
    phones.form({"team": [A, B, C], "garden": [D]})
    phones.text(DAVE, "private @garden")
    phones.text(DAVE, "invite @garden @bob")
    phones.settle()
    phones.received()  # dave's answers and bob's invitation
    ask(phones, ALICE, "ask @team pizza friday?", [BOB, CAROL],
        f"[@team] alice asks: pizza friday? {YES_NO}")
    # The question came after the invitation: bob's yes is for it, as he meant.
    phones.text(BOB, "yes")
    phones.settle()
    assert [t.startswith("Got it: yes to 'pizza friday?'") for t in phones.received()[BOB]] \
        == [True]
    # An invitation after the question: a yes now takes it up.
    phones.text(DAVE, "invite @garden @carol")
    phones.settle()
    phones.received()
    phones.text(CAROL, "yes")
    phones.settle()
    assert phones.received() == {CAROL: ["Welcome to @garden! Post with: @garden your message"]}
    with db.connection_context():
        assert [a.member.handle for a in Answer.select()] == ["bob"]
        garden = Member.select().join(Membership).join(Group).where(Group.handle == "garden")
        assert {m.handle for m in garden} == {"dave", "carol"}


def test_a_kicked_member_or_an_outsider_cannot_answer_and_a_stopped_one_gets_nothing(phones):
    phones.form({"team": [A, B, C, D]})
    ask(phones, ALICE, "ask @team who is in?", [BOB, CAROL, DAVE],
        f"[@team] alice asks: who is in? {YES_NO}")
    phones.text(DAVE, "STOP")
    phones.settle()
    phones.run(f"""
    {ALICE} > kick @team @carol
    {ALICE} < @carol was removed from @team.
    {CAROL} < You were removed from @team. Only its owner or an admin can invite you back.
    {CAROL} > yes
    {CAROL} < Who is this for? Reply @name within 30 min, or it won't be sent.
    {CAROL} > yes 1
    {CAROL} < No open question 1 for you.
    {DAVE} > maybe
    """)
    with db.connection_context():
        assert Answer.select().count() == 0


def fire_due(phones, **where) -> None:
    """Bring the matching pending reminders to now and let the worker's sweep fire them."""
    with db.connection_context():
        query = Reminder.update(due_at=utcnow() - timedelta(minutes=1)).where(
            Reminder.status == "pending")
        for name, value in where.items():
            query = query.where(getattr(Reminder, name) == value)
        assert query.execute()
    phones.worker.next_sweep = 0  # the sweep finds them late and wakes a firing
    phones.settle()
    phones.settle()  # the firing it queued runs, and its texts are delivered


def test_results_name_who_gave_each_answer_to_members_only(phones):
    phones.form({"team": [A, B, C, D], "other": [(STRANGER, "sam")]})
    ask(phones, ALICE, "ask @team lunch? pizza / tacos", [BOB, CAROL, DAVE],
        "[@team] alice asks: lunch? 1 pizza 2 tacos. Reply 1 or 2")
    with db.connection_context():
        until = dates.show_when(Question.get().closes_at, True, Member.get(Member.phone == BOB))
    phones.run(f"""
    {BOB} > 2
    {BOB} < Got it: tacos to 'lunch?' (1 tacos so far)
    {CAROL} > tacos
    {CAROL} < Got it: tacos to 'lunch?' (2 tacos so far)
    {BOB} > results
    {BOB} < Question 1 in @team: lunch? (open until {until}) | 1 pizza 0 | 2 tacos 2: @bob @carol | no answer 1: @dave
    {STRANGER} > results 1
    {STRANGER} < You're not in @team. Text: join @team
    {STRANGER} > results @team
    {STRANGER} < You're not in @team. Text: join @team
    {STRANGER} > results 7
    {STRANGER} < No question 7.
    """)  # noqa: E501


def test_nudge_reasks_only_those_who_have_not_answered_and_only_for_the_asker_or_admins(phones):
    phones.form({"team": [A, B, C, D]})
    ask(phones, ALICE, "ask @team who can drive saturday?", [BOB, CAROL, DAVE],
        f"[@team] alice asks: who can drive saturday? {YES_NO}")
    phones.run(f"""
    {BOB} > yes
    {BOB} < Got it: yes to 'who can drive saturday?' (1 yes so far)
    {CAROL} > nudge 1
    {CAROL} < Only the one who asked, or @team's owner or an admin, can nudge question 1.
    {ALICE} > nudge
    {ALICE} < Nudged 2 who haven't answered question 1.
    {CAROL} < [@team] alice asks again: who can drive saturday? {YES_NO}
    {DAVE} < [@team] alice asks again: who can drive saturday? {YES_NO}
    {CAROL} > no
    {CAROL} < Got it: no to 'who can drive saturday?' (1 yes, 1 no so far)
    {DAVE} > yes
    {DAVE} < Got it: yes to 'who can drive saturday?' (2 yes, 1 no so far)
    {ALICE} < Everyone in @team has answered question 1: 2 yes, 1 no. results 1 for names.
    {ALICE} > nudge 1
    {ALICE} < Everyone asked has answered question 1.
    """)


def test_the_asker_is_told_when_it_closes_and_answers_then_are_refused(phones):
    phones.form({"team": [A, B, C]})
    ask(phones, ALICE, "ask @team pizza?", [BOB, CAROL], f"[@team] alice asks: pizza? {YES_NO}")
    phones.run(f"""
    {BOB} > yes
    {BOB} < Got it: yes to 'pizza?' (1 yes so far)
    """)
    fire_due(phones, kind="closes")
    assert phones.received() == {
        ALICE: ["Question 1 in @team closed: 1 yes. results 1 for names."]}
    phones.run(f"""
    {CAROL} > no 1
    {CAROL} < Question 1 is closed: results 1 shows the answers.
    {ALICE} > nudge 1
    {ALICE} < Question 1 is closed: nothing to nudge.
    """)


def test_answering_is_a_small_capped_contribution_shown_in_karma(phones):
    phones.form({"team": [A, B]})
    for n, topic in enumerate(("pizza?", "tacos?", "salad?", "soup?"), start=1):
        ask(phones, ALICE, f"ask @team {topic}", [BOB], f"[@team] alice asks: {topic} {YES_NO}")
        phones.run(f"""
        {BOB} > yes {n}
        {BOB} < Got it: yes to '{topic}' (1 yes so far)
        {ALICE} < Everyone in @team has answered question {n}: 1 yes. results {n} for names.
        """)
    phones.run(f"""
    {BOB} > no 4
    {BOB} < Changed to no: 'soup?' (1 no so far)
    {BOB} > karma
    {BOB} < You have 3 points: tasks done 0, thanks 0, needs met 0, answers 3.
    {ALICE} > karma
    {ALICE} < You have 0 points: tasks done 0, thanks 0, needs met 0.
    """)


def test_answers_export_as_csv_without_numbers_unless_asked(phones, deployment):
    phones.form({"team": [A, B, C]})
    for number, text in [(ALICE, "ask @team lunch? pizza / tacos"), (BOB, "2"),
                         (CAROL, "pizza"), (ALICE, "ask @team =drive?"), (BOB, "no")]:
        phones.text(number, text)
        phones.settle()
    settings, _, _ = deployment
    result = CliRunner().invoke(commons, ["export", "answers", "@team"], obj=settings)
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert [(r["question"], r["text"], r["member"], r["answer"]) for r in rows] == [
        ("1", "lunch?", "@bob", "2 tacos"), ("1", "lunch?", "@carol", "1 pizza"),
        ("2", "'=drive?", "@bob", "no")]
    assert BOB not in result.stdout and "phone" not in rows[0]
    one = CliRunner().invoke(commons, ["export", "answers", "@team", "2", "--with-numbers"],
                             obj=settings)
    rows = list(csv.DictReader(io.StringIO(one.stdout)))
    assert [(r["member"], r["answer"], r["phone"]) for r in rows] == [("@bob", "no", BOB)]


def test_a_question_waits_out_a_members_quiet_hours_and_they_may_answer_meanwhile(phones):
    phones.form({"team": [A, B, C]})
    with db.connection_context():
        hour = dates.local_now(Member.get(Member.phone == BOB), utcnow()).hour
    phones.run(f"""
    {BOB} > quiet {hour}-{(hour + 2) % 24}
    {BOB} < Quiet {dates.show_hour(hour)}-{dates.show_hour((hour + 2) % 24)} your time (America/Los_Angeles): posts wait and come as one text after. quiet off ends it.
    """)  # noqa: E501
    ask(phones, ALICE, "ask @team pizza?", [CAROL], f"[@team] alice asks: pizza? {YES_NO}")
    with db.connection_context():
        held = Outbox.select().join(Member).where(Member.phone == BOB).order_by(Outbox.id.desc())
        assert held.first().status == "quiet"  # held for Bob, as a post is
    phones.run(f"""
    {BOB} > yes
    {BOB} < Got it: yes to 'pizza?' (1 yes so far)
    """)


def test_answers_as_people_text_them_are_counted_and_a_thanks_after_no_is_still_a_thanks(phones):
    phones.form({"team": [A, B, C, D]})
    ask(phones, ALICE, "ask @team who can drive saturday?", [BOB, CAROL, DAVE],
        f"[@team] alice asks: who can drive saturday? {YES_NO}")
    phones.run(f"""
    {BOB} > yes please
    {BOB} < Got it: yes to 'who can drive saturday?' (1 yes so far)
    {CAROL} > No thanks!
    {CAROL} < Got it: no to 'who can drive saturday?' (1 yes, 1 no so far)
    {DAVE} > can’t
    {DAVE} < Got it: no to 'who can drive saturday?' (1 yes, 2 no so far)
    {ALICE} < Everyone in @team has answered question 1: 1 yes, 2 no. results 1 for names.
    {BOB} > nope
    {BOB} < Changed to no: 'who can drive saturday?' (3 no so far)
    {CAROL} > yes!!
    {CAROL} < Changed to yes: 'who can drive saturday?' (1 yes, 2 no so far)
    {DAVE} > yep
    {DAVE} < Changed to yes: 'who can drive saturday?' (2 yes, 1 no so far)
    {BOB} > Sure, thank you
    {BOB} < Changed to yes: 'who can drive saturday?' (3 yes so far)
    {CAROL} > no thanks @bob
    {ALICE} < [@team] carol: no thanks @bob
    {BOB} < [@team] carol: no thanks @bob
    {DAVE} < [@team] carol: no thanks @bob
    {DAVE} > yes please bring chips
    {ALICE} < [@team] dave: yes please bring chips
    {BOB} < [@team] dave: yes please bring chips
    {CAROL} < [@team] dave: yes please bring chips
    """)
    assert posts() == ["asks: who can drive saturday?", "no thanks @bob",
                       "yes please bring chips"]


def test_a_courteous_yes_from_a_number_that_stopped_is_no_start(phones):
    phones.form({"team": [A, B]})
    phones.text(BOB, "STOP")
    phones.settle()
    phones.text(BOB, "yes please")
    phones.settle()
    assert phones.received() == {}
    with db.connection_context():
        assert Member.get(Member.phone == BOB).opted_out
