"""The libraries measured beside our time reader, each as reader(text, now) -> (moment, grain).

Each is optional (bench/requirements-times.txt); a missing one is named with the reason.
Grains: what each library says it read (dateparser's period, ctparse's fields, parsedatetime's
status, recognizers-text's type), so a day read as midnight is not taken for a time.
"""

from __future__ import annotations

from datetime import datetime


def _dateparser(text: str, now: datetime):
    from dateparser.date import DateDataParser

    settings = {"PREFER_DATES_FROM": "future", "RETURN_AS_TIMEZONE_AWARE": True,
                "TIMEZONE": str(now.tzinfo), "RELATIVE_BASE": now.replace(tzinfo=None)}
    data = DateDataParser(languages=["en"], settings=settings).get_date_data(text)
    if data.date_obj is None:
        return None
    grain = {"time": "second", "day": "day", "week": "week", "month": "month",
             "year": "year"}.get(data.period or "day", "day")
    return data.date_obj, grain


def _ctparse(text: str, now: datetime):
    from ctparse import ctparse
    from ctparse.types import Time

    found = ctparse(text, ts=now.replace(tzinfo=None), timeout=1)
    if found is None or not isinstance(found.resolution, Time):
        return None
    t = found.resolution
    if t.year is None or t.month is None:
        return None
    day = t.day or 1
    grain = "minute" if t.minute is not None else "hour" if t.hour is not None else \
        "day" if t.day is not None else "month"
    return now.replace(year=t.year, month=t.month, day=day, hour=t.hour or 0,
                       minute=t.minute or 0, second=0, microsecond=0), grain


def _parsedatetime(text: str, now: datetime):
    import parsedatetime

    calendar = parsedatetime.Calendar(version=parsedatetime.VERSION_CONTEXT_STYLE)
    moment, context = calendar.parseDT(text, sourceTime=now.replace(tzinfo=None))
    if not context.hasDateOrTime:
        return None
    grain = "second" if context.hasTime else "day"
    return moment.replace(tzinfo=now.tzinfo), grain


def _recognizers(text: str, now: datetime):
    from recognizers_date_time import recognize_datetime
    from recognizers_text import Culture

    results = recognize_datetime(text, Culture.English, now.replace(tzinfo=None))
    whole = [r for r in results if len(r.text) >= len(text.strip()) - 2]
    if len(whole) != 1:
        return None
    values = whole[0].resolution.get("values", [])
    if not values or "value" not in values[-1]:
        return None
    value, kind = values[-1]["value"], values[-1]["type"]
    moment = datetime.fromisoformat(value if len(value) > 10 else value + "T00:00:00")
    if kind == "time":
        moment = now.replace(tzinfo=None).replace(hour=moment.hour, minute=moment.minute,
                                                  second=moment.second)
    grain = "day" if kind == "date" else "second"
    return moment.replace(tzinfo=now.tzinfo), grain


def _available() -> dict:
    readers: dict[str, object] = {}  # a library's reader, or why it is not there
    for name, module, reader in (("dateparser", "dateparser", _dateparser),
                                 ("ctparse", "ctparse", _ctparse),
                                 ("parsedatetime", "parsedatetime", _parsedatetime),
                                 ("recognizers", "recognizers_date_time", _recognizers)):
        try:
            __import__(module)
        except ImportError as error:
            readers[name] = f"not installed ({error.name})"
        else:
            readers[name] = reader
    return readers


READERS = _available()
