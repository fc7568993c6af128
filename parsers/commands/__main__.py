"""Print README's command tables, or rewrite them in a README: `--write README.md`."""

from __future__ import annotations

import argparse
from pathlib import Path

from parsers.commands import AREAS, readme_table, with_readme_tables


def main() -> None:
    """Print every area's table, or rewrite the tables in the README named by --write."""
    parser = argparse.ArgumentParser(prog="python -m parsers.commands")
    parser.add_argument("--readme", action="store_true", help="print the tables (the default)")
    parser.add_argument("--write", metavar="README", help="rewrite the tables in this file")
    args = parser.parse_args()
    if args.write:
        path = Path(args.write)
        path.write_text(with_readme_tables(path.read_text()))
    else:
        print("\n\n".join(readme_table(area) for area in AREAS))


if __name__ == "__main__":
    main()
