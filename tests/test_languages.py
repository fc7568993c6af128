"""Languages (issue 23): `lang`, the language guessed from a number, and texts composed in the
language of whoever receives them."""

from __future__ import annotations

import pytest

from store.db import db
from store.models import Member
from tests.mailboxes import link, mail, mail_rows, send
from tests.phones import created
from tests.test_group_reminders import fire_all_due

ALICE, BOB = "+14155550101", "+14155550102"
ANA, BETO = "+525512345678", "+525587654321"  # Mexico City
NOTE = ("Te escribimos en español por el prefijo de tu teléfono. Para cambiarlo: "
        "lang en (English)")
WELCOME_EN = "Welcome to Commons! Pick a name: name yourname. HELP for commands."
SET_EN = "Done: we text you in English now. To change: lang es (español)"
WELCOME_ES = "¡Te damos la bienvenida a Commons! Elige un nombre: nombre tunombre. HELP: comandos."


def join_in_spanish(phones, group: str, *people: tuple[str, str]) -> None:
    """Have each (number, name) of a Spanish-speaking country name themselves and join @group,
    told in Spanish."""
    for number, name in people:
        phones.run(f"""
        {number} > name {name}
        {number} < {NOTE}
        {number} < Ahora eres @{name}.
        {number} > join @{group}
        {number} < ¡Te damos la bienvenida a @{group}! Para escribir al grupo: @{group} tu mensaje
        """)


def language(phone: str) -> str | None:
    with db.connection_context():
        return Member.get(Member.phone == phone).language


def test_lang_says_which_changes_it_and_the_next_reply_is_in_the_new_one(phones):
    phones.form({"team": [(ALICE, "alice")]})
    phones.run(f"""
    {ALICE} > lang
    {ALICE} < We text you in English. To change: lang es (español)
    {ALICE} > lang es
    {ALICE} < Listo: ahora te escribimos en español. Para cambiarlo: lang en (English)
    {ALICE} > tasks
    {ALICE} < No hay tareas abiertas en tus grupos.
    {ALICE} > idioma
    {ALICE} < Te escribimos en español. Para cambiarlo: lang en (English)
    {ALICE} > idioma English
    {ALICE} < Done: we text you in English now. To change: lang es (español)
    {ALICE} > tasks
    {ALICE} < No open tasks in your groups.
    """)
    assert language(ALICE) == "en"


def test_a_mexican_number_is_answered_in_spanish_and_told_once_how_to_change(phones):
    phones.run(f"""
    {ANA} > groups
    {ANA} < {NOTE}
    {ANA} < {WELCOME_ES} | Por ahora no tienes grupos. Escribe: unirse @nombre o crear @nombre
    {ANA} > groups
    {ANA} < Por ahora no tienes grupos. Escribe: unirse @nombre o crear @nombre
    {ANA} > lang en
    {ANA} < Done: we text you in English now. To change: lang es (español)
    {ANA} > groups
    {ANA} < You're in no groups yet. Text: join @name or create @name
    """)
    assert language(ANA) == "en"


def test_choosing_a_language_in_the_first_text_needs_no_note(phones):
    phones.run(f"""
    {BETO} > lang en
    {BETO} < {WELCOME_EN} | {SET_EN}
    """)


def test_each_gets_what_the_other_causes_in_their_own_language(phones):
    phones.run(f"""
    {ANA} > name ana
    {ANA} < {NOTE}
    {ANA} < Ahora eres @ana.
    {BOB} > name bob
    {BOB} < You are now @bob.
    {BOB} > create @huerta
    {BOB} < {created("huerta")}
    {ANA} > join @huerta
    {ANA} < ¡Te damos la bienvenida a @huerta! Para escribir al grupo: @huerta tu mensaje
    {BOB} > task @huerta buy seeds @ana
    {BOB} < Task 1 in @huerta: buy seeds (for @ana)
    {ANA} < @bob te dio la tarea 1 de @huerta: buy seeds. Escribe hecho @huerta 1 cuando la termines.
    {ANA} > task @huerta arreglar la cerca @bob
    {ANA} < Tarea 2 en @huerta: arreglar la cerca (para @bob)
    {BOB} < @ana gave you task 2 in @huerta: arreglar la cerca. Text done @huerta 2 when it's done.
    {ANA} > d @bob gracias por todo
    {BOB} < @ana: gracias por todo
    {BOB} > admin @huerta @ana
    {BOB} < @ana is now an admin of @huerta.
    {ANA} < Ahora eres admin de @huerta.
    """)  # noqa: E501


@pytest.mark.settings(ALLOWED_COUNTRIES="US,MX", INVITE_HOURS="0-24")
def test_an_invitation_goes_in_the_language_of_the_number_and_its_answer_too(phones):
    phones.form({"huerta": [(ALICE, "alice")]})
    phones.run(f"""
    {ALICE} > invite @huerta {BETO}
    {ALICE} < Invited {BETO} to @huerta.
    {BETO} < Te invitaron a @huerta en Commons. Responde SI para unirte, o STOP para darte de baja.
    {BETO} > yes
    {BETO} < {NOTE}
    {BETO} < ¡Te damos la bienvenida a @huerta! Para escribir al grupo: @huerta tu mensaje
    """)


def test_a_group_reminder_fires_in_each_members_language(phones):
    phones.form({"huerta": [(ALICE, "alice")]})
    join_in_spanish(phones, "huerta", (ANA, "ana"))
    phones.text(ALICE, "remind @huerta tomorrow 9am water the tomatoes")
    phones.settle()
    phones.received()
    fire_all_due(phones)
    assert phones.received() == {
        ALICE: ["[@huerta] reminder from @alice: water the tomatoes"],
        ANA: ["[@huerta] recordatorio de @alice: water the tomatoes"],
    }


def test_a_long_listing_pages_with_the_hint_in_the_readers_language(phones):
    phones.run(f"""
    {ANA} > name ana
    {ANA} < {NOTE}
    {ANA} < Ahora eres @ana.
    {ANA} > create @huerta
    {ANA} < Creaste @huerta (abierto: cualquiera entra; private @huerta lo cambia). Invita gente: invitar @huerta +15551234567
    """)  # noqa: E501
    for n in range(1, 7):
        phones.text(ANA, f"task @huerta revisar el riego de la parcela número {n}")
    phones.settle()
    phones.received()
    phones.text(ANA, "tasks @huerta")
    phones.settle()
    [page] = phones.received()[ANA]
    assert page.startswith("Tareas abiertas en @huerta:")
    assert page.endswith(" (mas para seguir)")


def test_a_mail_is_answered_in_its_senders_language(phones, bridge):
    phones.form({"casa": [(ALICE, "alice")]})
    phones.run(f"""
    {ANA} > name ana
    {ANA} < {NOTE}
    {ANA} < Ahora eres @ana.
    {ALICE} > private @casa
    {ALICE} < @casa is now private: people join by invite.
    """)
    ana = link(ANA, "ana@example.com")
    send(bridge, mail("ana@example.com", ana.to("casa"), "¿puedo ir?"))
    phones.settle()
    assert mail_rows() == [("ana@example.com", "No eres parte de @casa, un grupo privado: pide a "
                                                "un miembro que te invite.")]
