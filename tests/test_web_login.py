"""Logging in to the dashboard: codes by text or email, the `login` link, and their limits."""

from __future__ import annotations

import re
import threading
from datetime import timedelta

from handlers import login_codes
from store.db import db
from store.models import Member, OneTimeCode, Outbox, utcnow
from tests.webapp import _console_site_app, _site, _twilio_site_app  # noqa: F401

ALICE, BOB, STRANGER = "+14155550101", "+14155550102", "+14155550199"
LINK = re.compile(r"https?://\S+(/login/link/[\w-]+)")


def codes_written() -> list[Outbox]:
    with db.connection_context():
        return list(Outbox.select().where(Outbox.body.contains("login code")))


def test_a_member_logs_in_with_a_code_sent_by_text(site):
    site.text(ALICE, "name alice")
    visitor = site.visitor()
    assert visitor.get("/me").status_code == 302  # not yet
    asked = visitor.ask_code("(415) 555-0101")  # typed the way people type it: read as US
    assert asked.status_code == 302 and asked.location.endswith("/login/code")
    [row] = codes_written()
    assert row.to == ALICE and row.channel == "sms" and row.status == "queued"
    assert re.search(r"Your Commons login code is \d{6}\.", row.body)
    page = visitor.get("/login/code").get_data(as_text=True)
    assert "If that number belongs to a member, a code is on its way." in page
    done = visitor.enter_code(site.last_code(ALICE))
    assert done.status_code == 302 and done.location.endswith("/me")
    cookie = done.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie
    assert "<h1>@alice</h1>" in visitor.get("/me").get_data(as_text=True)
    visitor.post("/logout", {}, token_from="/me")
    assert visitor.get("/me").status_code == 302


def test_a_stranger_gets_the_same_answer_and_nothing_is_sent(site):
    site.text(ALICE, "name alice")
    member, stranger = site.visitor(), site.visitor()
    one, other = member.ask_code(ALICE), stranger.ask_code(STRANGER)
    assert (one.status_code, one.location) == (other.status_code, other.location)
    assert (member.get("/login/code").get_data(as_text=True).split("<main>")[1].split("csrf")[0]
            == stranger.get("/login/code").get_data(as_text=True).split("<main>")[1]
            .split("csrf")[0])
    assert [row.to for row in codes_written()] == [ALICE]
    wrong = stranger.enter_code("123456")
    assert wrong.status_code == 400 and "wrong or has expired" in wrong.get_data(as_text=True)


def test_a_code_is_single_use_and_expires(site):
    site.text(ALICE, "name alice")
    first = site.visitor()
    first.ask_code(ALICE)
    code = site.last_code(ALICE)
    assert first.enter_code(code).status_code == 302
    again = site.visitor()
    again.post("/login", {"address": ALICE})  # a new session, same old code: refused
    with db.connection_context():  # the new code sent just now is not the one typed
        OneTimeCode.delete().where(OneTimeCode.used_at.is_null()).execute()
    assert again.enter_code(code).status_code == 400

    late = site.visitor()
    late.ask_code(ALICE)
    code = site.last_code(ALICE)
    with db.connection_context():  # eleven minutes pass
        OneTimeCode.update(created_at=utcnow() - timedelta(minutes=11),
                           expires_at=utcnow() - timedelta(minutes=1)).execute()
    assert late.enter_code(code).status_code == 400
    assert late.get("/me").status_code == 302


def test_five_wrong_guesses_use_a_code_up(site):
    site.text(ALICE, "name alice")
    visitor = site.visitor()
    visitor.ask_code(ALICE)
    code = site.last_code(ALICE)
    wrong = f"{(int(code) + 1) % 1_000_000:06d}"
    for _ in range(5):
        assert visitor.enter_code(wrong).status_code == 400
    refused = visitor.enter_code(code)
    assert refused.status_code == 400 and visitor.get("/me").status_code == 302


def test_asking_for_codes_is_rate_limited_per_number(site):
    site.text(ALICE, "name alice")
    for _ in range(3):
        assert site.visitor().ask_code(ALICE).status_code == 302
    limited = site.visitor().ask_code(ALICE)
    assert limited.status_code == 429
    assert "Too many codes asked for" in limited.get_data(as_text=True)
    assert len(codes_written()) == 3
    # A stranger's number is limited alike, so the limit reveals nothing either.
    for _ in range(3):
        site.visitor().ask_code(STRANGER)
    assert site.visitor().ask_code(STRANGER).status_code == 429


def test_asking_for_codes_is_rate_limited_per_client(site):
    numbers = [f"+1415555{n:04d}" for n in range(200, 211)]
    answers = [site.visitor().ask_code(number).status_code for number in numbers]
    assert answers == [302] * 10 + [429]


def test_guessing_is_rate_limited_even_with_fresh_codes(site):
    site.text(ALICE, "name alice")
    visitor = site.visitor()
    visitor.ask_code(ALICE)
    for attempt in range(10):
        assert visitor.enter_code(f"{attempt:06d}").status_code == 400
    visitor.ask_code(ALICE)  # a new code does not buy more guesses
    blocked = visitor.enter_code(site.last_code(ALICE))
    assert blocked.status_code == 429
    assert "Too many wrong codes" in blocked.get_data(as_text=True)
    assert visitor.get("/me").status_code == 302


def test_a_member_with_a_verified_email_gets_the_code_by_mail(site):
    site.text(ALICE, "name alice")
    with db.connection_context():
        Member.update(email="alice@example.org").where(Member.phone == ALICE).execute()
    visitor = site.visitor()
    visitor.ask_code("Alice@Example.org")
    [row] = codes_written()
    assert (row.channel, row.to, row.subject) == ("email", "alice@example.org",
                                                 "Your Commons login code")
    assert "that address" in visitor.get("/login/code").get_data(as_text=True)
    assert visitor.enter_code(site.last_code("alice@example.org")).status_code == 302


def test_forms_without_their_csrf_token_are_refused(site):
    site.text(ALICE, "name alice")
    visitor = site.visitor()
    refused = visitor.client.post("/login", data={"address": ALICE})
    assert refused.status_code == 400 and not codes_written()
    assert visitor.client.post("/login", data={"address": ALICE, "csrf": "forged"}).status_code \
        == 400


def test_the_login_command_texts_a_single_use_link(site):
    site.text(ALICE, "name alice")
    [reply] = site.text(ALICE, "login")
    assert reply.startswith("Your Commons web login, good once for 15 min: ")
    path = LINK.findall(reply)[0]
    visitor = site.visitor()
    preview = visitor.get(path)  # what a link preview fetches: a button, nothing used up
    assert preview.status_code == 200 and visitor.get("/me").status_code == 302
    done = visitor.post(path, {}, token_from=path)
    assert done.status_code == 302 and visitor.get("/me").status_code == 200
    reused = site.visitor()
    assert reused.post(path, {}, token_from=path).status_code == 400
    assert reused.get("/me").status_code == 302


def test_a_login_link_expires(site):
    [reply] = site.text(ALICE, "login")
    path = LINK.findall(reply)[0]
    with db.connection_context():
        OneTimeCode.update(expires_at=utcnow() - timedelta(seconds=1)).execute()
    visitor = site.visitor()
    refused = visitor.post(path, {}, token_from=path)
    assert refused.status_code == 400 and "used or has expired" in refused.get_data(as_text=True)


def test_login_is_in_help(site):
    assert site.text(ALICE, "help login") == [
        "login texts you a link that logs you in to the web dashboard, once, within 15 min."]


def test_parallel_guesses_get_no_more_tries_than_one_by_one(site):
    site.text(ALICE, "name alice")
    member = site.member(ALICE)
    key = site.settings.SECRET_KEY
    with db.connection_context():
        right = login_codes.issue_code(key, member, "one-browser")
    wrong = [f"{(int(right) + n) % 1_000_000:06d}" for n in range(1, 25)]
    start = threading.Barrier(len(wrong))

    def guess(code: str) -> None:
        with db.connection_context():
            start.wait()
            login_codes.check_code(key, member, code, "one-browser")

    threads = [threading.Thread(target=guess, args=(code,)) for code in wrong]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    with db.connection_context():
        assert OneTimeCode.get(OneTimeCode.member == member).attempts == login_codes.MAX_ATTEMPTS
        assert not login_codes.check_code(key, member, right, "one-browser")  # five tries spent


def test_a_form_token_that_is_not_ascii_is_refused_not_a_crash(site):
    visitor = site.visitor()
    visitor.csrf()
    assert visitor.client.post("/login", data={"address": ALICE, "csrf": "é"}).status_code == 400


def test_logging_out_ends_the_session_server_side_and_every_other_one(site):
    site.text(ALICE, "name alice")
    laptop = site.visitor().log_in(ALICE)
    phone = site.visitor().log_in(ALICE)
    copied = site.visitor()  # someone who copied the laptop's cookie
    copied.client.set_cookie("session", laptop.client.get_cookie("session").value)
    assert copied.get("/me").status_code == 200
    stale = laptop.client.get_cookie("session").value
    assert laptop.post("/logout", {}, token_from="/me").status_code == 302
    assert laptop.get("/me").status_code == 302
    assert copied.get("/me").status_code == 302  # the same cookie, no longer any good
    assert phone.get("/me").status_code == 302  # logout from /me ends every session
    replayed = site.visitor()
    replayed.client.set_cookie("session", stale)
    assert replayed.get("/me").status_code == 302
    again = site.visitor().log_in(ALICE)  # logging in again works as ever
    assert "<h1>@alice</h1>" in again.get("/me").get_data(as_text=True)


def test_a_stranger_guessing_codes_for_a_number_does_not_block_its_owner(site):
    site.text(ALICE, "name alice")
    stranger = site.visitor()
    stranger.client.environ_base["REMOTE_ADDR"] = "203.0.113.9"
    stranger.ask_code(ALICE)
    answers = [stranger.enter_code(f"{n:06d}").status_code for n in range(25)]
    assert set(answers[:10]) == {400} and answers[-1] == 429
    alice = site.visitor()  # her own browser, from her own address
    alice.client.environ_base["REMOTE_ADDR"] = "198.51.100.7"
    assert alice.ask_code(ALICE).status_code == 302
    done = alice.enter_code(site.last_code(ALICE))
    assert done.status_code == 302 and done.location.endswith("/me")
    [reply] = site.text(ALICE, "login")  # and the texted link always works
    path = LINK.findall(reply)[0]
    linked = site.visitor()
    linked.client.environ_base["REMOTE_ADDR"] = "203.0.113.9"
    assert linked.post(path, {}, token_from=path).status_code == 302
    assert linked.get("/me").status_code == 200


def test_a_login_by_a_mailed_code_is_texted_to_the_phone(site):
    site.text(ALICE, "name alice")
    with db.connection_context():
        Member.update(email="alice@example.org", via="email").where(Member.phone == ALICE) \
            .execute()
    visitor = site.visitor()
    visitor.ask_code("alice@example.org")
    assert visitor.enter_code(site.last_code("alice@example.org")).status_code == 302
    with db.connection_context():
        told = Outbox.get(Outbox.body.contains("logged in"))
    assert (told.channel, told.to) == ("sms", ALICE)  # by text, though she gets posts by mail
    assert told.body == ("You logged in to Commons on the web with a code mailed to "
                         "a...@example.org. Not you? Text email to fix it.")
