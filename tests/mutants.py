"""`make mutants`: how strong the tests are, by mutation testing (mutmut), written to MUTANTS.md.

Each area is mutated in a copy of the project of its own (var/mutants/AREA), with the tests
that are about it: parsers/ with the parser and transcript tests of the grammar, the handlers
of tasks, reminders, karma and groups with their conversations. A mutant runs only the tests
among those that reach the function it changed, so the whole suite is never run per mutant.

Two things mutmut does not do on its own. The grammar's forms are built at import by factory
functions (`task_number(...)`): each mutant therefore runs in a process that imports the code
afresh, and a function first called at import is taken to be reached by every test of its area
(mutmut would credit it to whichever test ran first); likewise every test reads its times
afresh, not from the reader's cache (FRESH_READS). And parsers/ alone makes thousands of
mutants: each area runs a random sample of them (`--sample`, seeded, so runs compare), and the
kill rate is given with its margin. Slow (tens of minutes) and not part of `make test`.

    python -m tests.mutants [AREA ...] [--sample N] [--seed N] [--max-children N] [--report-only]
"""

from __future__ import annotations

import argparse
import contextlib
import json
import math
import random
import re
import shutil
import subprocess
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WORK = ROOT / "var" / "mutants"
REPORT = ROOT / "tests" / "MUTANTS.md"
COPIED = ["cli", "gateway", "handlers", "parsers", "store", "workers", "web", "loopback", "tests",
          "bench", "docs", "locale", "README.md", "pyproject.toml", "Makefile", "requirements.txt"]


AREAS: dict[str, dict] = {
    "parsers": {
        "goal": 0.85,
        "mutate": ["parsers/*"],
        "skip": ["parsers/commands/__main__.py"],
        "tests": ["tests/test_parser_table.py", "tests/test_dates.py",
                  "tests/test_time_corpus.py", "tests/test_segments.py",
                  "tests/test_commands.py", "tests/test_natural.py",
                  "tests/test_remind_natural.py", "tests/test_find.py",
                  "tests/test_times_exact.py", "tests/test_parsers_strength.py",
                  "tests/test_first_chars.py",
                  "tests/test_languages_read.py", "tests/test_languages.py",
                  "tests/test_grammar_spanish.py", "tests/test_catalogue.py",
                  "tests/test_catalogue_commands.py",
                  "tests/test_events.py::test_a_date_said_in_its_own_words_keeps_its_ordinal",
                  "tests/test_docs.py::"
                  "test_the_members_guide_command_tables_come_from_the_declarations"],
    },
    "handlers": {
        "goal": 0.75,
        "mutate": ["handlers/tasks.py", "handlers/reminders.py", "handlers/karma.py",
                   "handlers/groups.py"],
        "skip": [],
        "tests": ["tests/test_tasks.py", "tests/test_karma.py", "tests/test_groups.py",
                  "tests/test_reminders.py", "tests/test_due_dates_remind.py",
                  "tests/test_remind_natural.py", "tests/test_natural.py"],
    },
}
# Imported once by mutmut's fork server: libraries only, never the project's own modules (a
# module of the project imported there would be the unmutated one in every mutant's process).
PRELOAD = ["pytest", "_pytest.assertion.rewrite", "xdist", "hypothesis", "flask", "werkzeug",
           "jinja2", "peewee", "playhouse.migrate", "peewee_migrate", "redis", "redis.asyncio",
           "aiohttp", "aiosmtpd.controller", "phonenumbers", "twilio.request_validator",
           "requests", "rq", "email_validator", "html2text", "babel", "flask_babel",
           "psycopg2", "dotenv", "click"]
# Added to the copy's tests/conftest.py. The time reader keeps each text's pieces (an lru_cache),
# and the functions that build them hold the closures that later name the moment: with the
# cache, only the first test to read a text is credited with reaching them, and mutmut would
# not run the others against their mutants ("this weekend" on a Sunday went unchecked).
FRESH_READS = '''

@pytest.fixture(autouse=True)
def _mutants_read_afresh():
    """make mutants: every test reads its texts afresh, so it is credited with what it reaches."""
    from parsers import times

    times._pieces.cache_clear()
'''
# Run first in the statistics pass: whatever it is credited with was called at import.
IMPORT_PROBE = "tests/test_mutants_import_probe.py"
BY_HAND = "<!-- by hand: make mutants keeps what follows -->"
SEED = 22  # the sample of mutants, the same from run to run (--seed for another)
# mutmut's exit codes, as its `results` names them.
STATUS = {1: "killed", 3: "killed", 0: "survived", 5: "no tests", 33: "no tests",
          34: "skipped", 36: "timeout", 24: "timeout", -24: "timeout", 152: "timeout",
          # 255: the mutant's process died before its tests ran (the project would not import:
          # a mutant no code can run, left out of the rate as a timeout is).
          255: "broke the import", 37: "caught by type check"}


def setup_cfg(area: dict) -> str:
    """Return mutmut's configuration for an area (setup.cfg, one value a line)."""
    def lines(values: list[str]) -> str:
        return "".join(f"\n    {v}" for v in values)

    source = sorted({m.split("/")[0] for m in area["mutate"]})
    return (f"[mutmut]\nsource_paths ={lines(source)}\nonly_mutate ={lines(area['mutate'])}\n"
            + (f"do_not_mutate ={lines(area['skip'])}\n" if area["skip"] else "")
            + f"also_copy ={lines([c for c in COPIED if c not in source])}\n"
            + f"pytest_add_cli_args ={lines(['-p', 'no:warnings', '-p', 'no:cacheprovider'])}\n"
            + f"pytest_add_cli_args_test_selection ={lines([IMPORT_PROBE, *area['tests']])}\n"
            # A fresh import per mutant: the forms built at import are built by the mutant.
            # The libraries below the project (pytest, Flask, Redis ...) are imported once, in
            # the fork server: they are most of an import's time, and no mutant changes them.
            + "process_isolation = forkserver\nforkserver_warmup = import\n"
            + f"preload_modules_file = {WORK / 'preload.txt'}\n"
            # mutmut's time limit is its estimate of the tests' time: add the fresh import's
            # (the app, a Redis and the loopback API), seconds on a loaded machine.
            + "timeout_constant = 30\n")


def prepare(name: str) -> Path:
    """Copy the project into the area's own directory, with its mutmut configuration."""
    work = WORK / name
    if work.exists():
        shutil.rmtree(work)
    work.mkdir(parents=True)
    for item in COPIED:
        source = ROOT / item
        if source.is_dir():
            shutil.copytree(source, work / item, ignore=shutil.ignore_patterns(
                "__pycache__", "*.pyc", ".hypothesis", "MUTANTS.md"))
        else:
            shutil.copy2(source, work / item)
    (work / "setup.cfg").write_text(setup_cfg(AREAS[name]))
    (WORK / "preload.txt").write_text("\n".join(PRELOAD) + "\n")
    with (work / "tests" / "conftest.py").open("a") as conftest:
        conftest.write(FRESH_READS)
    (work / IMPORT_PROBE).write_text('"""Run first: what is reached before it, is reached at '
                                     'import."""\n\n\ndef test_import():\n    pass\n')
    return work


def credit_import_time(work: Path) -> int:
    """Take functions first called at import to be reached by every test; return how many."""
    path = work / "mutants" / "mutmut-stats.json"
    stats = json.loads(path.read_text())
    probe = [t for t in stats["duration_by_test"] if t.startswith(IMPORT_PROBE)]
    every = [t for t in stats["duration_by_test"] if not t.startswith(IMPORT_PROBE)]
    changed = 0
    for function, tests in stats["tests_by_mangled_function_name"].items():
        if set(tests) & set(probe):
            stats["tests_by_mangled_function_name"][function] = every
            changed += 1
    for test in probe:
        stats["duration_by_test"].pop(test)
    path.write_text(json.dumps(stats))
    return changed


def run(name: str, sample: int, max_children: int, seed: int) -> None:
    """Mutate one area: statistics first, then a sample of its mutants."""
    work = prepare(name)
    mutmut = [str(Path(sys.executable).parent / "mutmut"), "run",
              "--max-children", str(max_children)]
    # A name that matches no mutant: mutmut makes the mutants, then stops.
    subprocess.run([*mutmut, "none.x_none__mutmut_0"], cwd=work, check=False,
                   capture_output=True)
    names = sorted(key for mutants in outcomes(work).values() for key in mutants)
    chosen = sorted(random.Random(seed).sample(names, min(sample, len(names))))
    (work / "sample.txt").write_text("\n".join(chosen) + "\n")
    (work / "seed.txt").write_text(f"{seed}\n")
    # One mutant: mutmut's statistics (which tests reach which function), then the correction.
    subprocess.run([*mutmut, chosen[0]], cwd=work, check=False)
    print(f"{name}: {credit_import_time(work)} functions called at import reach every test")
    subprocess.run([*mutmut, *chosen], cwd=work, check=False)


def outcomes(work: Path, only: set[str] | None = None) -> dict[str, dict[str, str]]:
    """Return each mutated file's mutants (those in `only`, if given) and what became of each,
    from mutmut's records."""
    found: dict[str, dict[str, str]] = {}
    for meta in sorted((work / "mutants").rglob("*.py.meta")):
        data = json.loads(meta.read_text())
        source = str(meta.relative_to(work / "mutants"))[: -len(".meta")]
        found[source] = {key: STATUS.get(code, "not checked" if code is None else "suspicious")
                         for key, code in data.get("exit_code_by_key", {}).items()
                         if only is None or key in only}
    return found


def diff(work: Path, source: str, mutant: str) -> str:
    """Return mutmut's diff of one mutant: the line it changed, before and after."""
    from mutmut.mutation.diff_apply import get_diff_for_mutant  # a developer's tool

    with contextlib.chdir(work):  # mutmut reads its mutants/ relative to the directory
        shown = get_diff_for_mutant(mutant, path=source)
    changed = [line for line in shown.splitlines()
               if line[:1] in "+-" and not line.startswith(("+++", "---"))]
    return " / ".join(line.strip() for line in changed)[:300]


def section(name: str, work: Path) -> list[str]:
    """Return the report's section for an area: kill rate per file, then every survivor."""
    every = outcomes(work)
    made = sum(len(mutants) for mutants in every.values())
    listed = work / "sample.txt"
    found = outcomes(work, set(listed.read_text().split()) if listed.exists() else None)
    total = Counter(s for mutants in found.values() for s in mutants.values())
    # A timeout may be a mutant that loops, or a slow start on a loaded machine: not counted.
    # A mutant no test of the area reaches is one no test notices: counted as not killed.
    decided = total["killed"] + total["survived"] + total["no tests"]
    rate = total["killed"] / decided if decided else 0.0
    margin = 1.96 * math.sqrt(rate * (1 - rate) / decided) if decided else 0.0
    goal = AREAS[name]["goal"]
    seeded = work / "seed.txt"
    seed = int(seeded.read_text()) if seeded.exists() else SEED
    out = [f"## {name}: {rate:.1%} ± {margin:.1%} killed (goal {goal:.0%})", "",
           f"{made} mutants made; a sample of {sum(total.values())} (seed {seed}): "
           f"{total['killed']} killed, {total['survived']} survived, {total['no tests']} "
           "reached by no test of this area (counted as not killed); not counted: "
           f"{total['timeout']} timed out (a loop, or a slow start), {total['broke the import']} "
           f"broke the import (no code could run), {total['not checked']} not "
           "run (the run was cut short). The margin is a 95% interval for the rate over all "
           "mutants.", "",
           "| file | killed | survived | timed out | no tests |", "|---|---|---|---|---|"]
    for source, mutants in found.items():
        counts = Counter(mutants.values())
        if not mutants:
            continue
        out.append(f"| {source} | {counts['killed']} | {counts['survived']} "
                   f"| {counts['timeout']} | {counts['no tests']} |")
    out += ["", "Survivors (a change no test noticed, or no test reached):", ""]
    for source, mutants in found.items():
        for mutant, status in mutants.items():
            if status in ("survived", "no tests"):
                out.append(f"- `{mutant}` ({status}): `{diff(work, source, mutant)}`")
    return out + [""]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("areas", nargs="*", default=list(AREAS), help=", ".join(AREAS))
    parser.add_argument("--max-children", type=int, default=2)
    parser.add_argument("--sample", type=int, default=400, help="mutants run per area")
    parser.add_argument("--seed", type=int, default=SEED,
                        help="which sample: tests written against one sample's survivors are "
                             "measured on another")
    parser.add_argument("--report-only", action="store_true",
                        help="write MUTANTS.md from the last runs, mutating nothing")
    args = parser.parse_args()
    unknown = set(args.areas) - set(AREAS)
    if unknown:
        parser.error(f"no area {', '.join(sorted(unknown))}: {', '.join(AREAS)}")
    for name in args.areas:
        if not args.report_only:
            run(name, args.sample, args.max_children, args.seed)
    before = REPORT.read_text() if REPORT.exists() else ""
    lines = ["# Mutants: what the tests would not notice", "",
             "Written by `make mutants` (tests/mutants.py, mutmut); not part of `make test`.", ""]
    for name in AREAS:
        if (WORK / name / "mutants").exists():
            lines += section(name, WORK / name)
        else:  # not run here: its last measurement stays
            kept = re.search(rf"^## {name}:.*?(?=^## |^{re.escape(BY_HAND)}|\Z)", before,
                             re.DOTALL | re.MULTILINE)
            lines += [kept.group(0).rstrip(), ""] if kept else []
    notes = before.find(BY_HAND)
    REPORT.write_text("\n".join(lines) + ("\n" + before[notes:] if notes >= 0 else ""))
    print(f"wrote {REPORT.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
