"""Password-protected WordPress posts are imported as not public, with a note, and stay so."""

from pathlib import Path

import pytest

from articles.importers.protected import protected_post_note
from articles.importers.wxr.importer import import_wxr
from articles.importers.wxr.skipper import PROTECTED
from articles.models import Article, Status, StatusChange, SystemActor
from tests.articles.importers.conftest import FIXTURES

EXPORT = FIXTURES / "protected-export.xml"
SOURCE = "wxr:https://protected.example.ma"
SHARED_THEME_DATA = (
    Path(__file__).resolve().parents[3]
    / ".."
    / "shared"
    / "fixtures"
    / "wxr"
    / "theme-test-data"
    / "themeunittestdata.wordpress.xml"
)


def article(post_id, source=SOURCE):
    return Article.objects.get(source=source, source_id=str(post_id))


def test_protected_posts_are_imported_as_not_public_and_counted(db):
    report = import_wxr(EXPORT)
    assert report.created == 4 and report.failed == 0
    assert article(501).status == Status.DRAFT  # published behind a password
    assert article(502).status == Status.DRAFT  # scheduled behind a password
    assert article(503).status == Status.IN_REVIEW  # pending: not public anyway
    assert article(504).status == Status.PUBLISHED  # an empty password protects nothing
    assert report.counts["password-protected posts (imported as not public)"] == 3
    assert any("501, 502, 503" in note for note in report.notes)
    assert not Article.objects.published().filter(source_id__in=["501", "502", "503"]).exists()
    # The old date is kept: an editor who decides to publish sees when it first appeared.
    assert article(501).publish_at is not None


def test_each_protected_article_carries_a_note_editors_see_once_even_after_a_rerun(db, tmp_path):
    import_wxr(EXPORT)
    note = protected_post_note()
    assert set(
        StatusChange.objects.filter(note=note).values_list("article__source_id", flat=True)
    ) == {
        "501",
        "502",
        "503",
    }
    assert not StatusChange.objects.filter(article=article(504), note=note).exists()
    assert set(StatusChange.objects.filter(note=note).values_list("system_actor", flat=True)) == {
        SystemActor.IMPORT_WXR
    }
    # Unchanged re-run, then a re-run where the protected post's text changed.
    import_wxr(EXPORT)
    changed = tmp_path / "export.xml"
    changed.write_text(
        EXPORT.read_text(encoding="utf-8").replace("كلمة السر.", "كلمة السر، مع تعديل."),
        encoding="utf-8",
    )
    report = import_wxr(changed)
    assert report.updated == 1
    assert article(501).status == Status.DRAFT
    assert StatusChange.objects.filter(note=note).count() == 3


def test_the_note_is_in_arabic_in_the_admin_language(db):
    from django.utils import translation

    with translation.override("ar-ma"):
        assert "كلمة" in protected_post_note()


def test_the_genuine_protected_post_of_the_theme_test_data_is_not_public(db):
    if not SHARED_THEME_DATA.is_file():
        pytest.skip(f"../shared is absent: {SHARED_THEME_DATA} not found")
    report = import_wxr(SHARED_THEME_DATA)
    source = Article.objects.filter(source_id="1168").values_list("source", flat=True).get()
    # "Template: Password Protected (the password is "enter")", published with a password.
    assert article(1168, source).status == Status.DRAFT
    assert report.counts["password-protected posts (imported as not public)"] == 1
    assert StatusChange.objects.filter(
        article=article(1168, source), note=protected_post_note()
    ).exists()


def test_a_rerun_names_protected_posts_made_public_by_an_earlier_import(db):
    import_wxr(EXPORT)
    # As the importer before this rule left them: published, scheduled.
    Article.objects.filter(source_id="501").update(status=Status.PUBLISHED)
    Article.objects.filter(source_id="502").update(status=Status.SCHEDULED)
    report = import_wxr(EXPORT)
    assert report.unchanged == 4
    assert report.counts["password-protected posts public here (imported before; check them)"] == 2
    assert any("public here" in note and "501, 502" in note for note in report.notes)
    # Never changed by a re-run: the newsroom decides.
    assert article(501).status == Status.PUBLISHED


@pytest.mark.parametrize(
    ("markup", "protected"),
    [
        (b"<wp:post_password><![CDATA[]]></wp:post_password>", False),
        (b"<wp:post_password></wp:post_password>", False),
        (b"<wp:post_password/>", False),
        (b"<wp:post_password>enter</wp:post_password>", True),
        (b"<wp:post_password><![CDATA[sirr]]></wp:post_password>", True),
    ],
)
def test_the_unchanged_item_filter_tells_a_password_from_none(markup, protected):
    assert bool(PROTECTED.search(b"<item>" + markup + b"</item>")) is protected
