"""Texts as people send them (issue 19): a misread text is answered to its sender, never posted.

Each test plays rows of the issue's table through signed webhooks and checks every phone.
"""

from __future__ import annotations

import pytest

from store.cooperation import Task
from store.db import db

ALICE, BOB, CAROL, DAVE = "+14155550101", "+14155550102", "+14155550103", "+14155550104"
A, B, C, D = (ALICE, "alice"), (BOB, "bob"), (CAROL, "carol"), (DAVE, "dave")


DIGEST_OFFER = "Or get one text a day with its news: digest daily 8am"


def posted(author: str, text: str, *readers: str, group: str = "team") -> str:
    """Return the transcript lines of `text` reaching each reader as a post of @group."""
    return "\n".join(f"{r} < [@{group}] {author}: {text}" for r in readers)


def test_done_finished_and_completed_do_the_task_and_name_it(phones):
    phones.form({"team": [A, B, C]})
    phones.run(f"""
    {ALICE} > task @team fix the sink
    {ALICE} < Task 1 in @team: fix the sink
    {ALICE} > task @team bring chairs
    {ALICE} < Task 2 in @team: bring chairs
    {ALICE} > task @team call the city
    {ALICE} < Task 3 in @team: call the city
    {BOB} > Done with task 1!
    {BOB} < Done: task 1 in @team (fix the sink). +3 points for you.
    {ALICE} < @bob finished task 1 in @team: fix the sink
    {CAROL} > finished task 3
    {CAROL} < Done: task 3 in @team (call the city). +3 points for you.
    {ALICE} < @carol finished task 3 in @team: call the city
    {CAROL} > Completed #3 🎉
    {CAROL} < Task 3 in @team is done already.
    {CAROL} > done with task 9
    {CAROL} < No task 9 in @team. See them: tasks @team
    # The last text bob got was carol's DM: "Done 2" is still the task, not a DM back.
    {CAROL} > d @bob are you coming?
    {BOB} < @carol: are you coming?
    {BOB} > Done 2 ✅
    {BOB} < Done: task 2 in @team (bring chairs). +3 points for you.
    {ALICE} < @bob finished task 2 in @team: bring chairs
    """)
    with db.connection_context():
        assert [t.status for t in Task.select().order_by(Task.number)] == ["done"] * 3


def test_sentences_about_work_done_are_still_posts(phones):
    phones.form({"team": [A, B, C]})
    phones.run(f"""
    {ALICE} > task @team fix the sink
    {ALICE} < Task 1 in @team: fix the sink
    {BOB} > Done with the slides
    {posted("bob", "Done with the slides", ALICE, CAROL)}
    {BOB} > I haven't done task 1 yet
    {posted("bob", "I haven't done task 1 yet", ALICE, CAROL)}
    {BOB} > Finished!
    {posted("bob", "Finished!", ALICE, CAROL)}
    {BOB} > Thanks everyone
    {posted("bob", "Thanks everyone", ALICE, CAROL)}
    {BOB} > Stop the story
    {posted("bob", "Stop the story", ALICE, CAROL)}
    {BOB} > Find me at the park
    {posted("bob", "Find me at the park", ALICE, CAROL)}
    """)
    with db.connection_context():
        assert Task.get().status == "open"


def test_a_task_posted_as_a_sentence_still_does_it_and_is_posted(phones):
    phones.form({"team": [A, B, C]})
    phones.run(f"""
    {ALICE} > task @team fix the sink
    {ALICE} < Task 1 in @team: fix the sink
    {BOB} > I finished task 1, the washer was worn
    {BOB} < Done: task 1 in @team (fix the sink). +3 points for you.
    {posted("bob", "I finished task 1, the washer was worn (fix the sink: done)", ALICE, CAROL)}
    """)


def test_task_with_a_colon_or_dash_adds_a_task_and_a_slip_is_asked_about(phones):
    phones.form({"team": [A, B, C]})
    phones.run(f"""
    {ALICE} > task: bring first aid kit
    {ALICE} < Task 1 in @team: bring first aid kit
    {BOB} > Task - call the city
    {BOB} < Task 2 in @team: call the city
    {BOB} > Task: the fence needs paint
    {BOB} < Task 3 in @team: the fence needs paint
    {BOB} > tsk buy milk
    {BOB} < Did you mean: task buy milk ?
    {CAROL} > taks @team buy milk
    {CAROL} < Did you mean: task @team buy milk ?
    {CAROL} > Task force meeting at 5
    {posted("carol", "Task force meeting at 5", ALICE, BOB)}
    """)
    with db.connection_context():
        assert [t.text for t in Task.select().order_by(Task.number)] == [
            "bring first aid kit", "call the city", "the fence needs paint"]


def test_mute_and_unmute_are_off_and_on_and_leaving_words_are_asked_about(phones):
    phones.form({"team": [A, B, C]})
    phones.run(f"""
    {BOB} > mute
    {BOB} < Group posts muted; direct messages still arrive. Text on to hear posts again.
    {ALICE} > @team anyone around?
    {CAROL} < [@team] alice: anyone around?
    {BOB} > unmute
    {BOB} < Posts are on again.
    {ALICE} > @team pizza is here
    {posted("alice", "pizza is here", BOB, CAROL)}
    {BOB} > Mute @team
    {BOB} < @team muted. Text on @team to unmute. | {DIGEST_OFFER}
    {BOB} > unmute @team
    {BOB} < @team is on again.
    {BOB} > exit @team
    {BOB} < Did you mean: leave @team ?
    {BOB} > stop @team
    {BOB} < Did you mean: leave @team ?
    {BOB} > snooze @team 2h
    {BOB} < Did you mean: off @team 2h ?
    {BOB} > Mute the TV please
    {posted("bob", "Mute the TV please", ALICE, CAROL)}
    {CAROL} > unjoin @team
    {CAROL} < You left @team.
    """)


def test_thanks_to_several_people_thanks_each(phones):
    phones.form({"team": [A, B, C, D]})
    phones.run(f"""
    {ALICE} > thanks @carol and @bob!
    {ALICE} < Thanked @carol and @bob.
    {CAROL} < @alice thanked you (+1 point; you have 1 point)
    {BOB} < @alice thanked you (+1 point; you have 1 point)
    {ALICE} > thanks @bob, @carol and @dave for the chairs
    {ALICE} < Thanked @bob, @carol and @dave.
    {BOB} < @alice thanked you: the chairs (+1 point; you have 2 points)
    {CAROL} < @alice thanked you: the chairs (+1 point; you have 2 points)
    {DAVE} < @alice thanked you: the chairs (+1 point; you have 1 point)
    {DAVE} > thanks @carol @nobody
    {DAVE} < Thanked @carol. | No member @nobody.
    {CAROL} < @dave thanked you (+1 point; you have 3 points)
    {DAVE} > @team great party, thanks @alice and @bob!
    {DAVE} < Thanked @alice and @bob.
    {posted("dave", "great party, thanks @alice and @bob!", ALICE, BOB, CAROL)}
    """)


def test_thanks_to_a_name_in_the_group_gives_a_point_and_still_posts(phones):
    phones.form({"team": [A, B, C], "home": [A, D]})
    phones.run(f"""
    {ALICE} > @team the fence is up
    {posted("alice", "the fence is up", BOB, CAROL)}
    {ALICE} > thanks bob!
    {ALICE} < Thanked @bob.
    {posted("alice", "thanks bob!", BOB, CAROL)}
    # dave is not in @team: a name like any other, posted and nothing more.
    {ALICE} > thanks dave
    {posted("alice", "thanks dave", BOB, CAROL)}
    {ALICE} > Thanks everyone
    {posted("alice", "Thanks everyone", BOB, CAROL)}
    {CAROL} > thanks alice and bob, great work
    {CAROL} < Thanked @alice and @bob.
    {posted("carol", "thanks alice and bob, great work", ALICE, BOB)}
    # In a DM, the name of the one it goes to.
    {DAVE} > d @alice thanks alice, see you sunday
    {DAVE} < Thanked @alice.
    {ALICE} < @dave: thanks alice, see you sunday
    {DAVE} > d @alice thanks bob too
    {ALICE} < @dave: thanks bob too
    {ALICE} > karma @bob
    {ALICE} < @bob has 2 points: tasks done 0, thanks 2, needs met 0.
    {ALICE} > karma @dave
    {ALICE} < @dave has 0 points: tasks done 0, thanks 0, needs met 0.
    """)


@pytest.mark.parametrize("stop", ["Stop…", "STOP❗", '"STOP"', "Stop。", "ＳＴＯＰ", "STOP 🛑"])
def test_a_carrier_word_with_punctuation_or_emoji_around_it_is_that_word(phones, stop):
    phones.form({"team": [A, B, C]})
    phones.run(f"""
    {BOB} > {stop}
    {ALICE} > @team meeting moved to 6
    {CAROL} < [@team] alice: meeting moved to 6
    {BOB} > START 🙂
    {BOB} < You're back on Commons. HELP for commands, STOP to opt out.
    """)


def test_find_with_any_rest_is_a_search_or_its_usage_never_a_post(phones):
    phones.form({"team": [A, B, C]})
    usage = "find <words>, e.g. find pizza"
    phones.run(f"""
    {ALICE} > @team the spare key is under the mat
    {posted("alice", "the spare key is under the mat", BOB, CAROL)}
    {BOB} > find *
    {BOB} < {usage}
    {BOB} > find "
    {BOB} < {usage}
    {BOB} > find ???
    {BOB} < {usage}
    {BOB} > find key OR sink
    {BOB} < Nothing found for key OR sink. Try fewer words.
    {BOB} > find spare -key
    {BOB} < [@team] alice now: the spare key is under the mat
    {BOB} > find my keys lol
    {posted("bob", "find my keys lol", ALICE, CAROL)}
    """)
