"""From a mail to the text a member meant: the new words, not the quote, the signature or HTML.

Pure functions; nothing here touches the database. A door takes what cleaning needs from the
mail at once and cheaply (`draft_of`: the body cut to MAX_RAW, its kind, the subject, the names
of attachments); cleaning it (`clean_text`) runs later, in a worker, in a process of its own
with a hard time bound (workers/mail_clean.py), because the regular expressions of quote
finding and HTML conversion can take minutes on a crafted body. A mail whose cleaning runs out
of time is posted as `rough_text` makes it: linear steps only, cut to one post.

- text/plain is preferred; an HTML-only mail is turned into text by html2text.
- Quoted replies and signatures are cut by mail-parser-reply, every language it knows turned
  on (attribution lines, Outlook's header blocks, "Sent from my ...", "-- "). What it misses
  (Outlook's separator lines in other languages, attributions in languages it does not know,
  two-line attributions, Zoho's "---- On ... wrote ----", header blocks, "Sent from" lines of
  other apps) is cut after it: a mail that still looks quoted posts only what comes before the
  quote. A forward keeps its quote.
- The text is cut to MAX_RAW before any of that, so a huge mail costs no more than a long one.
- The subject goes in front ("Subject - body", with an em dash) only when it adds something.
- The text is bounded to one post; attachments are named, not kept.
"""

from __future__ import annotations

import html
import re
from email.message import EmailMessage
from email.utils import collapse_rfc2231_value
from typing import Any, cast

import html2text
from mailparser_reply import EmailMessage as ReplyParser
from mailparser_reply.constants import MAIL_LANGUAGES

from handlers.mail_quotes import before_quote
from handlers.messages import MAX_BODY

CUT_MARKER = " […cut]"  # ends a mail's text that was too long to post whole
SUBJECT_JOIN = " — "  # SMS turns it into " - " (parsers.segments.gsm_safe)
# Characters of a mail's text kept for cleaning: 40 posts' worth. The regular expressions of
# quote finding and HTML conversion grow with their input; a 9 MB mail must cost no more.
MAX_RAW = 64 * 1024
LANGUAGES = list(MAIL_LANGUAGES)  # every one mail-parser-reply knows (and the "david" client)
# Subject prefixes of replies and forwards in the common clients' languages.
REPLY_PREFIXES = "re|aw|sv|antw|antwort|r|rif|res|odp|ynt|vs|atb|réf|ref|回复|答复|返信"
FORWARD_PREFIXES = "fwd?|wg|tr|rv|enc|vl|vb|doorst|fs|転送|转发"
PREFIX = re.compile(rf"^\s*(?:\[[^\]]*\]\s*)?({REPLY_PREFIXES}|{FORWARD_PREFIXES})"
                    r"\s*(?:\[\d+\]|\(\d+\))?\s*[:：]\s*", re.IGNORECASE)
FORWARD = re.compile(rf"^(?:{FORWARD_PREFIXES})$", re.IGNORECASE)
MARKDOWN_LINK = re.compile(r"\[([^\]\n]*)\]\((\S+?)\)")


# Linear steps only, for a mail whose cleaning ran out of time.
TAG = re.compile(r"<[^<>]*>")
QUOTED_LINE = re.compile(r"^[ \t]*>.*$", re.MULTILINE)
BLANKS = re.compile(r"[ \t\u00a0]+")
BLANK_LINES = re.compile(r"\n(?:[ \t]*\n)+")


def raw_body(message: EmailMessage) -> tuple[str, str]:
    """Return the body as it came, cut to MAX_RAW, and its kind (plain, html, flowed...)."""
    part = message.get_body(preferencelist=("plain", "html"))
    if part is None:
        return "", "plain"
    try:
        content = part.get_content()
    except (LookupError, ValueError, AttributeError):  # an unknown charset, or no body at all
        payload = cast(bytes | None, part.get_payload(decode=True))  # a leaf part: bytes
        content = (payload or b"").decode("utf-8", "replace")
    if not isinstance(content, str):  # a text part that decoded to bytes
        content = content.decode("utf-8", "replace")
    content = content[:MAX_RAW]
    if part.get_content_type() == "text/html":
        return content, "html"
    if collapse_rfc2231_value(part.get_param("format", "")).lower() == "flowed":
        delsp = collapse_rfc2231_value(part.get_param("delsp", "")).lower() == "yes"
        return content, "flowed-delsp" if delsp else "flowed"
    return content, "plain"


def readable(content: str, kind: str) -> str:
    """Turn a raw body of `kind` into plain text (the costly part of cleaning)."""
    if kind == "html":
        return html_to_text(content)
    if kind.startswith("flowed"):
        return unflow(content, kind == "flowed-delsp")
    return content


def body_text(message: EmailMessage) -> str:
    """Return the readable body: the text/plain part, else the HTML part as text."""
    return readable(*raw_body(message))


def html_to_text(html: str) -> str:
    """Turn HTML into plain text: paragraphs and lists kept, links as "text (url)"."""
    converter = html2text.HTML2Text()
    converter.body_width = 0  # no wrapping: SMS and mail clients wrap for themselves
    converter.ignore_images = True
    converter.ignore_emphasis = True
    converter.ul_item_mark = "-"
    text = converter.handle(html)
    # Markdown reads badly in a text message: [text](url), <url> and indented bullets.
    text = MARKDOWN_LINK.sub(lambda m: m[2] if m[1] in ("", m[2]) else f"{m[1]} ({m[2]})", text)
    text = re.sub(r"<(https?://[^>\s]+)>", r"\1", text)
    return re.sub(r"^  (- )", r"\1", text, flags=re.MULTILINE)


def unflow(text: str, delsp: bool = False) -> str:
    """Join the soft line breaks of format=flowed text (RFC 3676) back into paragraphs."""
    joined: list[tuple[int, str, bool]] = []  # (quote depth, text, ends in a soft break)
    for line in text.split("\n"):
        depth = len(line) - len(line.lstrip(">"))
        content = line[depth:].removeprefix(" ")  # the space-stuffing of a quoted line
        soft = content.endswith(" ") and content != "-- "
        if joined and joined[-1][2] and joined[-1][0] == depth:
            _, previous, _ = joined.pop()
            content = (previous[:-1] if delsp else previous) + content
        joined.append((depth, content, soft))
    return "\n".join(">" * depth + " " * bool(depth) + content for depth, content, _ in joined)


def new_text(text: str, forward: bool = False) -> str:
    """Return what the sender wrote: no quoted reply or signature (a forward keeps its quote)."""
    if forward:
        return _tidy(text)
    parser = ReplyParser(text=text, languages=list(LANGUAGES), keep_hyphen_lists=True)
    replies = parser.read().replies
    latest = replies[0].body if replies else text
    return _tidy("\n".join(_unquoted(before_quote(latest).splitlines())))


def _unquoted(lines: list[str]) -> list[str]:
    """Drop quoted lines and the attribution line just above a quote.

    Two fixes after the library: a bottom-posted answer sits below the quote, in the same piece
    as it; and an attribution the library misses (its French pattern fails when the name holds
    "le ", as "Example" does) is still recognised by where it stands: a line ending in ":",
    holding a date or an address, right above quoted lines.
    """
    kept: list[str] = []
    for at, line in enumerate(lines):
        if line.lstrip().startswith(">"):
            continue
        following = next((n for n in lines[at + 1:] if n.strip()), "")
        if following.lstrip().startswith(">") and line.rstrip().endswith(":") and \
                re.search(r"\d|@", line):
            if kept and kept[-1].rstrip().endswith("<"):  # Gmail wraps "Name <" + "addr>:"
                kept.pop()
            continue
        kept.append(line)
    return kept


def _tidy(text: str) -> str:
    """Strip each line's trailing spaces and collapse runs of blank lines."""
    lines = [line.rstrip() for line in text.replace("\r\n", "\n").split("\n")]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


def subject_parts(subject: str) -> tuple[str, bool, bool]:
    """Return the subject without Re:/Fwd:/AW:/SV: prefixes, and whether it was a reply/forward."""
    reply = forward = False
    while match := PREFIX.match(subject):
        if FORWARD.match(match[1]):
            forward = True
        else:
            reply = True
        subject = subject[match.end():]
    return subject.strip(), reply, forward


def meaningful_subject(subject: str, body: str, handle: str, reply: bool) -> str | None:
    """Return the subject when it says something the body and the address do not."""
    if not subject or reply:
        return None
    plain = _words(subject)
    if plain in (_words(handle), "") or _words(body).startswith(plain):
        return None
    return subject


def _words(text: str) -> str:
    return " ".join(re.sub(r"[^\w\s]", " ", text.casefold()).split())


def attachment_names(message: EmailMessage) -> list[str]:
    """Return the file names of a mail's attachments."""
    return [name for part in message.iter_attachments() if (name := part.get_filename())]


def bound(text: str, limit: int = MAX_BODY) -> str:
    """Cut `text` to `limit` characters at a word, with a visible marker."""
    if len(text) <= limit:
        return text
    room = limit - len(CUT_MARKER)
    cut = text.rfind(" ", room // 2, room + 1)
    return text[: cut if cut > 0 else room].rstrip() + CUT_MARKER


def draft_of(message: EmailMessage, handle: str, commands: bool = False) -> dict[str, Any]:
    """Take what cleaning needs from a mail to `handle`, cheaply: no regular expression runs.

    `commands` says the mail is for commands@ (or unsubscribe@): its lines are commands.
    """
    text, kind = raw_body(message)
    return {"text": text, "kind": kind, "subject": str(message.get("Subject", "")),
            "reply": bool(message.get("In-Reply-To")), "handle": handle,
            "attachments": [] if commands else attachment_names(message),
            "commands": commands}


def clean_text(draft: dict[str, Any]) -> str:
    """Return the text a draft stands for, cleaned: what a post or a command mail carries."""
    if draft["commands"]:
        body = new_text(readable(draft["text"], draft["kind"]))
        return bound(body or subject_parts(draft["subject"])[0])
    subject, reply, forward = subject_parts(draft["subject"])
    reply = reply or draft["reply"]
    body = new_text(readable(draft["text"], draft["kind"]), forward)
    shown = meaningful_subject(subject, body, draft["handle"], reply and not forward)
    return with_attachments(SUBJECT_JOIN.join(part for part in (shown, body) if part),
                            draft["attachments"])


def rough_text(draft: dict[str, Any]) -> str:
    """Return a draft's text as it came, in linear time: tags and quoted lines out, cut to a post.

    What a mail is posted as when its cleaning runs out of time, and what a refused mail is
    kept as: nothing here can take long, whatever the body.
    """
    text = draft["text"]
    if draft["kind"] == "html":
        text = html.unescape(TAG.sub(" ", text))
    text = BLANK_LINES.sub("\n\n", BLANKS.sub(" ", QUOTED_LINE.sub("", text))).strip()
    if draft["commands"]:
        return bound(text or draft["subject"].strip())
    return with_attachments(text, draft["attachments"])


def with_attachments(text: str, names: list[str]) -> str:
    """Return `text` bounded to one post, with the attachments' names after it."""
    note = f"(attached: {', '.join(names)})" if names else ""
    if not note:
        return bound(text)
    return (bound(text, MAX_BODY - len(note) - 1) + "\n" + note).strip()


def post_text(message: EmailMessage, handle: str) -> str:
    """Return the text to post for a mail to `handle`: subject, new words, attachment names."""
    return clean_text(draft_of(message, handle))


def command_text(message: EmailMessage) -> str:
    """Return the command lines of a mail to commands@: the body, or the subject when empty."""
    return clean_text(draft_of(message, "commands", commands=True))
