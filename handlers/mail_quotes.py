"""Where a quoted original starts, when mail-parser-reply did not see it.

The library knows 13 languages' attributions and header blocks. Real replies also carry
Outlook's separator line in the writer's language ("-----Ursprüngliche Nachricht-----"),
attributions in languages it does not know (Portuguese "escreveu:", Russian "пишет:", Finnish
"kirjoitti:", Norwegian "skrev"), attributions wrapped over two or three lines, Zoho's
"---- On ... wrote ----", header blocks ("From:", "Von:", "De :" and a second header right
below) and the "Sent from" lines of many apps. A quote carries other people's words and
addresses to a whole group, so when a mail still looks quoted, only what comes before is kept.
"""

from __future__ import annotations

import re

# Outlook's (and Samsung's, Thunderbird's) separator line, in the languages they are sold in.
ORIGINAL = (
    "original message|ursprüngliche nachricht|originalnachricht|message d'origine|"
    "message original|mensaje original|mensagem original|messaggio originale|"
    "oorspronkelijk bericht|oprindelig besked|oprindelig meddelelse|opprinnelig melding|"
    "ursprungligt meddelande|alkuperäinen viesti|исходное сообщение|исходное письмо|"
    "wiadomość oryginalna|oryginalna wiadomość|původní zpráva|pôvodná správa|orijinal mesaj|"
    "eredeti üzenet|mesaj original|αρχικό μήνυμα|原始邮件|原始郵件|元のメッセージ|원본 메시지|"
    "forwarded message|weitergeleitete nachricht|message transféré|mensaje reenviado|"
    "mensagem encaminhada|messaggio inoltrato|doorgestuurd bericht|пересылаемое сообщение"
)
SEPARATOR = re.compile(rf"^\s*[-_=*]{{2,}}\s*(?:{ORIGINAL})\s*:?\s*[-_=*]{{2,}}\s*$",
                       re.IGNORECASE)
# How an attribution line ends, in the languages mail is written in (with Gmail's bare
# "Name <address>:" of Russian and other locales).
ATTRIBUTION_END = re.compile(
    r"(?:wrote|writes|schrieb|a écrit|a ecrit|escribió|escribio|ha scritto|scrive|escreveu|"
    r"escribiu|пишет|написал|написала|написал\(а\)|написав|kirjoitti|skrev|schreef|"
    r"napisał\(a\)|napisał|napisała|pisze|napsal\(a\)|napsal|yazdı|írta|έγραψε|"
    r"<[^<>\s]+@[^<>\s]+>)\s*:$",
    re.IGNORECASE)
WRAPPED = re.compile(r"^\s*-{2,}\s*(.+?)\s*-{2,}\s*$")  # Zoho: "---- On ... wrote ----"
DASHES = re.compile(r"^[-_=*\s]+$")
HEADER_FIRST = re.compile(
    r"^\s*\*?(?:from|von|de|da|van|fra|från|frá|od|от|lähettäjä|kimden|feladó|αποστολέας|"
    r"发件人|寄件者|差出人|보낸 사람)\s*\*?\s*:\s*\S", re.IGNORECASE)
HEADER_NEXT = re.compile(r"^\s*\*?[^\W\d_][^:\n]{0,30}?\s*\*?\s*:\s*\S")
SENT_FROM = re.compile(
    r"^\s*(?:Sent from|Sent with|Sent via|Sent using|Get Outlook for|Von meinem|Gesendet von|"
    r"Gesendet mit|Envoyé de|Envoyé depuis|Envoyé avec|Enviado desde|Enviado do|Enviado de|"
    r"Enviado con|Enviado com|Inviato da|Inviato con|Verzonden met|Verzonden vanaf|"
    r"Verstuurd vanaf|Verstuurd met|Sendt fra|Skickat från|Lähetetty|Отправлено с|"
    r"Отправлено из|Wysłano z|Odesláno z|Gönderen)\b.{0,80}$")
ATTRIBUTION_LINES = 3  # Gmail wraps a long attribution over two lines, sometimes three
ATTRIBUTION_CHARS = 300


def before_quote(text: str) -> str:
    """Return `text` up to where a quoted original starts; all of it when none is found."""
    lines = text.split("\n")
    for at, line in enumerate(lines):
        if quote_starts(lines, at):
            kept = lines[:at]
            while kept and (not kept[-1].strip() or DASHES.match(kept[-1])):  # "_____" above
                kept.pop()
            return "\n".join(kept)
    return text


def quote_starts(lines: list[str], at: int) -> bool:
    """Tell whether a quoted original starts at line `at`."""
    line = lines[at]
    if SEPARATOR.match(line) or SENT_FROM.match(line):
        return True
    if HEADER_FIRST.match(line):
        return any(HEADER_NEXT.match(n) for n in lines[at + 1:at + 4] if n.strip())
    return _attribution(lines, at)


def _attribution(lines: list[str], at: int) -> bool:
    """Tell whether an attribution starts at `at` and is followed by unquoted text.

    One followed by quoted (`>`) lines is left alone: the answer may be below the quote
    (bottom-posting), and the quoted lines are dropped one by one instead.
    """
    joined = ""
    for end in range(at, min(at + ATTRIBUTION_LINES, len(lines))):
        line = lines[end].strip()
        if not line or line.startswith(">") or len(joined) > ATTRIBUTION_CHARS:
            return False
        if end > at and re.search(r"[.!?]$", joined):  # a sentence ended: not one attribution
            return False
        # Gmail breaks "Name <" / "address>:" inside the brackets.
        joined = f"{joined}{'' if joined.endswith('<') else ' '}{line}".strip()
        candidate = f"{wrapped[1]}:" if (wrapped := WRAPPED.match(joined)) else joined
        if ATTRIBUTION_END.search(candidate) and re.search(r"\d|@", candidate):
            following = next((n for n in lines[end + 1:] if n.strip()), "")
            return not following.lstrip().startswith(">")
    return False
