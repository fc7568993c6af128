"""Cleaning mail: real clients' replies in, exactly the words their authors meant out."""

from __future__ import annotations

from email import policy
from email.message import EmailMessage
from email.parser import BytesParser
from pathlib import Path

import pytest

from handlers.mail_clean import (
    CUT_MARKER,
    bound,
    command_text,
    html_to_text,
    meaningful_subject,
    post_text,
    subject_parts,
    unflow,
)
from handlers.messages import MAX_BODY

FIXTURES = Path(__file__).resolve().parent / "mail_fixtures"

# fixture file -> the exact text posted to @team
EXPECTED = {
    "gmail": "Count me in, I'll bring the grill.",
    "outlook_desktop": "Sounds good, I can do the drinks run on Saturday.",
    "outlook_web": "Yes, count me in. I'll bring a salad.",
    "apple_mail": "Great idea! I can bring lemonade and some folding chairs if someone helps "
                  "me carry them from the car.",
    "iphone": "On my way, 10 minutes.",
    "android": "Sure, I'll take the 3pm shift at the grill.",
    "thunderbird": "Works for me. I will bring the big blanket and the frisbee, and I can stay "
                   "until the end to help clean up.",
    "top_posted": "Done, the invoice is paid.\nI used the card ending 4242.",
    "bottom_posted": "I'll pay it tomorrow morning\non my way to work.",
    "forward": "Venue confirmation — FYI, the hall is booked.\n\n"
               "---------- Forwarded message ---------\n"
               "From: Hall Office <office@hall.example>\n"
               "Date: Mon, Jun 3, 2024 at 9:00 AM\n"
               "Subject: Venue confirmation\n"
               "To: Bob Example <bob@example.com>\n\n"
               "Your booking for Sunday 9 June, 10:00-16:00, is confirmed.\n\n"
               "Hall Office\n"
               "(attached: booking.pdf)",
    "signature": "Flyers for Saturday — I'll print 200 flyers tonight. Who can hand them out\n"
                 "near the market?",
    "german": "Ich komme auch und bringe Kartoffelsalat mit. Bis Sonntag!",
    "french": "Je serai là à midi avec des boissons.",
    "html_only": "Thanks for organising! Here is the plan (https://example.org/plan). Bring:\n\n"
                 "- chairs\n- snacks",
    "new_mail": "Picnic moved to Saturday — Rain is forecast for Sunday, so we meet on "
                "Saturday at 11.\nSame place.\n(attached: map.jpg, plan.pdf)",
}
# Replies in other languages and from more clients, each once posted with its quote in it.
QUOTED = {
    "outlook_german_original": "Ich bringe den Grill mit, Kohle habe ich auch noch.",
    "outlook_french_origine": "Je m'occupe des boissons.",
    "outlook_danish_oprindelig": "Jeg tager tæpperne med.",
    "outlook_finnish": "Tulen mukaan ja tuon mehua.",
    "outlook_norwegian": "Jeg kan ta med grillen.",
    "outlook_spanish": "Yo llevo la tortilla.",
    "outlook_web_portuguese": "Levo as bebidas e os copos.",
    "gmail_italian_two_line": "Ci sono anch'io, porto le sedie pieghevoli.",
    "gmail_italian_unquoted": "Porto io il pane.",
    "gmail_portuguese": "Vou sim, levo a salada de frutas.",
    "gmail_russian": "Я приду и принесу мангал.",
    "thunderbird_russian": "Буду к обеду, принесу пирог.",
    "gmail_norwegian": "Jeg kommer, og tar med saft.",
    "apple_mail_finnish": "Tuon viltit ja tyynyt.",
    "zoho_wrote": "Count me in, I'll bring paper plates.",
    "yahoo_android": "Yes! I'll bring the chairs.",
    "spark_spanish": "Sí, llevo las sillas.",
    "proton_english": "I'll be there by noon with ice.",
    "samsung_original_message": "I can do the grill from 1pm.",
    "mailru_russian": "Я возьму фрукты.",
    "thunderbird_dutch": "Ik neem de frisbee mee.",
    "outlook_swedish": "Jag tar med kaffe.",
    "outlook_mac_von": "Ich bin dabei.",
}
EXPECTED.update(QUOTED)


def load(name: str) -> EmailMessage:
    with open(FIXTURES / f"{name}.eml", "rb") as raw:
        return BytesParser(policy=policy.default).parse(raw)


def test_every_fixture_has_its_expected_text():
    assert {p.stem for p in FIXTURES.glob("*.eml")} == set(EXPECTED)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_a_real_client_reply_posts_only_what_was_written(name):
    assert post_text(load(name), "team") == EXPECTED[name]


def mail(body: str, subject: str = "", html: str | None = None, **headers: str) -> EmailMessage:
    message = EmailMessage()
    message["From"] = "bob@example.com"
    message["Subject"] = subject
    for name, value in headers.items():
        message[name.replace("_", "-")] = value
    if body:
        message.set_content(body)
    if html is not None:
        if body:
            message.add_alternative(html, subtype="html")
        else:
            message.set_content(html, subtype="html")
    return message


@pytest.mark.parametrize("subject, bare, reply, forward", [
    ("Re: Picnic", "Picnic", True, False),
    ("RE: AW: Re[2]: Picnic", "Picnic", True, False),
    ("SV: Picknick", "Picknick", True, False),
    ("Fwd: Venue", "Venue", False, True),
    ("WG: Fw: Venue", "Venue", False, True),
    ("[@team] Re: Picnic", "Picnic", True, False),
    ("Reading list", "Reading list", False, False),
    ("Report: March", "Report: March", False, False),
])
def test_subject_prefixes_of_many_clients_are_dropped(subject, bare, reply, forward):
    assert subject_parts(subject) == (bare, reply, forward)


def test_a_subject_is_kept_only_when_it_adds_meaning():
    assert meaningful_subject("Picnic moved", "We meet Saturday.", "team", False) == "Picnic moved"
    assert meaningful_subject("", "We meet Saturday.", "team", False) is None
    assert meaningful_subject("Picnic moved", "We meet Saturday.", "team", True) is None
    assert meaningful_subject("@team", "We meet Saturday.", "team", False) is None
    assert meaningful_subject("Team", "We meet Saturday.", "team", False) is None
    assert meaningful_subject("We meet", "We meet Saturday.", "team", False) is None


def test_a_mail_with_only_a_subject_posts_the_subject():
    assert post_text(mail("", "Lights are back on"), "team") == "Lights are back on"


def test_a_reply_to_any_thread_drops_its_subject_even_without_re():
    message = mail("Yes please.", "Picnic", In_Reply_To="<post-1@commons.localhost>")
    assert post_text(message, "team") == "Yes please."


def test_html_only_mail_becomes_readable_text():
    html = "<p>Hi <b>all</b>,</p><p>See <a href='https://x.org/a'>the plan</a> or " \
           "<a href='https://y.org'>https://y.org</a></p><ul><li>one</li><li>two</li></ul>"
    assert html_to_text(html).strip() == \
        "Hi all,\n\nSee the plan (https://x.org/a) or https://y.org\n\n- one\n- two"
    assert post_text(mail("", html=html), "team").startswith("Hi all,")


def test_text_plain_is_preferred_to_html():
    assert post_text(mail("plain words", html="<p>html words</p>"), "team") == "plain words"


def test_flowed_text_is_joined_back_into_paragraphs():
    assert unflow("one two \nthree\n> quoted \n> more\n-- \nsig") == \
        "one two three\n> quoted more\n-- \nsig"
    assert unflow("one-\ntwo", delsp=True) == "one-\ntwo"
    assert unflow("one \ntwo", delsp=True) == "onetwo"


def test_a_long_mail_is_cut_at_a_word_with_a_visible_marker():
    words = "word " * 1000
    text = post_text(mail(words), "team")
    assert len(text) <= MAX_BODY and text.endswith(CUT_MARKER)
    assert text[: -len(CUT_MARKER)].endswith("word")
    assert bound("short") == "short"


def test_attachments_are_named_even_when_the_text_is_cut():
    message = mail("word " * 1000)
    message.add_attachment(b"%PDF", maintype="application", subtype="pdf", filename="plan.pdf")
    text = post_text(message, "team")
    assert len(text) <= MAX_BODY
    assert text.endswith(CUT_MARKER + "\n(attached: plan.pdf)")


def test_a_hyphen_list_is_not_taken_for_a_signature():
    assert post_text(mail("Bring:\n- chairs\n- snacks\n"), "team") == "Bring:\n- chairs\n- snacks"


def test_command_mail_keeps_its_lines_and_drops_the_quote():
    body = "tasks @team\nkarma\n\n-- \nBob\n\nOn Mon, Jun 3, 2024 at 10:12 AM X wrote:\n> old\n"
    assert command_text(mail(body, "Re: something")) == "tasks @team\nkarma"
    assert command_text(mail("", "karma")) == "karma"


def test_quoted_fixtures_cover_eight_languages_and_five_clients():
    languages, clients = set(), set()
    for name in QUOTED:
        message = load(name)
        languages.add(str(message["Content-Language"]).split("-")[0])
        clients.add(str(message["X-Mailer"] or message["User-Agent"] or message["Message-ID"])
                    .split("@")[-1].split()[0].strip(">"))
    assert len(languages) >= 8 and len(clients) >= 5, (languages, clients)


@pytest.mark.parametrize("text", [
    "Sent the invoice today.\nFrom now on we meet at 10.",
    "Agenda:\nFrom: 10:00 in the hall\n\nBring a chair.",
    "Alice wrote the plan on 3 June.\nPlease read it before Sunday.",
    "Here is what I need:\n- 2 tables\n- 10 chairs\n\nSee you at 5.",
    "--- Schedule ---\n10:00 setup\n12:00 lunch",
    "Ich habe am 3. Juni geschrieben:\nbitte bringt Stühle mit.",
])
def test_text_that_only_resembles_a_quote_is_posted_whole(text):
    assert post_text(mail(text), "team") == text
