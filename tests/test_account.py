"""Account commands, end to end: help, name, bio, whois, off/on, tz and not-yet-built commands."""

from __future__ import annotations

import pytest

from handlers.quiet import SAY as QUIET
from handlers.reach import SAY as REACH
from parsers.commands import HELP
from store.db import db
from store.models import Handle, Member
from tests.phones import created

ALICE, BOB, CAROL = "+14155550101", "+14155550102", "+14155550103"
INDEX = ("Commons: @group msg to post, d @name msg to DM. join @g, create @g, tasks, task @g "
         "what, done 12, thanks @name, need #tag. HELP <command> for more. STOP to quit")
WELCOME = "Welcome to Commons! Pick a name: name yourname. HELP for commands."


def test_help_index_topics_aliases_and_carrier_words(phones):
    phones.run(f"""
    {ALICE} > help
    {ALICE} < {INDEX}
    {ALICE} > ?
    {ALICE} < {INDEX}
    {ALICE} > help join
    {ALICE} < join @group makes you a member. Private groups need an invite first.
    {ALICE} > help d
    {ALICE} < d @name message texts one person directly.
    {ALICE} > help xyz
    {ALICE} < No command xyz. HELP lists them.
    {ALICE} > HELP
    {ALICE} < {INDEX}
    {ALICE} > Info!
    {ALICE} < {INDEX}
    """)


TASK_HELP = ("task [@group] what [@name] [due fri 5pm] adds a task (to your current group "
             "without @group), also task: what; the reply gives its number.")


def test_help_for_an_alias_and_for_a_command_not_built_yet(phones):
    phones.run(f"""
    {ALICE} > help t
    {ALICE} < {TASK_HELP}
    {ALICE} > help +1
    {ALICE} < {HELP["thanks"]}
    {ALICE} > help remind
    {ALICE} < {HELP["remind"]}
    """)


def test_first_text_of_a_stranger_is_welcomed(phones):
    phones.run(f"""
    {ALICE} > groups
    {ALICE} < {WELCOME} | You're in no groups yet. Text: join @name or create @name
    """)


def test_name_claims_a_handle_case_insensitively(phones):
    phones.run(f"""
    {ALICE} > name alice
    {ALICE} < You are now @alice.
    {ALICE} > name Alice
    {ALICE} < You are already @alice.
    {ALICE} > name a
    {ALICE} < Names are 2-20 letters, digits or _, starting with a letter.
    {ALICE} > name 9lives
    {ALICE} < Names are 2-20 letters, digits or _, starting with a letter.
    {ALICE} > name admin
    {ALICE} < @admin is reserved. Try another name.
    {ALICE} > name Commons
    {ALICE} < @commons is reserved. Try another name.
    """)


def test_names_and_groups_share_one_namespace(phones):
    phones.run(f"""
    {ALICE} > name alice
    {ALICE} < You are now @alice.
    {BOB} > name ALICE
    {BOB} < @alice is taken. Try another name.
    {ALICE} > create @team Launch crew
    {ALICE} < {created("team")}
    {BOB} > name team
    {BOB} < @team is taken. Try another name.
    {BOB} > name bob
    {BOB} < You are now @bob.
    {ALICE} > create @bob
    {ALICE} < @bob is taken. Try another name.
    """)


def test_renaming_frees_the_old_name(phones):
    phones.run(f"""
    {ALICE} > name alice
    {ALICE} < You are now @alice.
    {ALICE} > name alicia
    {ALICE} < You are now @alicia.
    {BOB} > name alice
    {BOB} < You are now @alice.
    {CAROL} > whois @alicia
    {CAROL} < {WELCOME} | @alicia: no bio yet
    """)
    with db.connection_context():
        assert sorted(h.name for h in Handle.select()) == ["alice", "alicia"]


def test_bio_and_whois(phones):
    too_long = "x" * 161
    phones.run(f"""
    {ALICE} > name alice
    {ALICE} < You are now @alice.
    {BOB} > name bob
    {BOB} < You are now @bob.
    {ALICE} > whois @bob
    {ALICE} < @bob: no bio yet
    {BOB} > bio I fix bikes and make bread
    {BOB} < Bio saved. whois @bob shows it.
    {ALICE} > whois @Bob
    {ALICE} < @bob: I fix bikes and make bread
    {BOB} > bio {too_long}
    {BOB} < Bio too long: keep it under 160 characters.
    {ALICE} > whois @bob
    {ALICE} < @bob: I fix bikes and make bread
    {ALICE} > create @team Launch crew
    {ALICE} < {created("team")}
    {BOB} > join @team
    {BOB} < Welcome to @team! Post with: @team your message
    {BOB} > whois @team
    {BOB} < @team (2 members, public): Launch crew
    {BOB} > whois @bobb
    {BOB} < No group or member @bobb. Did you mean @bob?
    """)


def test_bio_before_a_name_says_how_to_be_found(phones):
    phones.run(f"""
    {ALICE} > bio I fix bikes
    {ALICE} < {WELCOME} | Bio saved. Pick a name so others can find it: name yourname
    """)


def test_whois_a_group_without_description_names_its_owner(phones):
    phones.run(f"""
    {ALICE} > create @team
    {ALICE} < {created("team")}
    {ALICE} > whois @team
    {ALICE} < @team (1 member, public): owner a member
    """)


def test_off_and_on_for_one_group_and_for_everything(phones):
    phones.run(f"""
    {ALICE} > name alice
    {ALICE} < You are now @alice.
    {BOB} > name bob
    {BOB} < You are now @bob.
    {ALICE} > create @team
    {ALICE} < {created("team")}
    {ALICE} > create @work
    {ALICE} < {created("work")}
    {BOB} > join @team
    {BOB} < Welcome to @team! Post with: @team your message
    {BOB} > join @work
    {BOB} < Welcome to @work! Post with: @work your message
    {BOB} > off @team 2h
    {BOB} < @team muted for 2h. Text on @team to unmute. | {QUIET["offer"]}
    {ALICE} > @team lunch?
    {ALICE} < {REACH["nobody"].format(group="team")}
    {ALICE} > @work standup at 10
    {BOB} < [@work] alice: standup at 10
    {BOB} > groups
    {BOB} < Your groups: @team (muted), @work
    {BOB} > on @team
    {BOB} < @team is on again.
    {ALICE} > @team lunch now
    {BOB} < [@team] alice: lunch now
    {BOB} > off
    {BOB} < Group posts muted; direct messages still arrive. Text on to hear posts again.
    {ALICE} > @work anyone?
    {ALICE} < {REACH["nobody"].format(group="work")}
    {BOB} > on
    {BOB} < Posts are on again.
    {ALICE} > @work back?
    {BOB} < [@work] alice: back?
    """)


@pytest.mark.parametrize("text", ["off 0h", "off 9999h", "off @team 721h"])
def test_off_refuses_hours_out_of_range(phones, text):
    phones.run(f"""
    {ALICE} > name alice
    {ALICE} < You are now @alice.
    {ALICE} > create @team
    {ALICE} < {created("team")}
    {ALICE} > {text}
    {ALICE} < Mute for 1 to 720 hours, e.g. off 2h
    """)
    with db.connection_context():
        assert Member.get(Member.phone == ALICE).muted_until is None


def test_off_a_group_you_are_not_in(phones):
    phones.run(f"""
    {ALICE} > name alice
    {ALICE} < You are now @alice.
    {ALICE} > create @team
    {ALICE} < {created("team")}
    {BOB} > name bob
    {BOB} < You are now @bob.
    {BOB} > off @team
    {BOB} < You're not in @team. Text: join @team
    {BOB} > on @tem
    {BOB} < No group @tem. Did you mean @team?
    """)


def test_time_zone(phones):
    change = "Change it with a city or zone, e.g. tz paris"
    bad = "Try a city or zone, e.g. tz paris, tz EST or tz America/Chicago"
    phones.run(f"""
    {ALICE} > name alice
    {ALICE} < You are now @alice.
    {ALICE} > tz
    {ALICE} < Your time zone is America/Los_Angeles, from your number. {change}
    {ALICE} > tz america/chicago
    {ALICE} < Time zone set to America/Chicago.
    {ALICE} > tz
    {ALICE} < Your time zone is America/Chicago. {change} or tz EST
    {ALICE} > tz Mars/Base
    {ALICE} < Unknown time zone Mars/Base. {bad}
    {ALICE} > tz
    {ALICE} < Your time zone is America/Chicago. {change} or tz EST
    """)
    with db.connection_context():
        assert Member.get(Member.phone == ALICE).tz == "America/Chicago"


@pytest.mark.parametrize("typed, zone", [
    ("paris", "Europe/Paris"), ("London", "Europe/London"), ("EST", "America/New_York"),
    ("pacific", "America/Los_Angeles"), ("new york", "America/New_York"),
    ("Europe/Berlin", "Europe/Berlin"),
])
def test_a_time_zone_is_understood_by_city_and_common_name(phones, typed, zone):
    phones.run(f"""
    {ALICE} > name alice
    {ALICE} < You are now @alice.
    {ALICE} > tz {typed}
    {ALICE} < Time zone set to {zone}.
    """)

