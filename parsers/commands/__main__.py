"""Print the command tables, rewrite them in a guide (`--write docs/members.md`), or bring a
language's catalogue of help and usage lines up to date (`--extract es`)."""

from __future__ import annotations

import argparse
from pathlib import Path

from parsers.commands import AREAS, readme_table, with_readme_tables


def main() -> None:
    """Print every area's table, or rewrite the tables in the guide named by --write."""
    parser = argparse.ArgumentParser(prog="python -m parsers.commands")
    parser.add_argument("--readme", action="store_true", help="print the tables (the default)")
    parser.add_argument("--write", metavar="GUIDE",
                        help="rewrite the tables in this file (docs/members.md holds them)")
    parser.add_argument("--extract", metavar="LANGUAGE",
                        help="update locale/LANGUAGE/LC_MESSAGES/commands.po from the declarations")
    args = parser.parse_args()
    if args.extract:
        from parsers.commands.catalogue import DOMAIN, extract
        from parsers.languages import catalogue_path

        total, todo = extract(args.extract)
        print(f"{catalogue_path(args.extract, DOMAIN)}: {total} entries, {todo} to translate")
    elif args.write:
        path = Path(args.write)
        text = path.read_text()
        if "<!-- commands:" not in text:
            parser.error(f"{path} has no command tables: docs/members.md holds them")
        path.write_text(with_readme_tables(text))
    else:
        print("\n\n".join(readme_table(area) for area in AREAS))


if __name__ == "__main__":
    main()
