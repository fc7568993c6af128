"""Commands of the first table: help, your account, your mail link, groups, messages."""

from __future__ import annotations

from parsers.commands.declared import Declared
from parsers.forms import (
    addressed,
    bare,
    email,
    invite,
    name,
    off,
    pair,
    target,
    text,
    tz,
    verify,
    via,
)
from parsers.handles import HANDLE_MAX, HANDLE_MIN
from parsers.language_forms import language
from parsers.limits import EMAIL_CODE_DIGITS, LINK_MINUTES

# Help's form needs every keyword, so the grammar parses it (parsers/grammar.py `_help`).
COMMANDS: tuple[Declared, ...] = (
    Declared(
        "help",
        None,
        actions=("help",),
        help="help <command> explains one command, e.g. help join. HELP alone lists them.",
        usage="help [command], e.g. help join",
        aliases=("?",),
    ),
    Declared(
        "name",
        name,
        actions=("name",),
        help=f"name <handle> picks your name, e.g. name alice. {HANDLE_MIN}-{HANDLE_MAX} letters, "
             "digits or _.",
        usage="name <handle>, e.g. name alice",
        alone_is_help=True,
    ),
    Declared(
        "bio",
        text("bio"),
        actions=("bio",),
        help="bio <text> sets the line others see with whois @you.",
        usage="bio <text>, e.g. bio I fix bikes",
        alone_is_help=True,
    ),
    Declared(
        "whois",
        target("whois"),
        actions=("whois",),
        help="whois @name shows a member's bio or a group's description.",
        usage="whois @name, e.g. whois @team",
        alone_is_help=True,
    ),
    Declared(
        "off",
        off,
        actions=("off",),
        help="off (or mute) mutes all group posts; off @group mutes one; add hours to stop early: "
             "off @team 2h",
        usage="off [@group] [hours]h, e.g. off @team 2h",
        aliases=("mute",),
    ),
    Declared(
        "on",
        target("on", optional=True),
        actions=("on",),
        help="on (or unmute) turns posts back on; on @group unmutes one group.",
        usage="on [@group], e.g. on @team",
        aliases=("unmute",),
    ),
    Declared(
        "email",
        email,
        actions=("email",),
        help="email you@example.com links your address: we mail it a code, you text it back with "
             "verify. Then you can post by mail.",
        usage="email <address>, e.g. email you@example.com",
        alone_is_help=True,
    ),
    Declared(
        "verify",
        verify,
        actions=("verify",),
        help="verify 123456 links the address the code was mailed to.",
        usage=f"verify <code>: the {EMAIL_CODE_DIGITS} digits mailed to you, e.g. verify 123456",
        alone_is_help=True,
    ),
    Declared(
        "via",
        via,
        actions=("via",),
        help="via email gets posts by mail, via sms by text. via alone says which you get now.",
        usage="via sms or via email",
    ),
    Declared(
        "newtoken",
        bare("newtoken"),
        actions=("newtoken",),
        help="newtoken makes new secret mail addresses for you, mailed to your linked address. The "
             "old ones stop working at once.",
        usage="newtoken, alone: new secret mail addresses, the old ones stop working",
    ),
    Declared(
        "tz",
        tz,
        actions=("tz",),
        help="tz <city or zone> sets your time zone, e.g. tz paris, tz EST or tz America/Chicago. "
             "tz alone shows it.",
        usage="tz <city or zone> (tz alone shows yours), e.g. tz paris",
    ),
    Declared(
        "lang",
        language,
        actions=("lang",),
        help="lang es texts you in Spanish (espanol), lang en in English. lang alone says which.",
        usage="lang en or lang es (lang alone shows yours)",
        aliases=("idioma",),
    ),
    Declared(
        "login",
        bare("login"),
        actions=("login",),
        help="login texts you a link that logs you in to the web dashboard, once, within "
             f"{LINK_MINUTES} min.",
        usage="login, alone: a link to the web dashboard",
    ),
    Declared(
        "create",
        addressed("create"),
        actions=("create",),
        help="create @name [description] starts a group you own, e.g. create @team Launch crew",
        usage="create @name [description], e.g. create @team Launch crew",
        alone_is_help=True,
    ),
    Declared(
        "join",
        target("join"),
        actions=("join",),
        help="join @group makes you a member. Private groups need an invite first.",
        usage="join @group, e.g. join @team",
        alone_is_help=True,
    ),
    Declared(
        "leave",
        target("leave"),
        actions=("leave",),
        help="leave @group stops its posts and takes you off its list.",
        usage="leave @group, e.g. leave @team",
        aliases=("unjoin",),
        alone_is_help=True,
    ),
    Declared(
        "invite",
        invite,
        actions=("invite",),
        help="invite @group +15551234567 @name ... each gets one text and must join.",
        usage="invite @group <number or @name> ..., e.g. invite @team +15551234567 @bob",
        alone_is_help=True,
    ),
    Declared(
        "who",
        target("who"),
        actions=("who",),
        help="who @group lists its members.",
        usage="who @group, e.g. who @team",
    ),
    Declared(
        "groups",
        bare("groups"),
        actions=("groups",),
        help="groups lists the groups you are in.",
        usage="groups, alone: the groups you are in",
    ),
    Declared(
        "private",
        target("private"),
        actions=("private",),
        help="private @group: only invited people may join. Owner and admins only.",
        usage="private @group, e.g. private @team",
        alone_is_help=True,
    ),
    Declared(
        "public",
        target("public"),
        actions=("public",),
        help="public @group: anyone may join. Owner and admins only.",
        usage="public @group, e.g. public @team",
        alone_is_help=True,
    ),
    Declared(
        "admin",
        pair("admin"),
        actions=("admin",),
        help="admin @group @name lets a member manage the group. Owner only.",
        usage="admin @group @name, e.g. admin @team @bob",
        alone_is_help=True,
    ),
    Declared(
        "kick",
        pair("kick"),
        actions=("kick",),
        help="kick @group @name removes a member. Owner and admins only.",
        usage="kick @group @name, e.g. kick @team @bob",
        alone_is_help=True,
    ),
    Declared(
        "dm",
        addressed("dm"),
        actions=("dm",),
        help="d @name message texts one person directly.",
        usage="d @name message, e.g. d @bob see you at 5",
        keyword="d",
    ),
    Declared(
        "more",
        bare("more"),
        actions=("more",),
        help="more sends the next page of a long reply.",
        usage="more, alone: the next page of a long reply",
    ),
)
