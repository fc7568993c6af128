"""Group commands, end to end: create, join, invite, who, groups and the owner's controls."""

from __future__ import annotations

import pytest

from handlers.quiet import SAY as QUIET
from store.db import db
from store.models import Group, Invite, Member
from tests.phones import created

ALICE, BOB, CAROL, DAN, ERIN = (f"+1415555{n:04d}" for n in (101, 102, 103, 104, 105))
STRANGER = "+14155552671"  # never texted Commons
JOINED = "Welcome to @team! Post with: @team your message"
# To a number that never texted Commons: nothing the inviter wrote (issue 24).
INVITED = "You are invited to @team on Commons. Reply YES to join, or STOP to opt out."


def team(phones, *members: tuple[str, str]) -> None:
    """Name alice and create @team, then name and join each (number, handle) given."""
    lines = [f"{ALICE} > name alice", f"{ALICE} < You are now @alice.",
             f"{ALICE} > create @team Launch crew",
             f"{ALICE} < {created('team')}"]
    for number, handle in members:
        lines += [f"{number} > name {handle}", f"{number} < You are now @{handle}.",
                  f"{number} > join @team", f"{number} < {JOINED}"]
    phones.run("\n".join(lines))


def test_create_join_and_their_refusals(phones):
    team(phones)
    phones.run(f"""
    {BOB} > name bob
    {BOB} < You are now @bob.
    {BOB} > create @Team again
    {BOB} < @team is taken. Try another name.
    {BOB} > create @admin
    {BOB} < @admin is reserved. Try another name.
    {BOB} > create @all of us
    {BOB} < @all is reserved. Try another name.
    {BOB} > join @team
    {BOB} < {JOINED}
    {BOB} > join @TEAM
    {BOB} < You're already in @team.
    {BOB} > join @tem
    {BOB} < No group @tem. Did you mean @team?
    {BOB} > who @team
    {BOB} < @team (2 members): @alice @bob
    {BOB} > join @alicee
    {BOB} < No group @alicee.
    """)
    with db.connection_context():
        group = Group.get(Group.handle == "team")
        assert (group.owner.handle, group.description) == ("alice", "Launch crew")


def test_invite_a_new_number_texts_it_once(phones):
    team(phones, (BOB, "bob"))
    phones.run(f"""
    {BOB} > invite @team {STRANGER}
    {BOB} < Invited {STRANGER} to @team.
    {STRANGER} < {INVITED}
    {ALICE} > invite @team {STRANGER}
    {ALICE} < Invited {STRANGER} to @team.
    {ALICE} > invite @team (415) 555-2671
    {ALICE} < Invited {STRANGER} to @team.
    {STRANGER} > join @team
    {STRANGER} < {JOINED}
    {ALICE} > invite @team {STRANGER}
    {ALICE} < Invited {STRANGER} to @team.
    {ALICE} > who @team
    {ALICE} < @team (3 members): @alice @bob a member
    """)


def test_invite_a_number_in_national_form_reads_it_in_the_senders_region(phones):
    team(phones)
    phones.run(f"""
    {ALICE} > invite @team (415) 555-2672
    {ALICE} < Invited +14155552672 to @team.
    +14155552672 < {INVITED}
    """)


@pytest.mark.settings(ALLOWED_COUNTRIES="GB,GG")
def test_a_national_number_is_read_in_the_region_of_the_sender(phones):
    phones.run(f"""
    +447911123456 > name nigel
    +447911123456 < You are now @nigel.
    +447911123456 > create @pub
    +447911123456 < {created("pub")}
    +447911123456 > invite @pub 07911 123457
    +447911123456 < Invited +447911123457 to @pub.
    +447911123457 < You are invited to @pub on Commons. Reply YES to join, or STOP to opt out.
    """)


def test_invite_by_handle_and_what_cannot_be_invited(phones):
    team(phones)
    phones.run(f"""
    {BOB} > name bob
    {BOB} < You are now @bob.
    {ALICE} > invite @team @bob
    {ALICE} < Invited @bob to @team.
    {BOB} < @alice invited you to @team on Commons (Launch crew). Reply: join @team
    {ALICE} > invite @team 12345
    {ALICE} < Could not invite 12345: not a number or member.
    {ALICE} > invite @team @nosuch
    {ALICE} < Could not invite @nosuch: not a number or member.
    {ALICE} > invite @team bob@example.com
    {ALICE} < Email invites are not available on this server yet. Use a number.
    {ALICE} > invite @tem @bob
    {ALICE} < No group @tem. Did you mean @team?
    {CAROL} > name carol
    {CAROL} < You are now @carol.
    {CAROL} > invite @team @bob
    {CAROL} < You're not in @team. Text: join @team
    """)
    with db.connection_context():
        assert Invite.select().count() == 1


def test_groups_lists_mine_with_muted_marker(phones):
    phones.run(f"""
    {ALICE} > name alice
    {ALICE} < You are now @alice.
    {ALICE} > groups
    {ALICE} < You're in no groups yet. Text: join @name or create @name
    {ALICE} > create @team
    {ALICE} < {created("team")}
    {ALICE} > create @work
    {ALICE} < {created("work")}
    {ALICE} > off @work
    {ALICE} < @work muted. Text on @work to unmute. | {QUIET["offer"]}
    {ALICE} > groups
    {ALICE} < Your groups: @team, @work (muted)
    """)


def test_private_group_needs_an_invite(phones):
    team(phones, (BOB, "bob"))
    phones.run(f"""
    {BOB} > private @team
    {BOB} < Only the owner or an admin of @team can do that.
    {ALICE} > private @team
    {ALICE} < @team is now private: people join by invite.
    {CAROL} > name carol
    {CAROL} < You are now @carol.
    {CAROL} > join @team
    {CAROL} < @team is private: ask a member to invite you.
    {CAROL} > who @team
    {CAROL} < @team is private: ask a member to invite you.
    {BOB} > invite @team @carol
    {BOB} < Only the owner or an admin of @team can do that.
    {ALICE} > invite @team @carol
    {ALICE} < Invited @carol to @team.
    {CAROL} < @alice invited you to @team on Commons (Launch crew). Reply: join @team
    {CAROL} > join @team
    {CAROL} < {JOINED}
    {ALICE} > public @team
    {ALICE} < @team is now public: anyone can join.
    {DAN} > name dan
    {DAN} < You are now @dan.
    {DAN} > join @team
    {DAN} < {JOINED}
    """)
    with db.connection_context():
        assert Invite.select().count() == 0


def test_admin_and_kick(phones):
    team(phones, (BOB, "bob"), (CAROL, "carol"))
    phones.run(f"""
    {BOB} > admin @team @carol
    {BOB} < Only the owner of @team can do that.
    {BOB} > kick @team @carol
    {BOB} < Only the owner or an admin of @team can do that.
    {ALICE} > admin @team @bob
    {ALICE} < @bob is now an admin of @team.
    {BOB} < You are now an admin of @team.
    {BOB} > kick @team @carol
    {BOB} < @carol was removed from @team.
    {CAROL} < You were removed from @team. Only its owner or an admin can invite you back.
    {CAROL} > @team hi
    {CAROL} < You're not in @team. Text: join @team
    {CAROL} > anyone?
    {CAROL} < Who is this for? Reply @name within 30 min, or it won't be sent.
    {BOB} > kick @team @alice
    {BOB} < The owner of @team can't be removed.
    {BOB} > kick @team @carol
    {BOB} < @carol is not in @team.
    {BOB} > kick @team @nosuch
    {BOB} < No member @nosuch.
    {ALICE} > @team still here
    {BOB} < [@team] alice: still here
    """)


def test_leave_and_an_owner_leaving_hands_the_group_on(phones):
    team(phones, (BOB, "bob"), (CAROL, "carol"))
    phones.run(f"""
    {ALICE} > admin @team @carol
    {ALICE} < @carol is now an admin of @team.
    {CAROL} < You are now an admin of @team.
    {ALICE} > leave @team
    {ALICE} < You left @team; @carol owns it now.
    {CAROL} < You own @team now: @alice left it.
    {ALICE} > leave @team
    {ALICE} < You're not in @team.
    {CAROL} > @team I have the keys now
    {BOB} < [@team] carol: I have the keys now
    {CAROL} > admin @team @bob
    {CAROL} < @bob is now an admin of @team.
    {BOB} < You are now an admin of @team.
    {BOB} > leave @team
    {BOB} < You left @team.
    {CAROL} > who @team
    {CAROL} < @team (1 member): @carol
    """)
    with db.connection_context():
        assert Group.get(Group.handle == "team").owner == Member.get(Member.phone == CAROL)


def test_a_removed_member_comes_back_only_by_an_owners_or_admins_invite(phones):
    team(phones, (BOB, "bob"), (CAROL, "carol"), (DAN, "dan"))
    phones.run(f"""
    {ALICE} > admin @team @bob
    {ALICE} < @bob is now an admin of @team.
    {BOB} < You are now an admin of @team.
    {ALICE} > kick @team @carol
    {ALICE} < @carol was removed from @team.
    {CAROL} < You were removed from @team. Only its owner or an admin can invite you back.
    {CAROL} > join @team
    {CAROL} < You were removed from @team: only its owner or an admin can invite you back.
    """)
    phones.text(DAN, "invite @team @carol")  # refused, whatever the answer says
    phones.settle()
    assert CAROL not in phones.received()
    phones.run(f"""
    {ERIN} > name erin
    {ERIN} < You are now @erin.
    {DAN} > invite @team @erin
    {DAN} < Invited @erin to @team.
    {ERIN} < @dan invited you to @team on Commons (Launch crew). Reply: join @team
    {BOB} > invite @team @carol
    {BOB} < Invited @carol to @team.
    {CAROL} < @bob invited you to @team on Commons (Launch crew). Reply: join @team
    {CAROL} > join @team
    {CAROL} < {JOINED}
    """)


def test_a_long_description_gives_way_so_an_invite_is_one_text(phones):
    team(phones, (BOB, "bob"))
    about = ("Saturday mornings we fix bikes for neighbours at the old fire station on Elm "
             "Street, tools and tea provided")
    phones.run(f"""
    {ALICE} > create @bikes {about}
    {ALICE} < {created('bikes')}
    {ALICE} > invite @bikes @bob
    {ALICE} < Invited @bob to @bikes.
    {BOB} < @alice invited you to @bikes on Commons ({about.removesuffix(" provided")}). Reply: join @bikes
    """)  # noqa: E501
