"""Argument forms of rapid action: questions, events, answers, results, nudges.

An answer has no command word: `yes`, `y`, `No.`, `maybe`, `2`, `yes 12`, `3 #12`. Whether it
is an answer, a START or plain chat depends on what is open for its sender, so the grammar
makes it an `answer` and the handler decides.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable

from parsers.command import Command
from parsers.handles import arg_tokens, handle_token, lead_handle, number_token
from parsers.lookalikes import undecorated
from parsers.times.spanish import plain

MAX_OPTIONS = 9  # one digit each: "Reply 1, 2 or 3" and an answer of one key
MIN_OPTIONS = 2

# What people type for each answer; `y` and `n` are the one-key forms.
ANSWER_WORDS: dict[str, str] = {
    "yes": "yes", "y": "yes", "yeah": "yes", "yep": "yes", "yup": "yes", "sure": "yes",
    "yea": "yes", "yeh": "yes", "yess": "yes", "yesss": "yes",
    "no": "no", "n": "no", "nope": "no", "nah": "no", "noo": "no", "nooo": "no",
    "maybe": "maybe", "perhaps": "maybe", "possibly": "maybe", "idk": "maybe",
    "probably": "maybe",
    # "Can't" says no to both "who can drive?" and "coming?"; "I can't" is a sentence.
    "can't": "no", "cant": "no", "cannot": "no",
    # Spanish, accents or none; "no" is the same word.
    "si": "yes", "sí": "yes", "quizas": "maybe", "quizás": "maybe", "quiza": "maybe",
    "quizá": "maybe",
}
# Answers said in a few words, whole, read without accents or commas: "count me in", "can't
# make it", "ahí estaré".
ANSWER_PHRASES: dict[str, str] = {
    "count me in": "yes", "i'm in": "yes", "im in": "yes", "i am in": "yes",
    "count me out": "no", "i'm out": "no", "im out": "no", "can't make it": "no",
    "cant make it": "no", "can't come": "no", "cant come": "no", "not me": "no",
    "not sure": "maybe", "no se": "maybe",
    "i'll be there": "yes", "ill be there": "yes", "i'm going": "yes", "im going": "yes",
    "going": "yes", "yes i'm in": "yes", "not going": "no",
    "won't make it": "no", "wont make it": "no", "not this time": "no", "unsure": "maybe",
    # Spanish, read without its accents
    "claro": "yes", "claro que si": "yes", "si voy": "yes",
    "ahi estare": "yes", "cuenta conmigo": "yes", "sip": "yes",
    "no puedo": "no", "no puedo ir": "no", "no voy a poder": "no", "no creo": "no",
    "tal vez": "maybe", "a lo mejor": "maybe", "puede ser": "maybe",
}
# Courtesy after a yes, no or maybe word changes nothing: "yes please", "no thanks!". Nothing
# else may follow it: "no thanks @bob" is a thanks, "yes please bring chips" a post.
COURTESY = (r"please|pls|plz|thanks|thank\s+you|thank\s+u|thx|ty|cheers|sorry"
            r"|gracias|muchas\s+gracias|por\s+favor|porfa|xfa")
_ANSWER = re.compile(
    r"(?P<choice>[a-záéíóú]+(?:'t)?|[0-9]{1,2})[.!?,]*"
    r"(?:(?:\s+#?|\s*#)(?P<number>[0-9]{1,9})|[\s,]+(?P<courtesy>" + COURTESY + r"))?[\s.!?]*",
    re.I)
_QUOTES = "\"'“”‘’«»「」"
_UNTIL = re.compile(r"\s+(?:until|till|hasta)\s+(?P<when>[^?]+?)\s*$", re.I)


def answer(text: str) -> Command | None:
    """Parse a bare answer: a yes/no/maybe word or an option number, then maybe a question's.

    What people put after it or quote it with (`Yes 👍`, `"no"`, `Ｙｅｓ`) does not change it; a
    sign before it does (`+1` thanks, `? 12` asks for help).
    """
    said = " ".join(plain(text.replace("\u2019", "'").replace(",", " ").lower()).strip(
        " .!?").split())
    if said in ANSWER_PHRASES:
        return Command("answer", text=text, choice=ANSWER_PHRASES[said])
    found = _ANSWER.fullmatch(text.replace("\u2019", "'"))
    if found is None and unicodedata.normalize("NFKC", text).lstrip(_QUOTES)[:1].isalnum():
        found = _ANSWER.fullmatch(undecorated(text))
    if found is None:
        return None
    raw = found.group("choice").lower()
    choice = raw if raw.isdigit() else ANSWER_WORDS.get(raw)
    if choice is None or choice == "0" or (raw.isdigit() and found.group("courtesy")):
        return None
    number = int(found.group("number")) if found.group("number") else None
    return Command("answer", text=text, choice=choice, number=number)


def courteous(text: str) -> bool:
    """Tell whether an answer has courtesy after its word ("yes please"): never a START."""
    found = _ANSWER.fullmatch(undecorated(text.replace("\u2019", "'")))
    return found is not None and found.group("courtesy") is not None


def ask(rest: str) -> Command | None:
    """Parse `ask @group <question>[? a / b / c] [until <when>]`."""
    found = lead_handle(rest.strip())
    if found is None or not found[1].strip():
        return None
    group, text = found[0], found[1].strip()
    when = None
    if (until := _UNTIL.search(text)) is not None:
        when, text = until.group("when"), text[: until.start()].rstrip()
    options: tuple[str, ...] = ()
    if "?" in text:
        head, _, tail = text.rpartition("?")
        parts = [p.strip(" .,") for p in tail.split("/")]
        if len(parts) >= MIN_OPTIONS:
            if not all(parts) or len(parts) > MAX_OPTIONS:
                return None
            text, options = head.strip() + "?", tuple(parts)
    if not text.strip("?"):
        return None
    return Command("ask", target=group, text=text, when=when, options=options)


def event(rest: str) -> Command | None:
    """Parse `event @group <when> <what>`: the handler finds the time in the words."""
    found = lead_handle(rest.strip())
    if found is None or not found[1].strip():
        return None
    return Command("event", target=found[0], text=found[1].strip())


def numbered(action: str) -> Callable[[str], Command | None]:
    """Build the form `[@group|n]` of results and nudge."""

    def form(rest: str) -> Command | None:
        tokens = arg_tokens(rest.strip(" .!?"))
        if not tokens:
            return Command(action)
        if len(tokens) != 1:
            return None
        if (group := handle_token(tokens[0])) is not None:
            return Command(action, target=group)
        if (number := number_token(tokens[0])) is not None:
            return Command(action, number=number)
        return None

    return form


def cancel(rest: str) -> Command | None:
    """Parse `cancel event <n>` or `cancel reminder <n>`; `cancel @group` is a near miss of
    `leave`."""
    tokens = arg_tokens(rest.strip(" .!?"))
    if tokens and tokens[0].startswith("@"):
        return Command("near_miss", suggestion=f"leave {rest}")
    if len(tokens) == 3 and tokens[0].lower() in ("the", "my", "el", "la", "mi"):
        tokens = tokens[1:]  # "cancel my reminder 3", "cancelar el evento 2"
    if len(tokens) == 2 and tokens[0].lower() in ("event", "evento"):
        if (number := number_token(tokens[1])) is not None:
            return Command("cancel_event", number=number)
    if len(tokens) == 2 and tokens[0].lower() in ("reminder", "remind", "recordatorio"):
        if (number := number_token(tokens[1])) is not None:  # is `unremind 3`
            return Command("unremind", number=number)
    return None
