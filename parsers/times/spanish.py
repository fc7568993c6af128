"""Spanish time words, said again in the English the patterns read: "mañana a las 5" -> "tomorrow
at 5".

The reader's patterns are written once, in English; a Spanish text is rewritten into them before
they run, so every convention (a bare hour on another day is an appointment's hour, "a las 5" is
the next 5 o'clock) holds in both languages. Accents are optional: people drop them on phones.
Words that are also English ("ago", "once", "mar", "vie") are read as Spanish only while Spanish
is spoken (parsers.languages.current()); the rest are no English words and read from anyone.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Any

WEEKDAYS = {"lunes": "monday", "martes": "tuesday", "miercoles": "wednesday",
            "jueves": "thursday", "viernes": "friday", "sabado": "saturday",
            "sabados": "saturday", "domingo": "sunday", "domingos": "sunday"}
MONTHS = {"enero": "january", "febrero": "february", "marzo": "march", "abril": "april",
          "mayo": "may", "junio": "june", "julio": "july", "agosto": "august",
          "septiembre": "september", "setiembre": "september", "octubre": "october",
          "noviembre": "november", "diciembre": "december", "ene": "jan", "abr": "apr",
          "dic": "dec"}
UNITS = {"segundo": "second", "segundos": "seconds", "minuto": "minute", "minutos": "minutes",
         "hora": "hour", "horas": "hours", "dia": "day", "dias": "days", "semana": "week",
         "semanas": "weeks", "mes": "month", "meses": "months", "ano": "year", "anos": "years"}
NUMBERS = {"un": "1", "una": "1", "uno": "1", "dos": "2", "tres": "3", "cuatro": "4",
           "cinco": "5", "seis": "6", "siete": "7", "ocho": "8", "nueve": "9", "diez": "10",
           "doce": "12", "trece": "13", "catorce": "14", "quince": "15", "veinte": "20",
           "treinta": "30", "cuarenta": "40", "cincuenta": "50", "primero": "1"}
# Also English words, or abbreviations of two things ("mar": martes or marzo): Spanish only
# while Spanish is spoken.
SPOKEN_ONLY = {"once": "11", "ago": "agosto", "set": "septiembre", "lun": "lunes",
               "mie": "miercoles", "jue": "jueves", "vie": "viernes", "sab": "sabado",
               "dom": "domingo"}
_PARTS = {"manana": "morning", "madrugada": "morning", "tarde": "afternoon", "noche": "night"}
_W = r"(?:{})".format
_UNIT = _W("|".join(sorted(UNITS, key=len, reverse=True)))
_DAY = _W("|".join(sorted(WEEKDAYS, key=len, reverse=True)))
_MONTH = _W("|".join(sorted(MONTHS, key=len, reverse=True)))
_PART = _W("|".join(_PARTS))
# In order: phrases before the words they hold ("pasado mañana" before "mañana").
_RULES: tuple[tuple[re.Pattern, Any], ...] = tuple((re.compile(said), meant) for said, meant in (
    (r"\bpasado manana\b", "day after tomorrow"),
    (r"\b(?:anteayer|antier|antes de ayer)\b", "day before yesterday"),
    (r"\besta noche\b", "tonight"),
    (r"\besta manana\b", "this morning"),
    (r"\besta tarde\b", "this afternoon"),
    (rf"\b(?:por|en|de|a) la ({_PART})\b", lambda m: _PARTS[m[1]]),  # "de la tarde"
    (r"\b(\d{1,2}) del mediodia\b", r"\1 pm"),  # "a la 1 del mediodía"
    (r"\b(?:a |al |el )?mediodia\b", "noon"),
    (r"\b(?:a )?(?:la )?medianoche\b", "midnight"),
    (r"\bmanana\b", "tomorrow"),
    (r"\bhoy\b", "today"),
    (r"\bayer\b", "yesterday"),
    (r"\ben punto\b", "oclock"),
    (rf"\b({_UNIT}) y media\b", r"\1 and a half"),
    (r"\bmedia (hora|minuto)\b", r"half \1"),
    (r"\b(\d{1,2}) y media\b", r"\1:30"),
    (r"\b(\d{1,2}) y cuarto\b", r"\1:15"),
    (r"\b(?:a )?las? (\d{1,2}) y (\d)\b", r"at \1:0\2"),
    (r"\b(?:a )?las? (\d{1,2}) y (\d\d)\b", r"at \1:\2"),
    (r"\b(?:sobre|hacia|como a|a eso de) las? (?=\d)", "around "),
    (r"\b(?:antes de|para) las? (?=\d)", "by "),
    (r"\b(?:a )?las? (?=\d)", "at "),
    (r"\b(\d{1,2}) menos cuarto\b", r"quarter to \1"),
    (r"\b(\d{1,2}) menos (\d{1,2})\b", r"\2 to \1"),
    (r"\b(?:en|dentro de)(?= (?:\d|half)| (?:un|una) )", "in"),
    (rf"\bhace (\S+ {_UNIT})\b", r"\1 ago"),
    (rf"\b(?:el )?({_DAY}) de la (?:semana que viene|proxima semana)\b", r"\1 next week"),
    (r"\b(?:la|el) (?:proxima|proximo) (semana|mes|ano)\b", r"next \1"),
    (r"\b(?:la|el) (semana|mes|ano) (?:que viene|proxima|proximo|siguiente)\b", r"next \1"),
    (r"\b(?:est[ea]) (semana|mes|ano)\b", r"this \1"),
    (r"\b(?:el|este) (?:proximo )?fin de semana(?: que viene)?\b", "weekend"),
    (r"\bfin de semana\b", "weekend"),
    # "el próximo viernes" is the nearest Friday ahead, never today (on a Friday: next week's);
    # "este viernes" is this one, today while its time is still ahead.
    (rf"\b(?:el )?proximo ({_DAY})\b", r"upcoming \1"),
    (rf"\b(?:el )?({_DAY}) (?:que viene|proximo)\b", r"upcoming \1"),
    (rf"\b(?:el )?este ({_DAY})\b", r"coming \1"),
    (rf"\b(?:el )?({_DAY}) pasado\b", r"last \1"),
    (rf"\bel ({_DAY})\b", r"\1"),
    (rf"\b(?:el )?(\d{{1,2}}) de ({_MONTH})(?: (?:de|del) (\d{{4}}))?\b", r"\1 \2 \3"),
    (rf"\b(?:en|de) ({_MONTH})\b", r"\1"),
    (r"\bel (?=\d)", "the "),
    (r"\bdel (?=\d{4})", "of "),
))
# A Spanish text has one of these; most texts have none, and are left as they are.
_CLUES = re.compile(rf"\b(?:manana|hoy|ayer|anteayer|antier|las?|el|en|dentro|hace|medi\w+"
                    rf"|proxim[oa]|est[ae]|{_DAY}|{_MONTH}|{_UNIT}|{_PART})\b")
_WORD = re.compile(r"[a-z]+")


def plain(text: str) -> str:
    """Return `text` without accents ("mañana" -> "manana", "sábado" -> "sabado")."""
    if text.isascii():
        return text
    return "".join(c for c in unicodedata.normalize("NFD", text)
                   if unicodedata.category(c) != "Mn")


def english(text: str, spoken: bool = False) -> str:
    """Say a lower-case Spanish time text in the reader's English; other texts come back as are.

    `spoken`: Spanish is being spoken, so words that are also English read as Spanish.
    """
    text = plain(text)
    texted = _WORD.sub(lambda m: _TEXTING.get(m[0], m[0]), text)  # "mñn", "q viene"
    if _CLUES.search(texted) or (spoken and _spoken_words(texted)):
        text = texted
    if not _CLUES.search(text) and not (spoken and _spoken_words(text)):
        return text
    words = NUMBERS | SPOKEN_ONLY if spoken else NUMBERS
    text = _WORD.sub(lambda m: words.get(m[0], m[0]), text)
    for said, meant in _RULES:
        text = said.sub(meant, text)
    text = _WORD.sub(lambda m: WEEKDAYS.get(m[0]) or MONTHS.get(m[0]) or UNITS.get(m[0])
                     or _PARTS.get(m[0]) or m[0], text)
    return " ".join(text.split())


# Texting spellings, as whole words without accents: "mñn" is "mnn" once plain.
_TEXTING = {"mnn": "manana", "mnana": "manana", "mna": "manana", "mnna": "manana", "q": "que"}


def _spoken_words(text: str) -> bool:
    return any(word in SPOKEN_ONLY for word in _WORD.findall(text))


def vocabulary() -> frozenset[str]:
    """Return every Spanish word a time may be made of, without accents."""
    return frozenset({*WEEKDAYS, *MONTHS, *UNITS, *NUMBERS, *SPOKEN_ONLY, *_PARTS, *_TEXTING,
                      *"""pasado anteayer antier antes hoy ayer esta este noche tarde manana
                      mediodia medianoche a al las la el de del en y por para punto media cuarto
                      menos sobre hacia como eso dentro hace proxima proximo que viene siguiente
                      fin""".split()})
