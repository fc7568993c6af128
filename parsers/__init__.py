"""Pure text parsing: one inbound text -> one Command. No I/O."""

from __future__ import annotations

from parsers.command import Command
from parsers.grammar import parse
from parsers.inline import inline_actions, tags_in
from parsers.words import KEYWORDS, RESERVED, is_valid_handle

__all__ = [
    "KEYWORDS", "RESERVED", "Command", "inline_actions", "is_valid_handle", "parse", "tags_in",
]
