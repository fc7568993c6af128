"""Commons is not a spam relay: what every phone receives when invitations are abused (issue 24).

The attack as it was tried: a new number creates @promo1 with a link in its description,
invites ten strangers, does the same with @promo2 for the same numbers, invites numbers
abroad, and mails `commands+TOKEN@` thirty invitations at once. Now a stranger is sent only
the group's name and how to join or stop, once a week at most; a member names a few numbers a
day over every door; numbers abroad are refused; and a text waits for the invitee's hours.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from handlers import dates
from handlers.invitations import SAY
from handlers.quiet import SAY as QUIET
from store.db import db
from store.models import Group, Invitation, Invite, Member, Membership, Outbox
from tests.mailboxes import link, mail, own_address, send
from tests.phones import created
from tests.test_answer_crowd import storm

SPAMMER, OTHER = "+14155557001", "+14155557002"
ALICE, BOB, CAROL, DAVE = "+14155550101", "+14155550102", "+14155550103", "+14155550104"
A, B, C, D = (ALICE, "alice"), (BOB, "bob"), (CAROL, "carol"), (DAVE, "dave")
STRANGERS = [f"+1415555{n:04d}" for n in range(3001, 3041)]
ABROAD = ["+2348031234567", "+8613800138000", "+79161234567", "+919876543210"]
PITCH = "WIN a FREE iPhone: claim at evil.example/x"


def invitation(group: str) -> str:
    return f"You are invited to @{group} on Commons. Reply YES to join, or STOP to opt out."


def daily(limit: int = 5, left: int = 5) -> str:
    return SAY["daily"].format(limit=limit, left=left)


def test_the_relay_attack_reaches_strangers_with_no_word_of_the_spammers(phones):
    ten, first_five = " ".join(STRANGERS[:10]), ", ".join(STRANGERS[:5])
    phones.run(f"""
    {SPAMMER} > create @promo1 {PITCH}
    {SPAMMER} < {created("promo1")}
    {SPAMMER} > invite @promo1 {ten}
    {SPAMMER} < {daily()}
    {SPAMMER} > invite @promo1 {" ".join(STRANGERS[:5])}
    {SPAMMER} < Invited {first_five} to @promo1.
    """ + "\n".join(f"{n} < {invitation('promo1')}" for n in STRANGERS[:5]) + f"""
    {SPAMMER} > create @promo2 {PITCH}
    {SPAMMER} < {created("promo2")}
    {SPAMMER} > invite @promo2 {" ".join(STRANGERS[:5])}
    {SPAMMER} < Invited {first_five} to @promo2.
    {SPAMMER} > invite @promo2 {STRANGERS[5]}
    {SPAMMER} < {daily(left=0)}
    {SPAMMER} > invite @promo1 {" ".join(ABROAD)}
    {SPAMMER} < Nobody invited: invitations go only to numbers in US, not {", ".join(ABROAD)[:60]}.
    {OTHER} > create @promo3 {PITCH}
    {OTHER} < {created("promo3")}
    {OTHER} > invite @promo3 {" ".join(STRANGERS[:5])}
    {OTHER} < Invited {first_five} to @promo3.
    """)
    with db.connection_context():  # each stranger's newest open invitation is the one texted
        for number in STRANGERS[:5]:
            stranger = Member.get(Member.phone == number)
            newest = (Invite.select().where(Invite.member == stranger)
                      .order_by(Invite.created_at.desc(), Invite.id.desc()).first())
            assert newest.group.handle == "promo1"
        assert not Member.select().where(Member.phone.in_(ABROAD)).exists()


def test_one_mail_of_thirty_invitations_texts_five_and_the_texts_count_too(phones, bridge):
    phones.form({"team": [A, B]})
    link(ALICE, "alice@example.com")
    lines = "\n".join(f"invite @team {' '.join(STRANGERS[at:at + 5])}" for at in range(0, 30, 5))
    send(bridge, mail("alice@example.com", own_address(ALICE, "commands"), lines))
    phones.settle()
    assert phones.received() == {n: [invitation("team")] for n in STRANGERS[:5]}
    phones.run(f"""
    {ALICE} > invite @team {STRANGERS[30]}
    {ALICE} < {daily(left=0)}
    {ALICE} > invite @team {STRANGERS[0]}
    {ALICE} < Invited {STRANGERS[0]} to @team.
    """)
    with db.connection_context():
        doors = {row.door for row in Invitation.select()}
    assert doors == {"mail", "text"}


def test_the_owner_of_a_group_with_history_may_invite_more(phones):
    phones.form({"team": [A, B, C, D], "fresh": [A]})
    ten = STRANGERS[:10]
    phones.run(f"""
    {ALICE} > invite @team {" ".join(ten)}
    {ALICE} < {daily()}
    """)
    with db.connection_context():
        Group.update(created_at=datetime.now(UTC).replace(tzinfo=None) - timedelta(days=8)) \
            .where(Group.handle == "team").execute()
    phones.run(f"""
    {ALICE} > invite @team {" ".join(ten)}
    {ALICE} < Invited {", ".join(ten)} to @team.
    """ + "\n".join(f"{n} < {invitation('team')}" for n in ten) + f"""
    {BOB} > invite @team {" ".join(STRANGERS[10:16])}
    {BOB} < {daily()}
    {ALICE} > invite @fresh {STRANGERS[20]}
    {ALICE} < {daily(left=0)}
    """)


def test_what_invite_answers_tells_nothing_of_whose_number_it_is(phones):
    phones.form({"team": [A, B, C], "home": [D]})
    phones.run(f"""
    {ALICE} > kick @team @carol
    {ALICE} < @carol was removed from @team.
    {CAROL} < You were removed from @team. Only its owner or an admin can invite you back.
    {DAVE} > STOP
    {BOB} > invite @team {BOB}
    {BOB} < Invited {BOB} to @team.
    {BOB} > invite @team {ALICE}
    {BOB} < Invited {ALICE} to @team.
    {BOB} > invite @team {CAROL}
    {BOB} < Invited {CAROL} to @team.
    {BOB} > invite @team @carol
    {BOB} < Invited @carol to @team.
    {BOB} > invite @team {DAVE}
    {BOB} < Invited {DAVE} to @team.
    {BOB} > invite @team {STRANGERS[0]}
    {BOB} < Invited {STRANGERS[0]} to @team.
    {STRANGERS[0]} < {invitation("team")}
    """)


def _closed_hours(number: str) -> tuple[str, datetime]:
    """Return INVITE_HOURS that are closed on `number`'s clock now, and when they next open."""
    zone = dates.zone_of(Member(phone=number))
    local = datetime.now(UTC).astimezone(zone)
    start = (local.hour + 2) % 24
    opens = local.replace(hour=start, minute=0, second=0, microsecond=0)
    if opens <= local:
        opens += timedelta(days=1)
    return f"{start}-{(start + 1) % 24}", opens.astimezone(UTC).replace(tzinfo=None)


HOURS, OPENS = _closed_hours(STRANGERS[0])


@pytest.mark.settings(INVITE_HOURS=HOURS)
def test_an_invitation_waits_for_the_invitees_hours(phones):
    phones.form({"team": [A]})
    phones.run(f"""
    {ALICE} > invite @team {STRANGERS[0]}
    {ALICE} < Invited {STRANGERS[0]} to @team.
    """)
    with db.connection_context():
        [row] = Outbox.select().where(Outbox.to == STRANGERS[0])
        assert (row.status, row.next_attempt_at) == ("held", OPENS)
        # The clock reaches the invitee's hours.
        Outbox.update(next_attempt_at=row.next_attempt_at - timedelta(days=1)) \
            .where(Outbox.id == row.id).execute()
    phones.worker.next_sweep = 0
    phones.run(f"""
    {ALICE} > invite @team {STRANGERS[1]}
    {ALICE} < Invited {STRANGERS[1]} to @team.
    {STRANGERS[0]} < {invitation("team")}
    """)


def _utc_hours_ahead(ahead: int) -> str:
    """Return one hour of INVITE_HOURS, `ahead` hours from now in UTC: closed for a while."""
    start = (datetime.now(UTC).hour + ahead) % 24
    return f"{start}-{(start + 1) % 24}"


def dave_quiet_now_and_invited(phones) -> None:
    """Have dave (of @home) in quiet hours from now on, then invited to @team by alice."""
    phones.form({"team": [A], "home": [D]})
    hour = datetime.now(UTC).hour
    said = QUIET["quiet_set"].format(start=dates.show_hour(hour),
                                     end=dates.show_hour((hour + 2) % 24), zone="UTC")
    phones.run(f"""
    {DAVE} > tz UTC
    {DAVE} < Time zone set to UTC.
    {DAVE} > quiet {hour}-{(hour + 2) % 24}
    {DAVE} < {said}
    {ALICE} > invite @team @dave
    {ALICE} < Invited @dave to @team.
    """)


@pytest.mark.settings(INVITE_HOURS=_utc_hours_ahead(3))
def test_an_invitation_whose_hours_come_in_a_members_quiet_hours_waits_for_their_end(phones):
    dave_quiet_now_and_invited(phones)
    with db.connection_context():
        [row] = Outbox.select().join(Member).where(Member.phone == DAVE, Outbox.status == "held")
        # The clock reaches the invitation hours, still inside Dave's quiet hours.
        Outbox.update(next_attempt_at=row.created_at).where(Outbox.id == row.id).execute()
    phones.worker.next_sweep = 0
    phones.settle()
    assert phones.received() == {}
    phones.run(f"""
    {DAVE} > quiet off
    {DAVE} < @alice invited you to @team on Commons. Reply: join @team
    {DAVE} < Quiet hours off: posts come as they are sent.
    """)


def test_an_invitation_waits_for_a_members_quiet_hours(phones):
    dave_quiet_now_and_invited(phones)
    phones.run(f"""
    {DAVE} > quiet off
    {DAVE} < @alice invited you to @team on Commons. Reply: join @team
    {DAVE} < Quiet hours off: posts come as they are sent.
    """)


def test_invitations_sent_at_once_by_one_member_never_text_more_than_the_daily_limit(phones):
    phones.run(f"""
    {SPAMMER} > create @promo {PITCH}
    {SPAMMER} < {created("promo")}
    """)
    numbers = STRANGERS[:12]
    storm(phones, [(SPAMMER, f"invite @promo {n}") for n in numbers])
    phones.settle(120)
    got = phones.received()
    replies = got.pop(SPAMMER)
    invited = [r.split()[1] for r in replies if r.startswith("Invited ")]
    assert len(invited) == 5, replies
    assert sorted(r for r in replies if not r.startswith("Invited ")) == [daily(left=0)] * 7
    assert got == {n: [invitation("promo")] for n in invited}  # only the five, once each
    with db.connection_context():
        assert Invitation.select().where(Invitation.counted == True).count() == 5  # noqa: E712


def age_invitations(days: int) -> None:
    """Make every invitation, and the log of its text, `days` older."""
    with db.connection_context():
        for model in (Invite, Invitation):
            for row in model.select():
                row.created_at -= timedelta(days=days)
                row.save(only=[model.created_at])


@pytest.mark.parametrize(("kind", "take_up"), [("public", "YES"), ("private", "join @team")])
def test_an_invitation_older_than_thirty_days_is_not_taken_up_until_sent_again(phones, kind,
                                                                               take_up):
    # A bare YES takes up any invitation; `join` needs one only for a private group.
    phones.form({"team": [A, B]})
    if kind == "private":
        phones.run(f"""
        {ALICE} > private @team
        {ALICE} < @team is now private: people join by invite.
        """)
    phones.run(f"""
    {ALICE} > invite @team {SPAMMER} {OTHER}
    {ALICE} < Invited {SPAMMER}, {OTHER} to @team.
    {SPAMMER} < {invitation("team")}
    {OTHER} < {invitation("team")}
    """)
    age_invitations(29)
    phones.run(f"""
    {OTHER} > {take_up.lower()}
    {OTHER} < Welcome to @team! Post with: @team your message
    """)
    age_invitations(2)
    phones.run(f"""
    {SPAMMER} > {take_up}
    {SPAMMER} < Your invitation to @team is over 30 days old: ask someone in @team to invite you again.
    {ALICE} > invite @team {SPAMMER}
    {ALICE} < Invited {SPAMMER} to @team.
    {SPAMMER} < @alice invited you to @team on Commons. Reply: join @team
    {SPAMMER} > {take_up}
    {SPAMMER} < Welcome to @team! Post with: @team your message
    """)  # noqa: E501
    with db.connection_context():
        team = Member.select().join(Membership).join(Group).where(Group.handle == "team")
        assert {m.phone for m in team} == {ALICE, BOB, OTHER, SPAMMER}


def test_a_members_yes_after_an_old_invitation_is_chat_where_they_talk(phones):
    phones.form({"team": [A, B], "club": [C]})
    phones.run(f"""
    {CAROL} > invite @club @bob
    {CAROL} < Invited @bob to @club.
    {BOB} < @carol invited you to @club on Commons. Reply: join @club
    """)
    age_invitations(31)
    phones.run(f"""
    {BOB} > yes
    {ALICE} < [@team] bob: yes
    """)
