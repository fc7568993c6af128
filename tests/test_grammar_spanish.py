"""The grammar in Spanish (issue 23): each row a text and the Command it must parse to.

Spanish words start the most used commands; a sentence that merely starts with one stays chat,
as the English grammar keeps "thanks all for coming" a post.
"""

from __future__ import annotations

import pytest

from parsers import Command, parse

C = Command


def chat(text: str) -> Command:
    """Expect plain chat carrying the whole text."""
    return Command("chat", text=text)


def me(when: str, text: str = "") -> Command:
    """Expect a reminder for the sender."""
    return Command("remind", target="me", when=when, text=text)


ROWS = [
    # words for the commands, accents or none
    ("unirse @equipo", C("join", target="equipo")),
    ("salir @equipo", C("leave", target="equipo")),
    ("ayuda", C("help")),
    ("¿ayuda?", C("help")),
    ("ayuda unirse", C("help", topic="join")),
    ("ayuda tarea", C("help", topic="task")),
    ("tarea: traer botiquín", C("task_add", text="traer botiquín")),
    ("tarea traer botiquín", C("task_add", text="traer botiquín")),
    ("tarea @equipo traer botiquín @ana", C("task_add", target="equipo", text="traer botiquín",
                                           member="ana")),
    ("tareas", C("task_list")),
    ("tareas mías", C("task_list", mine=True)),
    ("mis tareas", C("task_list", mine=True)),
    ("hecho 3", C("task_done", number=3)),
    ("No me manden más mensajes", C("stop_how")),  # told how to stop, never posted
    ("quiero darme de baja", C("stop_how")),
    # As Spanish says them, once posted to the group: a little word before the @group, the
    # words for cancel and delete, "termine" without its accent, "dejar", "resultado".
    ("unirme a @cocina", C("join", target="cocina")),
    ("salir de @huerta", C("leave", target="huerta")),
    ("dejar @huerta", C("leave", target="huerta")),
    ("preguntar a @huerta ¿quién viene?", C("ask", target="huerta", text="¿quién viene?")),
    ("tareas de @huerta", C("task_list", target="huerta")),
    ("cancelar recordatorio 1", C("unremind", number=1)),
    ("borrar recordatorio 1", C("unremind", number=1)),
    ("cancelar el evento 2", C("cancel_event", number=2)),
    ("termine 3", C("task_done", number=3)),
    ("termine la tarea 2", C("task_done", number=2)),
    ("resultado 1", C("results", number=1)),
    ("dejar de fumar", C("chat", text="dejar de fumar")),
    ("ayuda xfa", C("help")),  # was "No command xfa"
    ("recuerdame regar mñn a las 8", me("mñn a las 8", "regar")),  # "mñn" was left in the words
    ("tarea @huerta podar el limonero @beto para mñn",
     C("task_add", target="huerta", text="podar el limonero", member="beto", when="mñn")),
    ("Hecho 3 ✅", C("task_done", number=3)),
    ("hecho con la tarea 3", C("task_done", number=3)),
    ("listo 3", C("task_done", number=3)),
    ("terminé #3", C("task_done", number=3)),
    ("hecho @equipo 3", C("task_done", target="equipo", number=3)),
    ("gracias @ana", C("thanks", member="ana")),
    ("¡gracias @ana!", C("thanks", member="ana")),
    ("gracias a @ana por el viaje", C("thanks", member="ana", text="el viaje")),
    ("gracias @ana y @luis por todo", C("thanks", member="ana", also=("luis",), text="todo")),
    ("crear @equipo Mudanza", C("create", target="equipo", text="Mudanza")),
    ("invitar @equipo @ana", C("invite", target="equipo", invitees=("ana",))),
    ("puntos", C("karma")),
    ("grupos", C("groups")),
    ("más", C("more")),
    ("recordatorios", C("reminders")),
    ("recuérdame llamar a mamá mañana a las 5", me("mañana a las 5", "llamar a mamá")),
    ("recuerdame llamar a mama manana a las 5", me("manana a las 5", "llamar a mama")),
    ("recuérdame que pague la luz el 12 de diciembre", me("el 12 de diciembre",
                                                        "pague la luz")),
    ("recuérdame en 30 minutos sacar el pan", me("en 30 minutos", "sacar el pan")),
    ("recordar @equipo el viernes a las 9 reunión",
     C("remind", target="equipo", when="el viernes a las 9", text="reunión")),
    ("recordar a todos el viernes a las 9 traer comida",
     C("remind", target="*", when="el viernes a las 9", text="traer comida")),
    ("recuérdame cada lunes a las 9 sacar la basura", me("every mon a las 9", "sacar la basura")),
    ("recuérdame los martes y jueves a las 7 gimnasio", me("every tue,thu a las 7", "gimnasio")),
    ("recuérdame todos los días a las 8 regar", me("every day a las 8", "regar")),
    ("recuérdame todas las noches a las 10 cerrar", me("every day night a las 10", "cerrar")),
    ("recuérdame los domingos por la noche llamar a mamá", me("every sun 8pm", "llamar a mamá")),
    ("recuérdame diario a las 8 pastillas", me("every day a las 8", "pastillas")),
    ("recuérdame cada mañana estirar", me("every day 9am", "estirar")),
    ("recuérdame entre semana a las 9 correo", me("every weekday a las 9", "correo")),
    ("recuérdame", C("help", topic="remind")),
    # "a mí" says again who; "a mi mamá" is someone else, part of what to say.
    ("recuérdame a mí el viernes a las 5 llamar al banco",
     me("el viernes a las 5", "llamar al banco")),
    ("recuerdame a mi, el viernes a las 5 pagar", me("el viernes a las 5", "pagar")),
    ("recuérdame a mi mamá el viernes a las 5 llamar",
     me("el viernes a las 5", "a mi mamá llamar")),
    ("recordar me el viernes a las 5 pagar", me("el viernes a las 5", "pagar")),
    ("recordar a mi, el viernes a las 5 pagar", me("el viernes a las 5", "pagar")),
    ("recordar a @equipo el lunes a las 9 limpiar",
     C("remind", target="equipo", when="el lunes a las 9", text="limpiar")),
    ("recordar al equipo, el lunes a las 9 limpiar",
     C("remind", target="*", when="el lunes a las 9", text="limpiar")),
    ("recordar al equipo,el lunes a las 9 limpiar",
     C("remind", target="*", when="el lunes a las 9", text="limpiar")),
    ("recordar a mi el viernes a las 5 pagar", me("el viernes a las 5", "pagar")),
    # "recuérdanos": the group the sender talks in, never a post to it
    ("recuérdanos el lunes a las 9 limpiar",
     C("remind", target="*", when="el lunes a las 9", text="limpiar")),
    ("recordarnos cada lunes a las 9 limpiar",
     C("remind", target="*", when="every mon a las 9", text="limpiar")),
    ("recuerdanos", C("help", topic="remind")),
    ("AYUDA", C("help")),
    # sentences that start with a Spanish word stay posts
    ("gracias a todos por venir", chat("gracias a todos por venir")),
    ("Gracias", chat("Gracias")),
    ("listo", chat("listo")),
    ("Listo, nos vemos a las 5", chat("Listo, nos vemos a las 5")),
    ("hecho!", chat("hecho!")),
    ("Hecho, gracias", chat("Hecho, gracias")),
    ("tarea de mates para el lunes", chat("tarea de mates para el lunes")),
    ("la tarea está lista", chat("la tarea está lista")),
    # tarea <n> hecha: done, as `hecho 2` is
    ("tarea 2 hecha", C("task_done", number=2)),
    ("Tarea 2 lista", C("task_done", number=2)),
    ("tarea 2 terminada ✅", C("task_done", number=2)),
    ("tarea #3 está hecha", C("task_done", number=3)),
    ("tarea @equipo 2 lista", C("task_done", target="equipo", number=2)),
    ("tarea lista", chat("tarea lista")),
    ("hecho2", C("task_done", number=2)),
    ("salir a cenar?", chat("salir a cenar?")),
    ("ayuda con la mudanza mañana", chat("ayuda con la mudanza mañana")),
    ("Más tarde te llamo", chat("Más tarde te llamo")),
    ("recordar que mañana hay reunión a las 5", chat("recordar que mañana hay reunión a las 5")),
    ("Recordar a todos que traigan comida", chat("Recordar a todos que traigan comida")),
    ("puntos para todos", chat("puntos para todos")),
    ("Alto ahí", chat("Alto ahí")),
    # no English word is taken for a slip of a Spanish one
    ("area 51", chat("area 51")),
    ("list 3", chat("list 3")),
]


@pytest.mark.parametrize(("text", "expected"), ROWS, ids=[t for t, _ in ROWS])
def test_parse_spanish(text: str, expected: Command) -> None:
    assert parse(text) == expected


@pytest.mark.parametrize(("text", "action"), [
    ("PARAR", "opt_out"), ("Cancelar", "opt_out"), ("ALTO!", "opt_out"), ("¡Parar!", "opt_out"),
    ("baja", "opt_out"), ("COMENZAR", "opt_in"), ("Iniciar", "opt_in"), ("AYUDA", "help"),
])
def test_spanish_carrier_words_alone_are_read_from_a_member_who_speaks_spanish(text, action):
    assert parse(text, "es") == C(action)
    # From anyone else only Twilio's Advanced Opt-Out (OptOutType) makes them carrier words.
    assert parse(text, "en").action == ("help" if action == "help" else "chat")


def test_a_spanish_speaker_stops_with_a_sentence_no_more_than_an_english_one():
    assert parse("alto ahí, que no es así", "es").action == "chat"
    assert parse("cancelar la reunión", "es").action == "chat"


@pytest.mark.parametrize(("text", "expected"), [
    ("Sí", C("answer", text="Sí", choice="yes")),
    ("si 12", C("answer", text="si 12", choice="yes", number=12)),
    ("quizás", C("answer", text="quizás", choice="maybe")),
    ("tarea comprar pan para el viernes", C("task_add", text="comprar pan", when="el viernes")),
    ("tarea comprar pan para mañana a las 5 @ana",
     C("task_add", text="comprar pan", when="mañana a las 5", member="ana")),
    ("tarea llevar sillas para la fiesta", C("task_add", text="llevar sillas para la fiesta")),
    ("preguntar @equipo ¿pizza? hasta el viernes a las 5",
     C("ask", target="equipo", text="¿pizza?", when="el viernes a las 5")),
])
def test_answers_due_dates_and_closing_times_in_spanish(text, expected):
    assert parse(text) == expected
