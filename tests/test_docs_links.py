"""The documentation's links and citations lead somewhere.

- Every relative link in README.md and docs/**/*.md names an existing file, and every `#anchor`
  an existing heading of its target, spelled as GitHub spells it (Arabic headings included).
- Every citation `docs/<file>.md, "<Heading>"` in the repository's Python, Markdown, nginx,
  systemd, Makefile and .env.example files names an existing heading of that file. A citation
  may break across lines, with the comment marker of the next line (`#`) before the heading.
  The same for `README.md, "<Heading>"` (or `README, "<Heading>"`): the README is short, and
  what it no longer holds is cited in docs/.
- Every test file or folder the documentation names (`tests/….py`, `tests/…/`) exists.
"""

import re
import unicodedata
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

SKIPPED_DIRS = {".git", ".venv", "node_modules", "staticfiles", "media", "test-artifacts"}

FENCE = re.compile(r"^\s*(```|~~~)")
HEADING = re.compile(r"^(#{1,6})\s+(.+?)\s*#*\s*$")
# [text](target) or ![alt](target); the target ends at whitespace (an optional "title" follows).
LINK = re.compile(r"!?\[(?:[^\]\\]|\\.)*\]\(\s*<?([^)\s>]+)>?(?:\s+\"[^\"]*\")?\s*\)")
INLINE_CODE = re.compile(r"(`+).+?\1")
CITATION = re.compile(r"docs/([\w./-]+\.md),(?:\s|#)*\"([^\"]{1,120})\"")
README_CITATION = re.compile(r"\bREADME(?:\.md)?,(?:\s|#)*\"([^\"]{1,120})\"")
TEST_PATH = re.compile(r"\btests/[\w./-]*(?:\.py|/)")


def documents():
    return [ROOT / "README.md", *sorted((ROOT / "docs").rglob("*.md"))]


def cited_files():
    names = {"Makefile", ".env.example"}
    suffixes = {".py", ".md", ".conf", ".service"}
    for path in sorted(ROOT.rglob("*")):
        if SKIPPED_DIRS.intersection(path.relative_to(ROOT).parts) or not path.is_file():
            continue
        if path.name in names or path.suffix in suffixes:
            yield path


def prose_lines(text):
    """The lines outside fenced code blocks, with their numbers."""
    fenced = False
    for number, line in enumerate(text.splitlines(), start=1):
        if FENCE.match(line):
            fenced = not fenced
            continue
        if not fenced:
            yield number, line


def github_slug(heading):
    """The anchor GitHub gives a heading: its text lower-cased, punctuation and symbols dropped
    (letters, combining marks, digits, `_` and `-` kept, in any script), spaces as hyphens."""
    text = re.sub(r"!?\[([^\]]*)\]\([^)]*\)", r"\1", heading)  # a link counts by its text
    text = re.sub(r"<[^>]+>", "", text).lower()
    kept = (char for char in text if char in " -_" or unicodedata.category(char)[0] in "LMN")
    return "".join(kept).replace(" ", "-")


def headings(path):
    return [match[2] for _, line in prose_lines(path.read_text()) if (match := HEADING.match(line))]


def anchors(path):
    """Every anchor of a Markdown file, with GitHub's -1, -2… for repeated headings."""
    seen = {}
    result = set()
    for heading in headings(path):
        slug = github_slug(heading)
        result.add(f"{slug}-{seen[slug]}" if slug in seen else slug)
        seen[slug] = seen.get(slug, 0) + 1
    return result


def relative_links(path):
    for number, line in prose_lines(path.read_text()):
        for match in LINK.finditer(INLINE_CODE.sub("", line)):
            target = match[1]
            if re.match(r"^[a-z][a-z0-9+.-]*:", target, re.IGNORECASE):  # https:, mailto:…
                continue
            yield number, target


def link_problems(path):
    for number, target in relative_links(path):
        file_part, _, anchor = target.partition("#")
        where = f"{path.relative_to(ROOT)}:{number}: {target}"
        linked = (path.parent / file_part).resolve() if file_part else path
        if not linked.exists():
            yield f"{where}: no such file"
        elif anchor and linked.suffix == ".md" and anchor not in anchors(linked):
            yield f"{where}: no such heading"


@pytest.mark.parametrize("path", documents(), ids=lambda path: str(path.relative_to(ROOT)))
def test_every_relative_link_and_anchor_exists(path):
    assert list(link_problems(path)) == []


def cited_heading(text):
    return " ".join(re.sub(r"\n\s*#?\s*", " ", text).split())


def test_every_docs_citation_names_an_existing_heading():
    problems = []
    for path in cited_files():
        text = path.read_text(errors="replace")
        for match in CITATION.finditer(text):
            cited = ROOT / "docs" / match[1]
            heading = cited_heading(match[2])
            line = text.count("\n", 0, match.start()) + 1
            where = f"{path.relative_to(ROOT)}:{line}: docs/{match[1]}, {heading!r}"
            if not cited.is_file():
                problems.append(f"{where}: no such file")
            elif heading not in headings(cited):
                problems.append(f"{where}: no such heading")
    assert problems == []


def test_every_readme_citation_names_a_heading_the_readme_has():
    readme_headings = headings(ROOT / "README.md")
    problems = []
    for path in cited_files():
        if path == Path(__file__):  # its own examples
            continue
        text = path.read_text(errors="replace")
        for match in README_CITATION.finditer(text):
            heading = cited_heading(match[1])
            line = text.count("\n", 0, match.start()) + 1
            if heading not in readme_headings:
                problems.append(f"{path.relative_to(ROOT)}:{line}: README, {heading!r}")
    assert problems == []


def test_every_test_path_the_documentation_names_exists():
    problems = []
    for path in documents():
        for number, line in enumerate(path.read_text().splitlines(), start=1):
            for match in TEST_PATH.finditer(line):
                if not (ROOT / match[0]).exists():
                    problems.append(f"{path.relative_to(ROOT)}:{number}: {match[0]}")
    assert problems == []


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ('see README, "Importers"', ["Importers"]),
        ('(README.md,\n# "Two commands")', ["Two commands"]),
        ('docs/operations.md, "Backups and restore"', []),
    ],
)
def test_readme_citations_are_recognised(text, found):
    assert [cited_heading(m[1]) for m in README_CITATION.finditer(text)] == found


@pytest.mark.parametrize(
    ("heading", "slug"),
    [
        ("Take-downs and caches", "take-downs-and-caches"),
        ("Errors: Sentry", "errors-sentry"),
        ("What `make test` installs", "what-make-test-installs"),
        ("Dependencies: lock files and audit", "dependencies-lock-files-and-audit"),
        ("Roles (الأدوار) and the second factor", "roles-الأدوار-and-the-second-factor"),
        ("سجل الأمان", "سجل-الأمان"),
        ("Measurements behind the code", "measurements-behind-the-code"),
        ("`import_wxr FILE --media-dir DIR`", "import_wxr-file---media-dir-dir"),
        ("Photos, 1200 × 630", "photos-1200--630"),
    ],
)
def test_github_slugs(heading, slug):
    assert github_slug(heading) == slug
