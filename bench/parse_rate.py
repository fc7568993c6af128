"""Texts per second through parsers.parse, as a ratio to a bare loop over the same corpus.

Run: python -m bench.parse_rate. The baseline is the cheapest work any parser must do on each
text (strip and split it), measured in the same process on the same texts, so the ratio holds on
a noisy machine where absolute rates do not.
"""

from __future__ import annotations

import json
import time

from parsers import parse

# A mix like real traffic: mostly chat and posts, then commands, carrier words and typos.
CORPUS = [
    "On the road so cant txt", "ok", "see you at 7", "Thanks for picking up the trash",
    "R u here yet?", "lol yes", "Stop the story", "Who is coming tonight?",
    "@team hello crew", "@family dinner at 7? bring bread", "d @bob are you free?",
    "join @team", "leave @family", "create @garden Saturday plot crew", "who @team", "groups",
    "invite @team +14155552671 (415) 555-2672", "off @team 2h", "on", "name alice",
    "bio I fix bikes and make bread", "whois @bob", "help", "help join", "more", "STOP",
    "START", "HELP", "stop please", "jion @team", "task @team fix the sink @bob due fri",
    "done 12", "d @team done task 12", "claim #4", "thanks @bob for the logo", "+1 @carol",
    "follow #design", "need #design a logo for our launch", "offers #python",
    "remind me tomorrow 5pm call the plumber", "find keys", "tasks mine", "karma @team",
    "Café olé, ¿qué tal? 🎉", "I'm driving right now. I'll see your message when I get there.",
]
ROUNDS = 2_000


def rate(work, texts: list[str], rounds: int) -> float:
    """Return texts per second for `work` over `texts`, `rounds` times."""
    started = time.perf_counter()
    for _ in range(rounds):
        for text in texts:
            work(text)
    return rounds * len(texts) / (time.perf_counter() - started)


def baseline(text: str) -> list[str]:
    return text.strip().lower().split()


def main() -> dict:
    """Print the parse rate beside its baseline, then one JSON line with both; return it."""
    rate(parse, CORPUS, 50)  # warm caches and regexes
    base = rate(baseline, CORPUS, ROUNDS)
    parsed = rate(parse, CORPUS, ROUNDS)
    print(f"{'measure':<28}{'texts/s':>12}")
    print(f"{'baseline (strip+split)':<28}{base:>12,.0f}")
    print(f"{'parsers.parse':<28}{parsed:>12,.0f}")
    print(f"{'ratio to baseline':<28}{parsed / base:>12.3f}")
    figures = {"parse_rate": round(parsed), "parse_baseline_rate": round(base),
               "parse_ratio": round(parsed / base, 4), "texts": len(CORPUS) * ROUNDS}
    print(json.dumps(figures))
    return figures


if __name__ == "__main__":
    main()
