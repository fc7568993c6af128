"""A three-member conversation, end to end through signed webhooks and a real worker."""

from __future__ import annotations

import pytest

from tests.phones import created

# A worker process of its own: the one conversation run as deployed, the others in-process.
pytestmark = pytest.mark.full_stack


def test_three_members_create_join_post_and_chat(phones):
    phones.run(f"""
    +14155550101 > name alice
    +14155550101 < You are now @alice.
    +14155550101 > create @team Launch crew
    +14155550101 < {created("team")}
    +14155550102 > name bob
    +14155550102 < You are now @bob.
    +14155550102 > join @team
    +14155550102 < Welcome to @team! Post with: @team your message
    +14155550103 > join @team
    +14155550103 < Welcome to @team! Post with: @team your message
    +14155550101 > @team hello crew
    +14155550102 < [@team] alice: hello crew
    +14155550103 < [@team] alice: hello crew
    +14155550102 > sounds good, on my way
    +14155550101 < [@team] bob: sounds good, on my way
    +14155550103 < [@team] bob: sounds good, on my way
    +14155550103 > d @bob are you free?
    +14155550102 < a member: are you free?
    +14155550102 > yes, call me
    +14155550103 < @bob: yes, call me
    +14155550102 < Sent only to a member, who wrote to you last. To post to @team instead: @team your message
    +14155550101 > who @team
    +14155550101 < @team (3 members): @alice @bob a member
    """)  # noqa: E501
