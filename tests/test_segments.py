"""Segment counting: GSM-7 and UCS-2 boundaries, escapes, surrogate pairs, and gsm_safe."""

from __future__ import annotations

import pytest

from parsers.segments import encoding, fits, gsm_safe, segments, septets
from tests.smart_encoding import OURS, TWILIO_SMART_ENCODING

GSM_LETTERS = "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?¡ÄÖÑÜ§¿äöñüà"


def test_the_whole_basic_set_is_gsm() -> None:
    assert encoding(GSM_LETTERS) == "GSM-7"
    assert septets(GSM_LETTERS) == len(GSM_LETTERS)


@pytest.mark.parametrize("char", ["ç", "á", "í", "ó", "ú", "õ", "ê", "`", "\t", "\x1b", "😀"])
def test_characters_outside_gsm_need_ucs2(char: str) -> None:
    assert encoding("hello " + char) == "UCS-2"


@pytest.mark.parametrize("char", "^{}\\[~]|€\f")
def test_extension_characters_count_two_septets(char: str) -> None:
    assert encoding(char) == "GSM-7"
    assert septets("a" + char) == 3


def test_empty_text_is_one_gsm_segment() -> None:
    assert encoding("") == "GSM-7"
    assert segments("") == 1
    assert fits("")


@pytest.mark.parametrize(
    ("length", "expected"),
    [(1, 1), (160, 1), (161, 2), (306, 2), (307, 3), (459, 3), (460, 4)],
)
def test_gsm_boundaries(length: int, expected: int) -> None:
    assert segments("a" * length) == expected


def test_extension_characters_push_a_text_over_160() -> None:
    assert segments("a" * 158 + "€") == 1
    assert segments("a" * 159 + "€") == 2
    assert segments("{}" * 80) == 3  # 160 characters but 320 septets
    assert segments("{" * 152) == 2
    assert segments("{" * 153) == 3  # 306 septets, yet 76 pairs fill each 153-septet part


def test_an_escape_pair_is_not_split_across_segments() -> None:
    # 152 + 2 + 152 = 306 septets fits 2 x 153 only if the pair could straddle; it cannot.
    text = "a" * 152 + "€" + "a" * 152
    assert septets(text) == 306
    assert segments(text) == 3
    assert segments("a" * 151 + "€" + "a" * 153) == 2  # the pair ends part one exactly


@pytest.mark.parametrize(
    ("length", "expected"),
    [(70, 1), (71, 2), (134, 2), (135, 3), (201, 3), (202, 4)],
)
def test_ucs2_boundaries(length: int, expected: int) -> None:
    assert segments("ж" * length) == expected


def test_emoji_are_two_code_units_and_never_split() -> None:
    assert segments("😀" * 35) == 1
    assert segments("😀" * 35 + "a") == 2
    # 66 units then a pair: part one takes 66, the pair opens part two (not 67 + 1).
    assert segments("ж" * 66 + "😀" + "ж" * 66) == 3
    assert segments("ж" * 65 + "😀" + "ж" * 67) == 2


def test_a_single_curly_quote_turns_a_text_ucs2_and_gsm_safe_undoes_it() -> None:
    text = "Welcome to @team \u2019 reply help for commands " + "x" * 70
    assert len(text) <= 160
    assert encoding(text) == "UCS-2"
    assert segments(text) == 2
    assert not fits(text)
    safe = gsm_safe(text)
    assert encoding(safe) == "GSM-7"
    assert segments(safe) == 1
    assert fits(safe)


def test_gsm_safe_replacements() -> None:
    text = "\u201cHi\u201d \u2018you\u2019 \u2013 a\u2014b\u2026 x\u00a0y \u2022 item\u200b"
    assert gsm_safe(text) == "\"Hi\" 'you' - a-b... x y - item"
    assert encoding(gsm_safe(text)) == "GSM-7"


def test_gsm_safe_leaves_other_characters_alone() -> None:
    assert gsm_safe("café ç 😀 é ñ {x}") == "café ç 😀 é ñ {x}"


def test_fits_counts_segments() -> None:
    assert fits("a" * 306, 2)
    assert not fits("a" * 307, 2)
    assert fits("a" * 459, 3)


@pytest.mark.parametrize(("char", "twilio"), TWILIO_SMART_ENCODING,
                         ids=[f"U+{ord(char):04X}" for char, _ in TWILIO_SMART_ENCODING])
def test_gsm_safe_covers_twilios_smart_encoding_table(char: str, twilio: str) -> None:
    expected = OURS.get(char, twilio)
    assert gsm_safe(char) == expected
    assert gsm_safe(f"x {char} y") == f"x {expected} y"
    assert encoding(gsm_safe(f"pay {char} now")) == "GSM-7"


def test_a_whole_post_of_lookalikes_stays_one_segment() -> None:
    post = ("\uff21\uff22\uff23 \u00bd\u00f7\u2044\u2215 \u02bc\u02b9\u2032 "
            "\u275d\u275e \u275b\u275c \u2731 \ufe6b\uff03 \u1d00\u0299 ")
    assert gsm_safe(post) == "ABC 1/2/// ''' \"\" '' * @# AB "
    text = post + "x" * 100
    assert segments(text) == 2 and segments(gsm_safe(text)) == 1


@pytest.mark.parametrize("text", [
    "café déjà vu, señor, über", "ÑÜÖÄ ØÅÆ ß ΔΦΓΛΩΠΨΣΘΞ",  # letters GSM-7 has
    "Привет, как дела", "你好世界", "مرحبا", "नमस्ते", "ç á í ó ú õ ê ł ş",  # no GSM form
    "😀 👍🏽 👨\u200d👩\u200d👧 ❤\ufe0f 1\ufe0f\u20e3",  # emoji, with their joiners
    "S\u0303a\u0303o",  # a decomposed accent GSM-7 lacks stays on its letter
])
def test_gsm_safe_never_touches_letters_scripts_or_emoji(text: str) -> None:
    assert gsm_safe(text) == text


def test_decomposed_gsm_letters_are_composed() -> None:
    assert gsm_safe("man\u0303ana cafe\u0301 u\u0308ber") == "mañana café über"
    assert encoding(gsm_safe("man\u0303ana")) == "GSM-7"


def test_nfkc_comes_before_the_table() -> None:
    assert gsm_safe("\ufb01ne \u2460 \U0001d400 \u2122 \u2024") == "fine 1 A TM ."
