"""Events by text: RSVPs are answers, a prompt the day before, a reminder an hour before."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from handlers import dates, repeats
from parsers.times import find
from store.db import db
from store.models import Member, Outbox, utcnow
from store.questions import Question
from store.reminders import Reminder
from tests.test_questions import ALICE, BOB, CAROL, DAVE, A, B, C, D, fire_due


def event(phones, text: str, others: list[str]) -> str:
    """Announce an event; check what the asker and each member got; return its time shown."""
    phones.text(ALICE, text)
    phones.settle()
    with db.connection_context():
        question = Question.select().order_by(Question.id.desc()).get()
        when = dates.show_when(question.start, True, Member.get(Member.phone == ALICE))
    n = question.number
    assert phones.received() == {
        ALICE: [f"Event {n} sent to @team: {question.text}, {when}. results {n} shows who's "
                "coming."],
        **{o: [f"[@team] alice: {question.text}, {when}. Coming? Reply yes, no or maybe"]
           for o in others}}
    return when


def test_rsvps_are_answers_results_say_who_is_coming_and_prompts_and_reminders_fire(phones):
    phones.form({"team": [A, B, C, D]})
    when = event(phones, "event @team in 3 days at 10am park cleanup", [BOB, CAROL, DAVE])
    with db.connection_context():
        start = Question.get().start
        local = repeats.to_local(start, Member.get(Member.phone == BOB))
        prompt = Reminder.select().where(Reminder.kind == "soon").get()
        assert prompt.due_at == start - timedelta(hours=1)
    phones.run(f"""
    {BOB} > yes
    {BOB} < Got it: coming to 'park cleanup' (1 coming so far)
    {CAROL} > maybe
    {CAROL} < Got it: maybe to 'park cleanup' (1 coming, 1 maybe so far)
    {DAVE} > no
    {DAVE} < Got it: not coming to 'park cleanup' (1 coming, 1 not coming, 1 maybe so far)
    {ALICE} < Everyone in @team has answered question 1: 1 coming, 1 not coming, 1 maybe. results 1 for names.
    {ALICE} > results 1
    {ALICE} < Event 1 in @team: park cleanup, {when} (open until {when}) | coming 1: @bob | not coming 1: @dave | maybe 1: @carol
    """)  # noqa: E501
    with db.connection_context():
        confirms = list(Reminder.select().where(Reminder.kind == "confirm"))
        assert sorted(r.member.name for r in confirms) == ["bob", "carol"]
        day_before = repeats.to_local(confirms[0].due_at, Member.get(Member.phone == BOB))
        assert (day_before.date(), day_before.hour) == (local.date() - timedelta(days=1), 18)
    fire_due(phones, kind="confirm")
    ask_again = "Tomorrow: park cleanup, {when} (@team event 1). Still coming? Reply yes 1 or no 1"
    assert phones.received() == {BOB: [ask_again.format(when=when)],
                                 CAROL: [ask_again.format(when=when)]}
    phones.run(f"""
    {CAROL} > no 1
    {CAROL} < Changed to not coming: 'park cleanup' (1 coming, 2 not coming so far)
    """)
    fire_due(phones, kind="soon")
    assert phones.received() == {BOB: [f"In an hour: park cleanup, {when} (@team event 1)."]}


def test_the_day_before_prompt_waits_out_quiet_hours(phones):
    phones.form({"team": [A, B]})
    event(phones, "event @team in 3 days at 10am park cleanup", [BOB])
    with db.connection_context():
        hour = repeats.to_local(utcnow(), Member.get(Member.phone == BOB)).hour
    phones.text(BOB, f"quiet {hour}-{(hour + 2) % 24}")
    phones.text(BOB, "yes")
    phones.settle()
    phones.received()
    fire_due(phones, kind="confirm")
    assert phones.received() == {}  # held until the quiet hours end
    with db.connection_context():
        assert Reminder.select().where(Reminder.kind == "confirm").get().status == "fired"


def test_cancel_event_tells_everyone_who_said_yes_and_only_its_asker_or_admins_may(phones):
    phones.form({"team": [A, B, C, D]})
    when = event(phones, "event @team in 3 days at 10am park cleanup", [BOB, CAROL, DAVE])
    phones.run(f"""
    {BOB} > yes
    {BOB} < Got it: coming to 'park cleanup' (1 coming so far)
    {CAROL} > no
    {CAROL} < Got it: not coming to 'park cleanup' (1 coming, 1 not coming so far)
    {DAVE} > cancel event 1
    {DAVE} < Only the one who asked, or @team's owner or an admin, can cancel event 1.
    {ALICE} > cancel event 1
    {ALICE} < Event 1 cancelled; told the 1 who said yes or maybe.
    {BOB} < Cancelled: park cleanup, {when} (@team event 1), by @alice.
    {DAVE} > yes 1
    {DAVE} < Question 1 is closed: results 1 shows the answers.
    {ALICE} > cancel
    """)
    with db.connection_context():
        assert {r.status for r in Reminder.select().where(Reminder.kind != "closes")} <= {
            "cancelled"}
        assert Member.get(Member.phone == ALICE).opted_out  # cancel alone is still STOP


def test_an_event_needs_a_time_of_day_ahead_and_a_what(phones):
    phones.form({"team": [A, B]})
    phones.run(f"""
    {ALICE} > event @team park cleanup
    {ALICE} < I couldn't read the time in 'park cleanup': try 'event @team sat 10am park cleanup'
    {ALICE} > event @team tomorrow 10am
    {ALICE} < What is the event? Try: event @team tomorrow 10am park cleanup
    {BOB} > event @nope sat 10am picnic
    {BOB} < No group @nope.
    """)


def once(every: str) -> str:
    """Return the answer to an event that names a repeat, as its sender sees it."""
    return (f"An event is one day and time, and '{every}' is more: send one for each, like event "
            "@team sat 10am park cleanup. Nothing was sent.")


def test_an_event_that_repeats_is_asked_about_and_none_of_it_reaches_the_group(phones):
    phones.form({"team": [A, B, C]})
    phones.run(f"""
    {ALICE} > event @team every saturday 10am park cleanup
    {ALICE} < {once("every saturday")}
    {ALICE} > event @team every other sat 10am park cleanup
    {ALICE} < {once("every other sat")}
    {ALICE} > event @team on fridays 6pm potluck
    {ALICE} < {once("on fridays")}
    {ALICE} > event @team sat 25pm park cleanup
    {ALICE} < I couldn't read the time in 'sat 25pm park cleanup': try 'event @team sat 10am park cleanup'
    """)  # noqa: E501 - every step checks every phone: bob and carol get nothing
    with db.connection_context():
        assert not Question.select().exists()
    # A name that only sounds like one is an event on its day.
    event(phones, "event @team mon 6pm weekly meeting, a dish for everyone", [BOB, CAROL])


def test_an_event_whose_moment_is_unclear_is_asked_about_and_reaches_nobody(phones):
    phones.form({"team": [A, B, C]})
    unclear = "I couldn't read the time in '{}': try 'event @team sat 10am park cleanup'"
    texts = ["sat from 9 to 11 park cleanup",  # was sent as 10:51 today ("9 to 11")
             "meet at 5 in room 204 tomorrow",  # was sent for 5pm today
             "potluck at 6, or at 7 on friday",
             "limpieza de 9 a 11 el sábado"]
    for text in texts:
        phones.run(f"""
        {ALICE} > event @team {text}
        {ALICE} < {unclear.format(text)}
        """)  # every step checks every phone: bob and carol get nothing
    with db.connection_context():
        assert not Question.select().exists()
    event(phones, "event @team tomorrow at 5 meet in room 204", [BOB, CAROL])
    event(phones, "event @team dec 20 6pm christmas party", [BOB, CAROL])  # a holiday's name


def test_a_title_may_begin_with_an_ordinal_after_a_whole_day_and_time(phones):
    phones.form({"team": [A, B]})
    with db.connection_context():
        alice = Member.get(Member.phone == ALICE)
    now = repeats.to_local(utcnow(), alice)
    today = now.date()
    soon = today + timedelta(days=40)
    next_nine = today + timedelta(days=1 if now.hour >= 9 else 0)
    for text, title, weekday, hour in [
            ("event @team sat 9am first shift", "first shift", 5, 9),
            ("event @team 9am sat first shift", "first shift", 5, 9),
            ("event @team fri 6pm second round", "second round", 4, 18),
            ("event @team tomorrow 10am 1st aid training", "1st aid training",
             (today.weekday() + 1) % 7, 10),
            ("event @team sat 10am 3rd clean-up", "3rd clean-up", 5, 10),
            ("event @team 9am first shift", "first shift", next_nine.weekday(), 9),
            (f"event @team {soon:%B} {soon.day} {soon.year} 9am x", "x", soon.weekday(), 9),
            (f"event @team {soon:%B} {soon.day}th 9am first aid", "first aid", soon.weekday(), 9)]:
        event(phones, text, [BOB])
        with db.connection_context():
            question = Question.select().order_by(Question.id.desc()).get()
            start = repeats.to_local(question.start, alice)
        assert (question.text, start.weekday(), start.hour) == (title, weekday, hour), text
        assert now < start <= now + timedelta(days=41), text
    phones.run(f"""
    {ALICE} > event @team june 1 2027 9am x
    {ALICE} < Questions and events go at most 90 days ahead.
    """)


def test_a_date_said_in_its_own_words_keeps_its_ordinal():
    now = datetime(2026, 12, 7, 7, 50, tzinfo=ZoneInfo("America/New_York"))  # a Monday

    def read(text: str) -> tuple[str, str] | None:
        span = find(text, now, accept=lambda reading: reading.has_time)
        return None if span is None else (span.when, span.rest(text))

    assert read("sat 9am first shift") == ("sat 9am", "first shift")
    assert read("9am sat first shift") == ("9am sat", "first shift")
    assert read("9am saturday second shift") == ("9am saturday", "second shift")
    assert read("remind me sat 9am first aid class") == ("sat 9am", "remind me first aid class")
    for dated in ("sat 9am on the 1st", "sat 9am the 1st", "march 1st 9am", "friday the 1st 9am",
                  "jan 2nd 10am", "9am sat 1st", "9am sat the first"):
        assert read(f"{dated} x") == (dated, "x"), dated
    assert read("9am sat first") == ("9am sat first", "")  # no title after it: the date


def test_rsvps_as_people_text_them(phones):
    phones.form({"team": [A, B, C, D]})
    event(phones, "event @team in 3 days at 10am park cleanup", [BOB, CAROL, DAVE])
    phones.run(f"""
    {BOB} > Yes please 👍
    {BOB} < Got it: coming to 'park cleanup' (1 coming so far)
    {CAROL} > Can't, sorry
    {CAROL} < Got it: not coming to 'park cleanup' (1 coming, 1 not coming so far)
    {CAROL} > can't make it
    {CAROL} < Got it: not coming to 'park cleanup' (1 coming, 1 not coming so far)
    {DAVE} > Count me in!
    {DAVE} < Got it: coming to 'park cleanup' (2 coming, 1 not coming so far)
    {ALICE} < Everyone in @team has answered question 1: 2 coming, 1 not coming. results 1 for names.
    {DAVE} > not sure
    {DAVE} < Changed to maybe: 'park cleanup' (1 coming, 1 not coming, 1 maybe so far)
    """)  # noqa: E501


def hours_pass(hours: float) -> None:
    """Bring every event's start, and what was written for it, `hours` nearer (time passing)."""
    with db.connection_context():
        for question in Question.select():
            question.starts_at = question.start - timedelta(hours=hours)
            question.closes_at -= timedelta(hours=hours)
            question.save(only=[Question.starts_at, Question.closes_at])
        for row in Outbox.select().where(Outbox.expires_at.is_null(False)):
            assert row.expires_at is not None
            row.expires_at = row.expires_at - timedelta(hours=hours)
            row.save(only=[Outbox.expires_at])


def quiet_now(phones, number: str) -> None:
    """Set quiet hours for `number` that hold what is sent now."""
    with db.connection_context():
        hour = repeats.to_local(utcnow(), Member.get(Member.phone == number)).hour
    phones.text(number, f"quiet {hour}-{(hour + 2) % 24}")
    phones.settle()
    phones.received()


def test_a_reminder_held_through_quiet_hours_is_dropped_once_the_event_has_started(phones):
    phones.form({"team": [A, B, C]})
    event(phones, "event @team in 3 days at 10am park cleanup", [BOB, CAROL])
    phones.text(BOB, "yes")
    phones.text(CAROL, "yes")
    phones.settle()
    phones.received()
    quiet_now(phones, BOB)
    quiet_now(phones, CAROL)
    fire_due(phones, kind="confirm")
    fire_due(phones, kind="soon")
    assert phones.received() == {}  # held until the quiet hours end
    hours_pass(4 * 24)  # the event has started: "In an hour" and "Still coming?" are over
    phones.run(f"""
    {BOB} > quiet off
    {BOB} < Quiet hours off: posts come as they are sent.
    """)
    hours_pass(-4 * 24)  # for carol the event is still ahead: what was held comes
    phones.text(CAROL, "quiet off")
    phones.settle()
    off, held = sorted(phones.received()[CAROL], key=lambda text: not text.startswith("Quiet"))
    assert off == "Quiet hours off: posts come as they are sent."
    assert held.startswith("Tomorrow: park cleanup") and " | In an hour: park cleanup" in held
    with db.connection_context():
        assert Outbox.select().where(Outbox.member == Member.get(Member.phone == BOB).id,
                                     Outbox.status == "expired").count() == 2


def test_an_hour_before_reminder_fired_late_after_the_start_is_not_sent(phones):
    phones.form({"team": [A, B]})
    event(phones, "event @team in 3 days at 10am park cleanup", [BOB])
    phones.text(BOB, "yes")
    phones.settle()
    phones.received()
    hours_pass(4 * 24)  # the workers were away while the event started
    fire_due(phones, kind="confirm")
    fire_due(phones, kind="soon")
    assert phones.received() == {}
