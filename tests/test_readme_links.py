"""The README and the guides stand on their own: every file and section they point at is there."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DOCS = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
LINK = re.compile(r"\]\(([^)#\s]+)[^)]*\)")  # [text](target)
NAMED_FILE = re.compile(r"`([\w./-]+\.(?:md|txt|toml|py))`")  # `docs/members.md`, `../x.md`


def test_no_link_leaves_the_repository():
    for doc in DOCS:
        text = doc.read_text()
        targets = [t for t in LINK.findall(text) if not re.match(r"[a-z]+:", t)]
        targets += [t for t in NAMED_FILE.findall(text) if "/" in t]
        for target in targets:
            path = (doc.parent / target).resolve()
            assert path.is_relative_to(ROOT), f"{doc.name} points outside the repo: {target}"
            assert path.exists() or (ROOT / target).exists(), f"{doc.name}: {target} is missing"


def test_the_readme_links_the_guides():
    readme = (ROOT / "README.md").read_text()
    guides = sorted(p.name for p in (ROOT / "docs").glob("*.md"))
    assert guides == ["architecture.md", "members.md", "operators.md", "organisers.md"]
    assert [g for g in guides if f"](docs/{g})" not in readme] == []


def anchors(doc: Path) -> set[str]:
    """Return the anchors GitHub makes of a Markdown file's headings."""
    found = set()
    for heading in re.findall(r"^#+ (.+)$", doc.read_text(), flags=re.MULTILINE):
        slug = re.sub(r"[^\w\- ]", "", heading.strip().lower()).replace(" ", "-")
        found.add(slug)
    return found


def test_every_link_to_a_section_finds_its_heading():
    for doc in DOCS:
        for target, anchor in re.findall(r"\]\(([^)#\s]*)#([^)\s]+)\)", doc.read_text()):
            page = (doc.parent / target).resolve() if target else doc
            assert anchor in anchors(page), f"{doc.name}: no heading for {target}#{anchor}"
