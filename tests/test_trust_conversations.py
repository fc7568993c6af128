"""Trust in conversations (issue 11): nothing reaches an audience its author did not choose.

Held texts never surface later, misfit commands are never posted, a kick keeps a member out,
STOP stops every text, private groups say nothing about themselves, and no digit of a number
is shown to anyone. Every case is a transcript through the signed Twilio webhook.
"""

from __future__ import annotations

from datetime import timedelta

import pytest

from parsers.segments import segments
from parsers.words import USAGE
from store.db import db
from store.models import HeldText, Member, Message, Outbox, Removal
from tests.deliveries import wait_until
from tests.mailboxes import bridge, mail, send  # noqa: F401 - a fixture
from tests.mailboxes import link as link_address
from tests.test_mail_roundtrip import link_by_text
from tests.webapp import _site, _twilio_site_app  # noqa: F401 - fixtures

ALICE, BOB, CAROL, DAVE, EVE = (f"+1415555{n:04d}" for n in (101, 102, 103, 104, 105))
NEW, NEWER = "+14155552671", "+14155552672"  # never texted Commons
A, B, C, E = (ALICE, "alice"), (BOB, "bob"), (CAROL, "carol"), (EVE, "eve")
WHO = "Who is this for? Reply @name within 30 min, or it won't be sent."
WHO_FAMILY = f"{WHO} E.g. @family or @work"
WELCOME = "Welcome to Commons! Pick a name: name yourname. HELP for commands."
PHOTO = [("https://api.twilio.com/media/ME1", "image/jpeg")]
DOMAIN = "commons.localhost"


def held() -> list[tuple[str, str, str | None]]:
    """Return every held text as (body, status, reason), oldest first."""
    with db.connection_context():
        return [(h.body, h.status, h.reason) for h in HeldText.select().order_by(HeldText.id)]


def posted(word: str) -> bool:
    """Tell whether any post or DM, or any text sent to anyone, contains `word`."""
    with db.connection_context():
        return (Message.select().where(Message.body.contains(word)).exists()
                or Outbox.select().where(Outbox.body.contains(word)).exists())


def age_held_texts(by: timedelta) -> None:
    """Make every held text `by` older, as if that time had passed."""
    with db.connection_context():
        for row in HeldText.select():
            HeldText.update(held_at=row.held_at - by).where(HeldText.id == row.id).execute()


def family_and_work(phones) -> None:
    """Alice in @family (with Bob) and @work (with Carol): her chat has nowhere to go."""
    phones.form({"family": [A, B], "work": [A, C]})


# Held texts -------------------------------------------------------------------------------


def test_a_held_first_text_never_goes_out_later(phones):
    phones.form({"team": [A, B]})
    phones.run(f"""
    {DAVE} > this is for my mom only
    {DAVE} < {WELCOME} | {WHO}
    {DAVE} > name dave
    {DAVE} < You are now @dave.
    {DAVE} > join @team
    {DAVE} < Welcome to @team! Post with: @team your message
    {DAVE} > @team hi all
    {ALICE} < [@team] dave: hi all
    {BOB} < [@team] dave: hi all
    {DAVE} > @team
    {DAVE} < Say something after @team, e.g. @team hello
    """)
    assert held() == [("this is for my mom only", "dropped", "next text")]
    assert not posted("mom")


def test_a_held_text_never_reaches_a_person_after_a_bare_d(phones):
    phones.form({"team": [A, B]})
    phones.run(f"""
    {DAVE} > my bank pin is 1234
    {DAVE} < {WELCOME} | {WHO}
    {DAVE} > d @bob
    {DAVE} < Say something after @bob, e.g. @bob hello
    {DAVE} > @bob
    {DAVE} < Say something after @bob, e.g. @bob hello
    """)
    assert held() == [("my bank pin is 1234", "dropped", "next text")]
    assert not posted("pin")


def test_the_very_next_bare_name_sends_a_held_text_to_a_person(phones):
    phones.form({"team": [A, B]})
    phones.run(f"""
    {DAVE} > call me when you land
    {DAVE} < {WELCOME} | {WHO}
    {DAVE} > @bob
    {BOB} < a member: call me when you land
    """)
    assert held() == [("call me when you land", "sent", None)]


def test_a_held_text_times_out_after_30_minutes(phones):
    family_and_work(phones)
    phones.run(f"""
    {ALICE} > running late
    {ALICE} < {WHO_FAMILY}
    """)
    age_held_texts(timedelta(minutes=31))
    phones.run(f"""
    {ALICE} > @family
    {ALICE} < Say something after @family, e.g. @family hello
    """)
    assert held() == [("running late", "dropped", "timeout")]
    assert not posted("running late")


@pytest.mark.full_stack  # the worker's own sweeper, on its own time
def test_the_sweeper_keeps_a_timed_out_text_as_dropped(phones):
    family_and_work(phones)
    phones.run(f"""
    {ALICE} > running late
    {ALICE} < {WHO_FAMILY}
    """)
    age_held_texts(timedelta(minutes=31))
    wait_until(lambda: HeldText.get().status == "dropped", what="the sweeper to drop it")
    assert held() == [("running late", "dropped", "timeout")]


def test_a_photo_answer_carries_the_held_text_with_it(phones):
    family_and_work(phones)
    phones.run(f"""
    {ALICE} > running late
    {ALICE} < {WHO_FAMILY}
    """)
    phones.text(ALICE, "@family", media=PHOTO)
    phones.settle()
    assert phones.received() == {BOB: ["[@family] alice: running late (photo)"]}
    assert held() == [("running late", "sent", None)]
    with db.connection_context():
        message = HeldText.get().message
        assert message is not None and message.body == "running late (photo)"


def test_a_photo_answer_that_cannot_be_sent_leaves_the_held_text_held(phones):
    family_and_work(phones)
    phones.run(f"""
    {ALICE} > call me
    {ALICE} < {WHO_FAMILY}
    """)
    phones.text(ALICE, "@famly", media=PHOTO)
    phones.settle()
    assert phones.received() == {ALICE: ["No group or member @famly. Did you mean @family?"]}
    assert held() == [("call me", "held", None)]
    phones.run(f"""
    {ALICE} > @family
    {BOB} < [@family] alice: call me
    """)


@pytest.mark.parametrize("between", [
    "groups", "help", "HELP", "d @bob", "d @bob hi", "off 1d", "tasks", "jion @family",
    "@work meeting at 5",
])
def test_any_other_text_in_between_drops_the_held_text(phones, between):
    family_and_work(phones)
    phones.run(f"""
    {ALICE} > keep this between us
    {ALICE} < {WHO_FAMILY}
    """)
    phones.text(ALICE, between)
    phones.settle()
    phones.received()  # whatever it answers, and wherever "@work meeting at 5" goes
    phones.run(f"""
    {ALICE} > @family
    {ALICE} < Say something after @family, e.g. @family hello
    """)
    assert held()[0] == ("keep this between us", "dropped", "next text")
    assert not posted("between us")


def test_stop_and_start_drop_the_held_text(phones):
    family_and_work(phones)
    phones.run(f"""
    {ALICE} > keep this between us
    {ALICE} < {WHO_FAMILY}
    {ALICE} > STOP
    {ALICE} > START
    {ALICE} > @family
    {ALICE} < Say something after @family, e.g. @family hello
    """)
    assert held() == [("keep this between us", "dropped", "next text")]


def test_the_web_box_is_a_next_text_too(phones, site):
    family_and_work(phones)
    phones.run(f"""
    {ALICE} > keep this between us
    {ALICE} < {WHO_FAMILY}
    """)
    visitor = site.visitor().log_in(ALICE)
    visitor.post("/me/text", {"body": "tasks"}, token_from="/me")
    phones.settle()
    phones.received()  # the login code
    phones.run(f"""
    {ALICE} > @family
    {ALICE} < Say something after @family, e.g. @family hello
    """)
    assert held() == [("keep this between us", "dropped", "next text")]


def test_a_mail_is_a_next_text_too(phones, bridge):  # noqa: F811 - the fixture
    family_and_work(phones)
    phones.run(f"""
    {ALICE} > keep this between us
    {ALICE} < {WHO_FAMILY}
    """)
    addresses = link_address(ALICE, "alice@example.org")
    send(bridge, mail("alice@example.org", addresses.to("work"), "Agenda is in the doc"))
    phones.settle()  # the worker's part: the mail is cleaned, then posted
    with db.connection_context():
        assert Message.select().where(Message.body.contains("Agenda")).exists()
    assert phones.received() == {CAROL: ["[@work] alice: Agenda is in the doc"]}
    phones.run(f"""
    {ALICE} > @family
    {ALICE} < Say something after @family, e.g. @family hello
    """)
    assert held() == [("keep this between us", "dropped", "next text")]


# Command words whose arguments don't fit ---------------------------------------------------

MISFITS = [
    ("off 1d", "off"), ("off @team 30m", "off"), ("create @x", "create"), ("task @team", "task"),
    ("kick @team", "kick"), ("kick @eve", "kick"), ("invite @team my sister", "invite"),
    ("join @t", "join"), ("thanks @b", "thanks"), ("need #ride", "need"),
    ("done 12 minutes ago", "done"), ("claim @team", "claim"), ("assign 12", "assign"),
    ("tasks @team @crew", "tasks"), ("follow #12", "follow"), ("who @a", "who"),
    ("whois @b", "whois"), ("verify 12", "verify"), ("remind @t fri hi", "remind"),
    ("d @b hi", "dm"), ("+1 415 555 2671", "thanks"), ("help @team", "help"),
]


def test_misfit_commands_get_their_usage_and_are_posted_nowhere(phones):
    phones.form({"team": [A, B, C]})
    senders = [BOB, ALICE, CAROL]  # taking turns: 20 texts a minute from one number is a flood
    script = "\n".join(f"{senders[i % 3]} > {text}\n{senders[i % 3]} < {USAGE[topic]}"
                       for i, (text, topic) in enumerate(MISFITS))
    phones.run(script)
    with db.connection_context():
        assert Message.select().count() == 0
        assert not Member.select().where(Member.muted_until.is_null(False)).exists()
    assert phones.received() == {}
    phones.run(f"""
    {BOB} > Thanks everyone
    {ALICE} < [@team] bob: Thanks everyone
    {CAROL} < [@team] bob: Thanks everyone
    {BOB} > Join me at the park
    {ALICE} < [@team] bob: Join me at the park
    {CAROL} < [@team] bob: Join me at the park
    """)


def test_the_usage_of_off_is_what_the_issue_asks(phones):
    phones.form({"team": [A, B]})
    phones.run(f"""
    {BOB} > off @team 30m
    {BOB} < off [@group] [hours]h, e.g. off @team 2h
    """)


def test_task_without_a_group_goes_to_the_current_group_and_says_which(phones):
    phones.form({"team": [A, B], "home": [C, A], "crew": [C]})
    phones.run(f"""
    {BOB} > task buy paper
    {BOB} < Task 1 in @team: buy paper
    {ALICE} > @home dinner at 7
    {CAROL} < [@home] alice: dinner at 7
    {ALICE} > task buy paper
    {ALICE} < Task 1 in @home: buy paper
    {CAROL} > task buy paper
    {CAROL} < Which group is this task for? Text: task @group buy paper
    """)
    with db.connection_context():
        assert Message.select().where(Message.body.contains("paper")).count() == 0


# Kick ---------------------------------------------------------------------------------------


def test_a_kicked_member_stays_out_until_an_owner_or_admin_invites_them(phones):
    phones.form({"team": [A, B, E]})
    phones.run(f"""
    {ALICE} > kick @team @eve
    {ALICE} < @eve was removed from @team.
    {EVE} < You were removed from @team. Only its owner or an admin can invite you back.
    {EVE} > join @team
    {EVE} < You were removed from @team: only its owner or an admin can invite you back.
    {ALICE} > who @team
    {ALICE} < @team (2 members): @alice @bob
    {BOB} > invite @team @eve
    {BOB} < Invited @eve to @team.
    {EVE} > join @team
    {EVE} < You were removed from @team: only its owner or an admin can invite you back.
    {ALICE} > invite @team @eve
    {ALICE} < Invited @eve to @team.
    {EVE} < @alice invited you to @team on Commons. Reply: join @team
    {EVE} > join @team
    {EVE} < Welcome to @team! Post with: @team your message
    {ALICE} > who @team
    {ALICE} < @team (3 members): @alice @bob @eve
    """)
    with db.connection_context():
        assert Removal.select().count() == 0


def test_the_web_never_lists_a_kicked_member(phones, site):
    phones.form({"team": [A, B, E]})
    phones.run(f"""
    {DAVE} > join @team
    {DAVE} < Welcome to @team! Post with: @team your message
    {ALICE} > kick @team @eve
    {ALICE} < @eve was removed from @team.
    {EVE} < You were removed from @team. Only its owner or an admin can invite you back.
    """)
    page = site.visitor().get("/@team").get_data(as_text=True)
    assert 'href="/@bob"' in page and 'href="/@eve"' not in page
    assert "a member" in page and "0104" not in page


# Opt-out ------------------------------------------------------------------------------------


def test_the_first_text_to_a_number_says_how_to_opt_out(phones):
    phones.form({"team": [A]})
    phones.run(f"""
    {DAVE} > name dave
    {DAVE} < You are now @dave.
    {ALICE} > invite @team {NEW} @dave
    {ALICE} < Invited {NEW}, @dave to @team.
    {NEW} < You are invited to @team on Commons. Reply YES to join, or STOP to opt out.
    {DAVE} < @alice invited you to @team on Commons. Reply: join @team
    """)
    description = "Saturday crew: " + "weeding, watering and planting in the shared beds " * 2
    phones.text(ALICE, f"create @garden {description[:120]}")
    phones.text(ALICE, f"invite @garden {NEWER}")
    phones.settle()
    [invite] = phones.received()[NEWER]  # a stranger: none of the inviter's words
    assert invite == "You are invited to @garden on Commons. Reply YES to join, or STOP to opt out."
    phones.text(ALICE, "invite @garden @dave")
    phones.settle()
    [invite] = phones.received()[DAVE]  # a member: the description, cut to one text
    assert invite.startswith("@alice invited you to @garden on Commons (Saturday crew:")
    assert invite.endswith("Reply: join @garden")
    assert segments(invite) == 1 and len(invite) > 150


def test_an_invite_by_number_never_tells_whose_number_it_is(phones):
    phones.form({"team": [A], "crew": [B]})
    phones.run(f"""
    {ALICE} > invite @team {BOB}
    {ALICE} < Invited {BOB} to @team.
    {BOB} < @alice invited you to @team on Commons. Reply: join @team
    {ALICE} > invite @team {BOB}
    {ALICE} < Invited {BOB} to @team.
    """)


def test_after_stop_nothing_is_texted_not_even_answers_until_start(phones):
    phones.form({"team": [A, B]})
    phones.run(f"""
    {BOB} > STOP
    {ALICE} > @team lunch at noon
    {BOB} > groups
    {BOB} > help
    {BOB} > @team can you hear me
    {BOB} > off 1d
    {ALICE} > d @bob are you there?
    {NEW} > STOP
    {ALICE} > invite @team {NEW}
    {ALICE} < Nobody in @team gets posts right now (all muted or not taking texts), so nobody got this yet.
    {ALICE} < @bob isn't receiving texts, so this wasn't delivered.
    {ALICE} < Invited {NEW} to @team.
    """)  # noqa: E501
    with db.connection_context():
        assert not Outbox.select().where(Outbox.to.in_([BOB, NEW])).where(
            Outbox.body.contains("lunch") | Outbox.body.contains("are you there")
            | Outbox.body.contains("invited")).exists()
        assert not posted("hear me")
    phones.run(f"""
    {BOB} > START
    {ALICE} > @team back on
    {BOB} < [@team] alice: back on
    """)


def test_me_shows_an_opted_out_member_as_opted_out(phones, site):
    phones.form({"team": [A]})
    visitor = site.visitor().log_in(ALICE)
    assert "opted out" not in visitor.get("/me").get_data(as_text=True)
    phones.text(ALICE, "STOP")
    phones.settle()
    assert "Texts: opted out" in visitor.get("/me").get_data(as_text=True)
    phones.text(ALICE, "START")
    phones.settle()
    assert "opted out" not in visitor.get("/me").get_data(as_text=True)


# Private groups and phone digits ------------------------------------------------------------


def test_whois_a_private_group_says_only_that_it_is_private(phones):
    phones.form({"home": [C, A]})
    phones.run(f"""
    {CAROL} > private @home
    {CAROL} < @home is now private: people join by invite.
    {BOB} > name bob
    {BOB} < You are now @bob.
    {BOB} > whois @home
    {BOB} < @home is a private group.
    {ALICE} > whois @home
    {ALICE} < @home (2 members, private): owner @carol
    """)


def test_a_member_without_a_handle_is_a_member_by_text_and_mail(phones, mailbox):
    phones.form({"team": [A, B]})
    link_by_text(phones, mailbox, name=None)  # bob is named already
    phones.run(f"""
    {DAVE} > join @team
    {DAVE} < Welcome to @team! Post with: @team your message
    {DAVE} > @team hello from me
    {ALICE} < [@team] a member: hello from me
    {DAVE} > d @alice psst
    {ALICE} < a member: psst
    {ALICE} > who @team
    {ALICE} < @team (3 members): @alice @bob a member
    {DAVE} > bio I fix bikes
    {DAVE} < Bio saved. Pick a name so others can find it: name yourname
    """)
    [post] = wait_until(lambda: mailbox.to("bob@example.org"), what="Bob's mail")
    assert post["From"].addresses[0].display_name == "a member in @team"
    assert "a member: hello from me" in post.get_content()
    with db.connection_context():
        others = Outbox.select().where(Outbox.to != DAVE)
        assert not [row.body for row in others if "0104" in row.body or "~" in row.body]
