"""A week of a Spanish-speaking crew, by text (issue 23): names, a group, posts, tasks, thanks,
reminders, a question and its answers, each text in Spanish but the members' own words.

Ana and Beto text from Mexico City, Carla from Madrid and Diego from Bogotá: each is written to
in Spanish from their first text, and told once how to change it.
"""

from __future__ import annotations

from tests.test_group_reminders import fire_all_due, say

ANA, BETO, CARLA, DIEGO = "+525512345678", "+525587654321", "+34612345678", "+573001234567"
CREW = {ANA: "ana", BETO: "beto", CARLA: "carla", DIEGO: "diego"}
NOTE = ("Te escribimos en español por el prefijo de tu teléfono. Para cambiarlo: "
        "lang en (English)")
WELCOME = "¡Te damos la bienvenida a @huerta! Para escribir al grupo: @huerta tu mensaje"
# The words the crew types: Spanish command words (English ones work in every language too).
WORD = {"join": "unirse", "task": "tarea", "done": "hecho", "thanks": "gracias",
        "remind": "recordar", "ask": "preguntar", "results": "resultados", "yes": "sí", "no": "no"}


def test_a_week_of_a_spanish_crew(phones):
    # Monday: everyone picks a name, Ana starts the group, the others join, Ana says hello.
    phones.run("\n".join(f"{number} > name {name}\n{number} < {NOTE}\n"
                         f"{number} < Ahora eres @{name}." for number, name in CREW.items()))
    phones.run(f"""
    {ANA} > create @huerta Huerta del barrio
    {ANA} < Creaste @huerta (abierto: cualquiera entra; private @huerta lo cambia). Invita gente: invite @huerta +15551234567
    {BETO} > {WORD["join"]} @huerta
    {BETO} < {WELCOME}
    {CARLA} > {WORD["join"]} @huerta
    {CARLA} < {WELCOME}
    {DIEGO} > {WORD["join"]} @huerta
    {DIEGO} < {WELCOME}
    {ANA} > @huerta ¡Hola! El sábado regamos
    {BETO} < [@huerta] ana: ¡Hola! El sábado regamos
    {CARLA} < [@huerta] ana: ¡Hola! El sábado regamos
    {DIEGO} < [@huerta] ana: ¡Hola! El sábado regamos
    {CARLA} > who @huerta
    {CARLA} < @huerta (4 miembros): @ana @beto @carla @diego
    """)  # noqa: E501

    # Tuesday: tasks, one given to Beto, one Diego takes from the list.
    phones.run(f"""
    {ANA} > {WORD["task"]} @huerta comprar semillas @beto
    {ANA} < Tarea 1 en @huerta: comprar semillas (para @beto)
    {BETO} < @ana te dio la tarea 1 de @huerta: comprar semillas. Escribe done @huerta 1 cuando la termines.
    {ANA} > {WORD["task"]} @huerta arreglar la cerca
    {ANA} < Tarea 2 en @huerta: arreglar la cerca
    {DIEGO} > tasks @huerta
    {DIEGO} < Tareas abiertas en @huerta: | 1 comprar semillas (@beto) | 2 arreglar la cerca
    {DIEGO} > claim 2
    {DIEGO} < Tomaste la tarea 2 de @huerta. Escribe done 2 cuando la termines.
    """)  # noqa: E501

    # Wednesday: both tasks done, Ana hears of each; thanks go round; the points add up.
    phones.run(f"""
    {BETO} > {WORD["done"]} 1
    {BETO} < Hecho: tarea 1 de @huerta (comprar semillas). +3 puntos para ti.
    {ANA} < @beto ha terminado la tarea 1 de @huerta: comprar semillas
    {DIEGO} > {WORD["done"]} 2
    {DIEGO} < Hecho: tarea 2 de @huerta (arreglar la cerca). +3 puntos para ti.
    {ANA} < @diego ha terminado la tarea 2 de @huerta: arreglar la cerca
    {CARLA} > {WORD["thanks"]} @beto por las semillas
    {CARLA} < Le diste las gracias a @beto.
    {BETO} < @carla te dio las gracias: las semillas (+1 punto; tienes 4 puntos)
    {DIEGO} > {WORD["thanks"]} @ana
    {DIEGO} < Le diste las gracias a @ana.
    {ANA} < @diego te dio las gracias (+1 punto; tienes 1 punto)
    {ANA} > top @huerta
    {ANA} < Los primeros en @huerta (puntos, parte): | 1. @beto 4 (50%) | 2. @diego 3 (38%) | 3. @ana 1 (12%)
    """)  # noqa: E501

    # Thursday: a reminder for the group and one of Carla's own, fired when their time comes.
    set_group = say(phones, ANA, f"{WORD['remind']} @huerta mañana a las 9 regar los tomates")
    assert set_group[ANA][0].startswith("Recordatorio 1 para @huerta, ")
    assert set_group[ANA][0].endswith(": regar los tomates. unremind 1 lo cancela.")
    set_own = say(phones, CARLA, "recuérdame mañana a las 8 llevar la manguera")
    assert set_own[CARLA][0].startswith("Recordatorio 1 para ")
    fire_all_due(phones)
    assert phones.received() == {
        **{number: ["[@huerta] recordatorio de @ana: regar los tomates"] for number in CREW},
        CARLA: ["[@huerta] recordatorio de @ana: regar los tomates",
                "Recordatorio: llevar la manguera"],
    }

    # Friday: a question, its answers, a nudge for whoever has not answered, the results.
    asked = say(phones, ANA, f"{WORD['ask']} @huerta ¿Compramos abono?")
    assert asked[ANA][0].startswith("Pregunta 1 enviada a @huerta: '¿Compramos abono?'. "
                                    "Abierta hasta ")
    question = "[@huerta] ana pregunta: ¿Compramos abono? Responde si, no o quizas"
    assert {number: texts for number, texts in asked.items() if number != ANA} == {
        BETO: [question], CARLA: [question], DIEGO: [question]}
    phones.run(f"""
    {BETO} > {WORD["yes"]}
    {BETO} < Recibido: si a '¿Compramos abono?' (1 si hasta ahora)
    {CARLA} > {WORD["no"]}
    {CARLA} < Recibido: no a '¿Compramos abono?' (1 si, 1 no hasta ahora)
    {ANA} > nudge 1
    {ANA} < Le recordamos la pregunta 1 a quienes no respondieron (1).
    {DIEGO} < [@huerta] ana vuelve a preguntar: ¿Compramos abono? Responde si, no o quizas
    {DIEGO} > {WORD["yes"]}
    {DIEGO} < Recibido: si a '¿Compramos abono?' (2 si, 1 no hasta ahora)
    {ANA} < Todos en @huerta respondieron la pregunta 1: 2 si, 1 no. resultados 1 para ver nombres.
    """)
    results = say(phones, ANA, f"{WORD['results']} 1")[ANA][0]
    assert results.startswith("Pregunta 1 en @huerta: ¿Compramos abono? (abierta hasta ")
    assert results.endswith(") | si 2: @beto @diego | no 1: @carla | quizas 0")

    # The weekend: Carla mutes the group for a while, Beto's chat reaches the others as he
    # wrote it, and everyone's week shows in their points.
    phones.run(f"""
    {CARLA} > off @huerta 2h
    {CARLA} < @huerta silenciado por 2h. Escribe on @huerta para reactivarlo. | O recibe un SMS diario con sus novedades: digest daily 8am
    {BETO} > hola a todos, ¡buen finde!
    {ANA} < [@huerta] beto: hola a todos, ¡buen finde!
    {DIEGO} < [@huerta] beto: hola a todos, ¡buen finde!
    {CARLA} > on @huerta
    {CARLA} < @huerta vuelve a sonar.
    {BETO} > karma
    {BETO} < Tienes 5 puntos: tareas hechas 1, gracias 1, necesidades cubiertas 0, respuestas 1.
    """)  # noqa: E501
