"""Every WXR file in ../shared imports with the expected counts, or is refused clearly."""

import os
from pathlib import Path

import pytest

from articles.importers.errors import ImportInputError
from articles.importers.wxr.importer import import_wxr

# ../shared beside the checkout; NEWSROOM_SHARED_DIR names it for a checkout elsewhere.
SHARED_WXR = (
    Path(
        os.environ.get("NEWSROOM_SHARED_DIR")
        or Path(__file__).resolve().parents[3] / ".." / "shared"
    )
    / "fixtures"
    / "wxr"
)

# (file, expected counts) or (file, start of the refusal message).
# pelican: two posts reuse post ids 175 and 176, so the second of each is reported as failed.
EXPECTED = [
    (
        "pelican/wordpressexport.xml",
        {"created": 9, "skipped": 0, "failed": 2, "pages": 2, "attachments": 4, "comments": 4},
    ),
    (
        "theme-test-data/64-block-test-data.xml",
        {"created": 61, "skipped": 0, "failed": 0, "pages": 1, "attachments": 9, "comments": 2},
    ),
    (
        "theme-test-data/theme-preview.xml",
        {"created": 7, "skipped": 0, "failed": 0, "pages": 0, "attachments": 0, "comments": 2},
    ),
    (
        "theme-test-data/themeunittestdata.wordpress.xml",
        {"created": 58, "skipped": 0, "failed": 0, "pages": 21, "attachments": 37, "comments": 33},
    ),
    (
        "wordpress-importer/a11y-unit-test-data.xml",
        {"created": 47, "skipped": 0, "failed": 0, "pages": 17, "attachments": 39, "comments": 29},
    ),
    (
        "wordpress-importer/authors-multiline.xml",
        {"created": 1, "skipped": 0, "failed": 0, "pages": 0, "attachments": 0, "comments": 0},
    ),
    (
        "wordpress-importer/backslashes.xml",
        {"created": 1, "skipped": 0, "failed": 0, "pages": 0, "attachments": 0, "comments": 0},
    ),
    (
        "wordpress-importer/blank-lines.xml",
        {"created": 1, "skipped": 0, "failed": 0, "pages": 0, "attachments": 0, "comments": 0},
    ),
    (
        "wordpress-importer/cdata-edge.xml",
        {"created": 1, "skipped": 0, "failed": 0, "pages": 0, "attachments": 0, "comments": 0},
    ),
    (
        "wordpress-importer/chunked-meta.xml",
        {"created": 1, "skipped": 0, "failed": 0, "pages": 0, "attachments": 0, "comments": 0},
    ),
    (
        "wordpress-importer/crazy-cdata-escaped.xml",
        {"created": 1, "skipped": 0, "failed": 0, "pages": 0, "attachments": 0, "comments": 0},
    ),
    ("wordpress-importer/crazy-cdata.xml", "not well-formed XML at line 18"),
    (
        "wordpress-importer/e2e/wxr-base-url-rewriting.xml",
        {"created": 1, "skipped": 0, "failed": 0, "pages": 0, "attachments": 0, "comments": 0},
    ),
    (
        "wordpress-importer/e2e/wxr-comprehensive.xml",
        {"created": 1, "skipped": 0, "failed": 0, "pages": 1, "attachments": 0, "comments": 1},
    ),
    (
        "wordpress-importer/e2e/wxr-css-urls.xml",
        {"created": 1, "skipped": 0, "failed": 0, "pages": 0, "attachments": 0, "comments": 0},
    ),
    (
        "wordpress-importer/e2e/wxr-simple.xml",
        {"created": 1, "skipped": 0, "failed": 0, "pages": 0, "attachments": 0, "comments": 0},
    ),
    ("wordpress-importer/invalid-version-tag.xml", "unsupported WXR version 'abc'"),
    (
        "wordpress-importer/large-authors.xml",
        {"created": 0, "skipped": 0, "failed": 0, "pages": 0, "attachments": 0, "comments": 0},
    ),
    ("wordpress-importer/malformed-simple.xml", "not well-formed XML at line 14"),
    ("wordpress-importer/malformed.xml", "not well-formed XML at line 90"),
    (
        "wordpress-importer/missing-tags.xml",
        {"created": 1, "skipped": 0, "failed": 0, "pages": 0, "attachments": 0, "comments": 0},
    ),
    ("wordpress-importer/missing-version-tag.xml", "no <wp:wxr_version>"),
    (
        "wordpress-importer/multiple-cdata.xml",
        {"created": 1, "skipped": 0, "failed": 0, "pages": 0, "attachments": 0, "comments": 0},
    ),
    ("wordpress-importer/namespace-edge-cases.xml", "not well-formed XML at line 84"),
    (
        "wordpress-importer/post-content-blank-lines.xml",
        {"created": 1, "skipped": 0, "failed": 0, "pages": 0, "attachments": 0, "comments": 0},
    ),
    (
        "wordpress-importer/slashes.xml",
        {"created": 1, "skipped": 0, "failed": 0, "pages": 0, "attachments": 0, "comments": 1},
    ),
    (
        "wordpress-importer/small-export.xml",
        {"created": 6, "skipped": 0, "failed": 0, "pages": 5, "attachments": 0, "comments": 1},
    ),
    (
        "wordpress-importer/term-formats.xml",
        {"created": 0, "skipped": 0, "failed": 0, "pages": 0, "attachments": 0, "comments": 0},
    ),
    (
        "wordpress-importer/term-meta.xml",
        {"created": 0, "skipped": 0, "failed": 0, "pages": 0, "attachments": 0, "comments": 0},
    ),
    (
        "wordpress-importer/test-serialized-comment-meta.xml",
        {"created": 1, "skipped": 0, "failed": 0, "pages": 0, "attachments": 0, "comments": 1},
    ),
    (
        "wordpress-importer/test-serialized-postmeta-no-cdata.xml",
        {"created": 1, "skipped": 0, "failed": 0, "pages": 0, "attachments": 0, "comments": 0},
    ),
    (
        "wordpress-importer/test-serialized-postmeta-with-cdata.xml",
        {"created": 1, "skipped": 0, "failed": 0, "pages": 0, "attachments": 0, "comments": 0},
    ),
    (
        "wordpress-importer/test-serialized-term-meta.xml",
        {"created": 1, "skipped": 0, "failed": 0, "pages": 0, "attachments": 0, "comments": 0},
    ),
    (
        "wordpress-importer/test-utw-post-meta-import.xml",
        {"created": 1, "skipped": 0, "failed": 0, "pages": 0, "attachments": 0, "comments": 0},
    ),
    (
        "wordpress-importer/theme-unit-test-data.xml",
        {"created": 58, "skipped": 0, "failed": 0, "pages": 21, "attachments": 37, "comments": 33},
    ),
    (
        "wordpress-importer/valid-wxr-1.0.xml",
        {"created": 3, "skipped": 0, "failed": 0, "pages": 3, "attachments": 0, "comments": 1},
    ),
    (
        "wordpress-importer/valid-wxr-1.1.xml",
        {"created": 1, "skipped": 0, "failed": 0, "pages": 1, "attachments": 0, "comments": 1},
    ),
    (
        "wordpress-importer/wxr-flat-attachment-different-site.xml",
        {"created": 1, "skipped": 0, "failed": 0, "pages": 0, "attachments": 1, "comments": 0},
    ),
    (
        "wordpress-importer/wxr-flat-attachment-same-site.xml",
        {"created": 1, "skipped": 0, "failed": 0, "pages": 0, "attachments": 1, "comments": 0},
    ),
    (
        "wordpress-importer/wxr-simple.xml",
        {"created": 1, "skipped": 0, "failed": 0, "pages": 0, "attachments": 0, "comments": 0},
    ),
    (
        "wordpress-importer/wxr-utf-8-challenges.xml",
        {"created": 1, "skipped": 0, "failed": 0, "pages": 0, "attachments": 0, "comments": 0},
    ),
    (
        "wordpress-importer/wxr-with-sub-data.xml",
        {"created": 1, "skipped": 0, "failed": 0, "pages": 0, "attachments": 0, "comments": 1},
    ),
]


@pytest.fixture
def shared_wxr():
    if not SHARED_WXR.is_dir():
        pytest.skip(f"../shared is absent: {SHARED_WXR} not found")
    return SHARED_WXR


def test_every_shared_file_is_listed(shared_wxr):
    on_disk = {p.relative_to(shared_wxr).as_posix() for p in shared_wxr.rglob("*.xml")}
    assert on_disk == {name for name, _expected in EXPECTED}


@pytest.mark.parametrize(("name", "expected"), EXPECTED, ids=[name for name, _ in EXPECTED])
def test_shared_export_imports_with_expected_counts_or_is_refused(db, shared_wxr, name, expected):
    if isinstance(expected, str):
        with pytest.raises(ImportInputError, match=expected):
            import_wxr(shared_wxr / name)
        return
    report = import_wxr(shared_wxr / name)
    counts = report.counts
    assert {
        "created": report.created,
        "skipped": report.skipped,
        "failed": report.failed,
        "pages": counts["pages"],
        "attachments": counts["attachments (kept for the media import)"],
        "comments": counts["comments"],
    } == expected, report.lines()
    again = import_wxr(shared_wxr / name)
    assert (again.created, again.updated, again.unchanged) == (0, 0, report.created)
