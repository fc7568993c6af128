"""The board, end to end: a need meets an earlier offer, is taken, met, credited and thanked."""

from __future__ import annotations

from store.cooperation import BoardItem, Contribution
from store.db import db

ALICE, BOB, CAROL, DAN = "+14155550101", "+14155550102", "+14155550103", "+14155550104"
A, B, C, D = (ALICE, "alice"), (BOB, "bob"), (CAROL, "carol"), (DAN, "dan")
WELCOME = "Welcome to Commons! Pick a name: name yourname. HELP for commands."
NAME_FIRST = "Pick a name first, so people can answer you: name yourname"


def test_a_need_meets_an_earlier_offer_and_is_met_and_thanked(phones):
    phones.form({"launch": [A], "studio": [C], "devs": [B, D]})
    phones.run(f"""
    {CAROL} > offer #design logos and posters
    {CAROL} < Offer 1 is on the board for #design.
    {DAN} > follow #design
    {DAN} < You follow #design: public posts with them reach you.
    {ALICE} > need #design a logo for our launch
    {ALICE} < Need 1 is on the board for #design. You'll hear when someone takes it.
    {CAROL} < [need 1 #design] alice: a logo for our launch | To help, reply: claim need 1
    {DAN} < [need 1 #design] alice: a logo for our launch | To help, reply: claim need 1
    {BOB} > needs #design
    {BOB} < Open needs for #design: | 1 a logo for our launch (@alice) | To help: claim need 1
    {CAROL} > claim need 1
    {CAROL} < You took need 1 from @alice: a logo for our launch. Text d @alice to arrange it.
    {ALICE} < @carol will help with your need 1. When it's met, text: done need 1
    {DAN} > claim need 1
    {DAN} < Need 1 is taken by @carol.
    {CAROL} > done need 1
    {CAROL} < We asked @alice to confirm need 1 is met.
    {ALICE} < @carol says your need 1 is met. If so, text: done need 1
    {CAROL} > done need 1
    {CAROL} < We asked @alice to confirm need 1 is met.
    {ALICE} > done need 1
    {ALICE} < Need 1 is met. @carol earned 5 points. Thank them: thanks @carol
    {CAROL} < @alice says need 1 is met: +5 points for you. Thanks!
    {ALICE} > thanks @carol for the lovely logo
    {ALICE} < Thanked @carol.
    {CAROL} < @alice thanked you: the lovely logo (+1 point; you have 6 points)
    {CAROL} > karma
    {CAROL} < You have 6 points: tasks done 0, thanks 1, needs met 1.
    {BOB} > needs
    {BOB} < No open needs. Post one: need #tag what you need
    """)
    with db.connection_context():
        need = BoardItem.get(BoardItem.kind == "need", BoardItem.number == 1)
        assert need.helper is not None
        assert (need.status, need.helper.handle) == ("done", "carol")
        entry = Contribution.get(Contribution.kind == "need")
        assert (entry.member.handle, entry.points, entry.need_id) == ("carol", 5, need.id)


def test_a_new_offer_is_answered_with_the_best_open_needs(phones):
    phones.form({"alices": [A], "bobs": [B], "carols": [C]})
    answer = " | ".join([
        "Offer 1 is on the board for #django #python.", "Needs you could help with:",
        "2 help with a slow query (@bob)", "1 a code review (@alice)",
        "Take one: claim need 2"])
    phones.run(f"""
    {ALICE} > need #python a code review
    {ALICE} < Need 1 is on the board for #python. You'll hear when someone takes it.
    {BOB} > need #python #django help with a slow query
    {BOB} < Need 2 is on the board for #python #django. You'll hear when someone takes it.
    {ALICE} > need #knitting a scarf pattern
    {ALICE} < Need 3 is on the board for #knitting. You'll hear when someone takes it.
    {CAROL} > offer #django #python reviews on weekends
    {CAROL} < {answer}
    {CAROL} > offers
    {CAROL} < Offers: | 1 #django #python reviews on weekends (@carol)
    {CAROL} > offers #knitting
    {CAROL} < No offers for #knitting. Post one: offer #tag what you can do
    {ALICE} > need #python {"x" * 301}
    {ALICE} < Keep it under 300 characters.
    """)


def test_needs_are_claimed_and_closed_only_by_the_right_people(phones):
    phones.form({"alices": [A], "bobs": [B], "carols": [C]})
    phones.run(f"""
    {ALICE} > need #ride to the airport friday
    {ALICE} < Need 1 is on the board for #ride. You'll hear when someone takes it.
    {ALICE} > claim need 1
    {ALICE} < Need 1 is yours: someone else has to take it.
    {BOB} > done need 1
    {BOB} < Need 1 is @alice's to close.
    {BOB} > claim need 7
    {BOB} < No need 7. See them: needs
    {BOB} > claim need 1
    {BOB} < You took need 1 from @alice: to the airport friday. Text d @alice to arrange it.
    {ALICE} < @bob will help with your need 1. When it's met, text: done need 1
    {BOB} > drop need 1
    {BOB} < You dropped need 1: it's open for others now.
    {ALICE} < @bob can't help with need 1 after all: it's open again.
    {CAROL} > drop need 1
    {CAROL} < Need 1 isn't yours to drop.
    {ALICE} > drop need 1
    {ALICE} < Need 1 is off the board.
    {BOB} > needs
    {BOB} < No open needs. Post one: need #tag what you need
    """)
    with db.connection_context():
        assert Contribution.select().count() == 0


def test_the_board_needs_a_name_and_few_distinct_tags(phones):
    phones.form({"alices": [A]})
    phones.run(f"""
    {BOB} > need #ride to the station
    {BOB} < {WELCOME} | {NAME_FIRST}
    {ALICE} > need #design #Design #design- a logo
    {ALICE} < Need 1 is on the board for #design. You'll hear when someone takes it.
    {ALICE} > offer #a1 #b2 #c3 #d4 #e5 #f6 anything
    {ALICE} < Use at most 5 #tags.
    {BOB} > claim need 1
    {BOB} < {NAME_FIRST}
    """)
    with db.connection_context():
        assert BoardItem.select().count() == 1


def test_one_helper_earns_points_for_one_authors_need_once_a_day(phones):
    phones.form({"alices": [A], "carols": [C]})
    lines = []
    for n, points in ((1, "earned 5 points. Thank them: thanks @carol"), (2, None)):
        posted = f"Need {n} is on the board for #ride. You'll hear when someone takes it."
        took = f"You took need {n} from @alice: trip {n}. Text d @alice to arrange it."
        told = f"@carol will help with your need {n}. When it's met, text: done need {n}"
        lines += [f"{ALICE} > need #ride trip {n}", f"{ALICE} < {posted}",
                  f"{CAROL} > claim need {n}", f"{CAROL} < {took}", f"{ALICE} < {told}",
                  f"{ALICE} > done need {n}"]
        if points:
            lines += [f"{ALICE} < Need {n} is met. @carol {points}",
                      f"{CAROL} < @alice says need {n} is met: +5 points for you. Thanks!"]
        else:
            lines += [f"{ALICE} < Need {n} is met. No points: @carol met a need of yours today "
                      "already."]
    phones.run("\n".join(lines))
    with db.connection_context():
        assert sum(e.points for e in Contribution.select()) == 5
