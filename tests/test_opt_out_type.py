"""Twilio's Advanced Opt-Out: the keywords a Messaging Service took, in any language, answered once.

The webhook carries OptOutType when the service took the whole text for one of its keywords and
has answered it already; the body can be any word it was given (PARAR, COMENZAR, AYUDA).
"""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from cli.main import commons
from parsers.commands import INDEX
from store.carrier import YES_OPT_IN, OpsAlert
from store.db import db
from store.models import Member, Message
from tests.deliveries import ALICE, BOB, CAROL, make_group, member

SERVICE = "MG" + "0" * 31 + "9"


def keyword(phones, sender: str, body: str, kind: str) -> None:
    """Text `body` as Twilio forwards a text its Messaging Service took for a `kind` keyword."""
    phones.text(sender, body, OptOutType=kind, MessagingServiceSid=SERVICE)
    phones.settle()


def posted(text: str) -> bool:
    with db.connection_context():
        return Message.select().where(Message.body == text).exists()


@pytest.mark.parametrize("word", ["PARAR", "Cancelar", "alto", "STOP"])
def test_a_stop_in_any_language_stops_every_text_and_is_not_answered(phones, word):
    make_group(phones)
    keyword(phones, BOB, word, "STOP")
    assert phones.received() == {}  # Twilio confirmed it: a text now would earn 21610
    assert member(BOB).opted_out and not posted(word)
    phones.run(f"""
    {ALICE} > @team is bob gone?
    {CAROL} < [@team] alice: is bob gone?
    """)


def test_a_start_in_any_language_brings_a_member_back_without_a_second_confirmation(phones):
    make_group(phones)
    keyword(phones, BOB, "PARAR", "STOP")
    keyword(phones, BOB, "COMENZAR", "START")
    assert phones.received() == {}
    assert not member(BOB).opted_out and not posted("COMENZAR")
    phones.run(f"""
    {ALICE} > @team bob is back
    {BOB} < [@team] alice: bob is back
    {CAROL} < [@team] alice: bob is back
    """)


def test_help_in_any_language_is_answered_with_the_commands(phones):
    make_group(phones)
    keyword(phones, BOB, "AYUDA", "HELP")
    assert phones.received() == {BOB: [INDEX.replace("\n", " | ")]}
    assert not posted("AYUDA")


def test_a_yes_twilio_took_for_an_opt_in_is_kept_for_the_operator(phones, deployment):
    make_group(phones)
    keyword(phones, BOB, "yes", "START")
    keyword(phones, CAROL, "START", "START")  # meant: nothing to tell the operator
    assert phones.received() == {}  # Twilio answered both; we add nothing
    assert not member(BOB).opted_out and not posted("yes")
    with db.connection_context():
        misread = [(a.kind, a.detail) for a in OpsAlert.select()]
    assert misread == [(YES_OPT_IN, "yes")]
    result = CliRunner().invoke(commons, ["doctor"], obj=deployment[0])
    [line] = [line for line in result.stdout.splitlines() if "opt-in keywords" in line]
    assert line.startswith("FIX") and "latest 'yes' from a member" in line
    assert "remove YES" in line and result.exit_code == 1


def test_without_opt_out_type_a_stop_word_of_another_language_is_chat(phones):
    # No Advanced Opt-Out: Twilio did not take PARAR for anything, and neither do we.
    make_group(phones)
    phones.run(f"""
    {BOB} > PARAR
    {ALICE} < [@team] a member: PARAR
    {CAROL} < [@team] a member: PARAR
    """)
    assert not member(BOB).opted_out



def speaks_spanish(phone: str) -> None:
    with db.connection_context():
        Member.update(language="es").where(Member.phone == phone).execute()


@pytest.mark.parametrize("word", ["PARAR", "Cancelar", "alto", "BAJA"])
def test_without_opt_out_type_a_spanish_speakers_stop_word_stops_them(phones, word):
    # No Advanced Opt-Out: Twilio took nothing, but a member who speaks Spanish means it.
    make_group(phones)
    speaks_spanish(BOB)
    phones.text(BOB, word)
    phones.settle()
    assert member(BOB).opted_out and not posted(word)
    phones.run(f"""
    {ALICE} > @team is bob gone?
    {CAROL} < [@team] alice: is bob gone?
    """)


def test_a_spanish_speakers_comenzar_brings_them_back(phones):
    make_group(phones)
    speaks_spanish(BOB)
    phones.every_text_answered = False  # the PARAR is unconfirmed, as STOP from the console is
    phones.text(BOB, "PARAR")
    phones.text(BOB, "Comenzar")
    phones.settle()
    assert not member(BOB).opted_out and not posted("Comenzar")
    assert len(phones.received()[BOB]) == 1  # no carrier confirmed it: we welcome them back
    phones.run(f"""
    {ALICE} > @team bob is back
    {BOB} < [@team] alice: bob is back
    {CAROL} < [@team] alice: bob is back
    """)


def test_a_comenzar_twilio_took_from_a_member_still_in_is_meant_and_not_kept(phones):
    make_group(phones)
    keyword(phones, BOB, "COMENZAR", "START")
    assert phones.received() == {}
    with db.connection_context():
        assert not OpsAlert.select().exists()
