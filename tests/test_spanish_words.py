"""Spanish all through (issue 23): the pieces once built in English inside Spanish texts.

Who may nudge or cancel, a photo's note, a mail tidied roughly or refused and its subject, the
tallies on a group's page, `el próximo viernes` echoed with its weekday and date, SI to an
invitation, and an event's day-before prompt that arrives on the day itself.
"""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from handlers import dates, repeats
from parsers.languages import speaking
from store.db import db
from store.models import Member, Outbox, utcnow
from store.questions import Question
from store.reminders import Reminder
from tests.mailboxes import DOMAIN, link, mail, mail_rows, send
from tests.test_events import hours_pass
from tests.test_group_reminders import say
from tests.test_languages import ALICE, ANA, BETO, NOTE, join_in_spanish
from tests.test_mail_bounds import FAST, crafted
from tests.test_questions import fire_due
from tests.test_twilio_webhook import PATH
from tests.test_web_language import SPANISH, crew
from tests.webapp import BOB as WEB_BOB
from tests.webapp import _site, _twilio_site_app, text  # noqa: F401 - fixtures

CARLA = "+34612345678"  # Madrid
WELCOME = "¡Te damos la bienvenida a @huerta! Para escribir al grupo: @huerta tu mensaje"
CREATED = ("Creaste @huerta (abierto: cualquiera entra; private @huerta lo cambia). Invita gente: "
           "invitar @huerta +15551234567")


def huerta(phones, *others: tuple[str, str]) -> None:
    """Ana's @huerta with `others` (number, name) in it, each written to in Spanish."""
    phones.run(f"""
    {ANA} > name ana
    {ANA} < {NOTE}
    {ANA} < Ahora eres @ana.
    {ANA} > create @huerta
    {ANA} < {CREATED}
    """)
    for number, name in others:
        phones.run(f"""
        {number} > nombre {name}
        {number} < {NOTE}
        {number} < Ahora eres @{name}.
        {number} > unirse @huerta
        {number} < {WELCOME}
        """)


def shown(phone: str, moment: datetime) -> str:
    """Show a stored moment as a reply to the member with `phone` does, in Spanish."""
    with db.connection_context(), speaking("es"):
        return dates.show_when(moment, True, Member.get(Member.phone == phone))


def test_who_may_nudge_or_cancel_is_said_in_spanish_words(phones):
    huerta(phones, (BETO, "beto"), (CARLA, "carla"))
    asked = say(phones, ANA, "preguntar @huerta ¿Compramos abono?")
    assert asked[ANA][0].startswith("Pregunta 1 enviada a @huerta")
    phones.run(f"""
    {BETO} > nudge 1
    {BETO} < Solo quien hizo la pregunta, o el dueño o un admin de @huerta, puede volver a hacer la pregunta 1.
    """)  # noqa: E501
    phones.text(ANA, "evento @huerta en 3 días a las 10 limpiar el parque")
    phones.settle()
    phones.received()
    phones.run(f"""
    {CARLA} > cancel event 2
    {CARLA} < Solo quien hizo la pregunta, o el dueño o un admin de @huerta, puede anular el evento 2.
    """)  # noqa: E501


def test_a_photo_is_noted_in_each_readers_language(phones):
    phones.form({"huerta": [(ALICE, "alice")]})
    join_in_spanish(phones, "huerta", (ANA, "ana"), (BETO, "beto"))
    photo = [("https://api.twilio.com/media/ME1", "image/jpeg")]
    two = photo + [("https://api.twilio.com/media/ME2", "image/png"),
                   ("https://api.twilio.com/media/ME3", "video/mp4")]
    assert phones.post(PATH, phones.webhook_params(ANA, "@huerta ya brotaron", media=two)) \
        .status_code == 200
    phones.settle()
    assert phones.received() == {
        ALICE: ["[@huerta] ana: ya brotaron (2 photos, video)"],
        BETO: ["[@huerta] ana: ya brotaron (2 fotos, video)"]}
    assert phones.post(PATH, phones.webhook_params(ALICE, "@huerta look", media=photo)) \
        .status_code == 200
    phones.settle()
    assert phones.received() == {ANA: ["[@huerta] alice: look (foto)"],
                                 BETO: ["[@huerta] alice: look (foto)"]}
    assert phones.post(PATH, phones.webhook_params(ALICE, "d @beto", media=photo)) \
        .status_code == 200
    phones.settle()
    assert phones.received() == {BETO: ["@alice: (foto)"]}


@FAST
def test_a_mail_tidied_roughly_says_so_in_spanish(phones, bridge):
    huerta(phones, (BETO, "beto"))
    ana = link(ANA, "ana@example.com")
    send(bridge, crafted("ana@example.com", ana.to("huerta"), "spaces"))
    phones.settle()
    assert phones.received() == {BETO: ["[@huerta] ana: a b"]}
    send(bridge, crafted("ana@example.com", ana.to("commands"), "spaces"))
    phones.settle()
    posted, ran = [body for _, body in mail_rows()]
    assert posted == ("Ordenar tu correo tomó demasiado tiempo, así que se publicó tal como "
                      "llegó (sin las líneas citadas ni el formato), cortado a 1,550 caracteres "
                      "como máximo.")
    assert ran.endswith("\nOrdenar tu correo tomó demasiado tiempo, así que sus líneas se "
                        "ejecutaron tal como llegaron (sin las líneas citadas ni el formato), "
                        "cortadas a 1,550 caracteres como máximo.")


def refusals() -> list[tuple[str, str | None, str]]:
    with db.connection_context():
        return [(row.to, row.subject, row.body.split("\n")[0]) for row in
                Outbox.select().where(Outbox.channel == "email").order_by(Outbox.id)]


def test_a_refused_mail_is_answered_in_its_members_language_subject_and_all(phones, bridge):
    huerta(phones)
    link(ANA, "ana@example.com")
    domain = DOMAIN
    send(bridge, mail("ana@example.com", f"huerta@{domain}", "hola"))
    send(bridge, mail("eve@example.com", f"huerta@{domain}", "hello"))
    phones.settle()
    assert refusals() == [
        ("ana@example.com", "No se publicó tu correo",
         f"Commons no publicó tu correo a huerta@{domain}: esa dirección no dice que eres tú."),
        ("eve@example.com", "Your mail was not posted",  # a stranger: no language is known
         f"Commons did not post your mail to huerta@{domain}.")]
    assert "Para escribir a @huerta con tu nombre, escribe a tu propia dirección" in \
        mail_rows()[0][1]


def test_a_groups_page_counts_answers_in_spanish(site):
    crew(site)  # bob is coming to @team's event; nobody has answered its question
    page = text(site.visitor().get("/@team", headers=SPANISH))
    assert "(1 viene)" in page and "sin respuestas por ahora" in page
    assert "coming)" not in page and "no answers yet" not in page
    site.texts(f"{WEB_BOB} > 1")  # pizza
    assert "1 pizza" in text(site.visitor().get("/@team", headers=SPANISH))
    site.texts(f"{WEB_BOB} > no 2")
    assert "(1 no viene)" in text(site.visitor().get("/@team", headers=SPANISH))


def test_el_proximo_viernes_is_the_nearest_friday_ahead_echoed_with_its_date(phones):
    huerta(phones)
    with db.connection_context():
        today = repeats.to_local(utcnow(), Member.get(Member.phone == ANA)).date()
    friday = today + timedelta(days=(4 - today.weekday()) % 7 or 7)  # never today
    phones.text(ANA, "recuérdame el próximo viernes a las 5 llevar la manguera")
    phones.settle()
    [reply] = phones.received()[ANA]
    shown_day = f"vie {friday.day} {dates.SPANISH_MONTHS[friday.month - 1]}"
    assert reply == (f"Recordatorio 1 para {shown_day}, 17:00: llevar la manguera. "
                     "unremind 1 lo cancela.")


@pytest.mark.settings(ALLOWED_COUNTRIES="US,MX", INVITE_HOURS="0-24")
@pytest.mark.parametrize("answer", ["SI", "sí", "si", "Sí", "yes"])
def test_a_spanish_invitation_asks_for_si_and_si_or_yes_joins(phones, answer):
    huerta(phones)
    phones.run(f"""
    {ANA} > invite @huerta {BETO}
    {ANA} < Invitaste a {BETO} a @huerta.
    {BETO} < Te invitaron a @huerta en Commons. Responde SI para unirte, o STOP para darte de baja.
    {BETO} > {answer}
    {BETO} < {NOTE}
    {BETO} < {WELCOME}
    """)


def event_ahead(phones) -> datetime:
    """Ana's event for 3 days from now, Beto coming; returns its start."""
    huerta(phones, (BETO, "beto"))
    phones.text(ANA, "evento @huerta en 3 días a las 10 limpiar el parque")
    phones.settle()
    phones.received()
    phones.run(f"""
    {BETO} > sí
    {BETO} < Recibido: viene a 'limpiar el parque' (1 viene hasta ahora)
    {ANA} < Todos en @huerta respondieron la pregunta 1: 1 viene. resultados 1 para ver nombres.
    """)
    with db.connection_context():
        return Question.get().start


def later_today(phones, start: datetime) -> str:
    """Bring the event to a little later today on Beto's clock; return its time as shown."""
    now = utcnow()
    with db.connection_context():
        local = repeats.to_local(now, Member.get(Member.phone == BETO))
    midnight = (local + timedelta(days=1)).replace(hour=0, minute=0, second=0, microsecond=0)
    target = now + min(timedelta(hours=1), (midnight - local) / 2)
    hours_pass((start - target).total_seconds() / 3600)
    with db.connection_context():
        return shown(BETO, Question.get().start)


def test_a_day_before_prompt_held_overnight_says_today_when_it_comes_on_the_day(phones):
    start = event_ahead(phones)
    with db.connection_context():
        hour = repeats.to_local(utcnow(), Member.get(Member.phone == BETO)).hour
    phones.text(BETO, f"quiet {hour}-{(hour + 2) % 24}")
    phones.settle()
    phones.received()
    fire_due(phones, kind="confirm")
    assert phones.received() == {}  # held through the quiet hours
    when = later_today(phones, start)  # the night passes: it is the event's day
    phones.text(BETO, "quiet off")
    phones.settle()
    assert sorted(phones.received()[BETO]) == [
        "Horas de silencio desactivadas: los mensajes llegan cuando se envían.",
        f"Hoy: limpiar el parque, {when} (evento 1 de @huerta). ¿Sigues viniendo? Responde "
        "si 1 o no 1"]


def test_a_day_before_prompt_sent_late_on_the_day_says_today(phones):
    start = event_ahead(phones)
    when = later_today(phones, start)  # the workers were away until the event's day
    fire_due(phones, kind="confirm")
    assert phones.received() == {BETO: [
        f"Hoy: limpiar el parque, {when} (evento 1 de @huerta). ¿Sigues viniendo? Responde "
        "si 1 o no 1"]}


def test_an_unreadable_time_is_quoted_as_typed_with_a_spanish_example(phones):
    huerta(phones)
    phones.run(f"""
    {ANA} > recordatorios
    {ANA} < No tienes recordatorios. Crea uno: recuérdame el viernes a las 5 llamar al banco
    {ANA} > recuérdame la semana que viene regar los tomates
    {ANA} < No pude leer la hora en 'recuérdame la semana que viene regar los tomates': prueba 'recuérdame el viernes a las 5 regar los tomates'
    """)  # noqa: E501


def test_spanish_repeats_read_their_part_of_the_day_and_one_not_kept_is_asked_about(phones):
    huerta(phones)
    phones.run(f"""
    {ANA} > recuérdame cada dos semanas llamar a mamá
    {ANA} < Repito un recordatorio a diario, entre semana, en fin de semana o cada lunes y jueves a las 9, no 'cada dos semanas'. No guardé nada.
    {ANA} > Recuérdame cada otro lunes a las 9 gimnasio
    {ANA} < Repito un recordatorio a diario, entre semana, en fin de semana o cada lunes y jueves a las 9, no 'cada otro lunes'. No guardé nada.
    {ANA} > recuérdame todas las noches a las 10 cerrar
    {ANA} < Recordatorio 1 para a diario 22:00: cerrar. unremind 1 lo cancela.
    {ANA} > recuérdame los domingos por la noche llamar a mamá
    {ANA} < Recordatorio 2 para cada dom 20:00: llamar a mamá. unremind 2 lo cancela.
    {ANA} > evento @huerta cada sábado a las 10 limpieza
    {ANA} < Un evento es una sola fecha y 'cada sábado' son varias: manda uno por cada una, como evento @huerta sat 10am limpieza. No mandé nada.
    """)  # noqa: E501
    with db.connection_context():
        assert Reminder.select().count() == 2 and not Question.select().exists()
