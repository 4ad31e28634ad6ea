"""WordPress's own theme test data: no shortcode reaches a body, embeds become markers."""

import os
import re
from pathlib import Path

import pytest

from articles.importers.wxr.importer import import_wxr
from articles.models import Article

# ../shared beside the checkout; NEWSROOM_SHARED_DIR names it for a checkout elsewhere.
SHARED_WXR = (
    Path(
        os.environ.get("NEWSROOM_SHARED_DIR")
        or Path(__file__).resolve().parents[3] / ".." / "shared"
    )
    / "fixtures"
    / "wxr"
)
SHORTCODE_LEFT = re.compile(r"\[/?(?:gallery|caption|embed|audio|video|playlist)\b")


@pytest.fixture
def theme_test_data():
    path = SHARED_WXR / "theme-test-data" / "themeunittestdata.wordpress.xml"
    if not path.is_file():
        pytest.skip(f"../shared is absent: {path} not found")
    return path


def test_no_shortcode_reaches_a_body_and_embed_blocks_become_markers(db, theme_test_data):
    report = import_wxr(theme_test_data)
    bodies = dict(Article.objects.values_list("source_id", "body"))
    assert not [pk for pk, body in bodies.items() if SHORTCODE_LEFT.search(body)]
    embeds = "".join(bodies.values())
    for provider, embed_id in (
        ("x", "WordPress/1057136472321613824"),
        ("youtube", "ex8fMxXJDJw"),
        ("facebook", "6427302910/posts/10156380423617911"),
    ):
        assert f'<figure class="embed" data-provider="{provider}" data-id="{embed_id}">' in embeds
    assert "wp-block-embed" not in embeds
    assert report.counts["embeds"] >= 3
    assert any(note.startswith("unknown shortcode [audio] removed") for note in report.notes)
    # Without --media-dir no attachment is in the library: the galleries go, and are reported.
    assert report.counts["gallery pictures dropped (attachment not in the library)"] > 0
    # Prose in brackets is not a shortcode.
    assert "coracles [simple boat]" in bodies["358"]
