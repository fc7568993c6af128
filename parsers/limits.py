"""Limits a command's help or usage line states, kept here because parsers import nothing of ours.

The handlers that enforce them import them from here, so the text and the rule cannot drift.
"""

from __future__ import annotations

EMAIL_CODE_DIGITS = 6  # of the code mailed to link an address (verify <code>)
LINK_MINUTES = 15  # a login link from the `login` text works this long, once
