"""import_wxr brings readers' comments along: approved ones published, held ones to the queue,
spam, trash and pingbacks skipped; threaded, dated, named, e-mails private; idempotent."""

from datetime import UTC, datetime
from pathlib import Path

import pytest

from articles.importers.wxr.importer import import_wxr
from articles.models import Article, Comment, CommentAction, CommentModeration, CommentStatus
from tests.articles.importers.conftest import FIXTURES

EXPORT = FIXTURES / "comments-export.xml"
SHARED_WXR = Path(__file__).resolve().parents[3] / ".." / "shared" / "fixtures" / "wxr"


def by_source_id():
    return {comment.source_id: comment for comment in Comment.objects.all()}


def test_comments_are_imported_with_their_state_thread_dates_and_authors(db):
    report = import_wxr(EXPORT)
    counts = report.counts
    assert counts["comments"] == 8  # every <wp:comment> in the file, the page's included
    assert counts["comments imported (published)"] == 3
    assert counts["comments imported (awaiting moderation)"] == 1
    assert counts["comments skipped: spam"] == 1
    assert counts["comments skipped: trash"] == 1
    assert counts["comments skipped: pingbacks and trackbacks"] == 1
    article = Article.objects.get(source_id="201")
    comments = by_source_id()
    assert set(comments) == {"31", "32", "33", "34"}
    top, reply, reply_to_reply, held = (comments[key] for key in ("31", "32", "33", "34"))
    assert all(c.article == article for c in comments.values())
    assert top.status == reply.status == reply_to_reply.status == CommentStatus.APPROVED
    assert held.status == CommentStatus.PENDING
    assert top.parent is None and reply.parent == top
    assert reply_to_reply.parent == top  # one level deep
    assert top.name == "سعيد من طنجة" and top.email == "said@example.ma"
    assert top.address_hash == ""  # the old site's IP address is not kept
    assert top.body == "مبادرة ممتازة & طال انتظارها."  # plain text
    assert top.created_at == datetime(2022, 5, 7, 11, 30, tzinfo=UTC)
    # No GMT date: the local date, read in Casablanca (UTC+0 until 8 May 2022, after Ramadan).
    assert reply_to_reply.created_at == datetime(2022, 5, 7, 14, 0, tzinfo=UTC)
    audit = CommentModeration.objects.get()
    assert (audit.action, audit.system_actor) == (CommentAction.IMPORT, "import_wxr")


def test_importing_again_creates_no_comment_twice(db, tmp_path):
    import_wxr(EXPORT)
    again = import_wxr(EXPORT)
    assert Comment.objects.count() == 4
    assert again.counts["comments imported (published)"] == 0
    assert again.counts["comments in unchanged posts (left as imported)"] == 7
    # A comment added on the old site since: the post's bytes change, only the new one is added.
    changed = tmp_path / "changed.xml"
    text = EXPORT.read_text(encoding="utf-8")
    new_comment = """<wp:comment>
			<wp:comment_id>40</wp:comment_id>
			<wp:comment_author><![CDATA[جديد]]></wp:comment_author>
			<wp:comment_date_gmt><![CDATA[2022-05-10 10:00:00]]></wp:comment_date_gmt>
			<wp:comment_content><![CDATA[تعليق أضيف بعد التصدير الأول.]]></wp:comment_content>
			<wp:comment_approved><![CDATA[1]]></wp:comment_approved>
			<wp:comment_parent>32</wp:comment_parent>
		</wp:comment>
	</item>"""
    changed.write_text(text.replace("</item>", new_comment, 1), encoding="utf-8")
    third = import_wxr(changed)
    assert third.counts["comments imported (published)"] == 1
    assert third.counts["comments already imported"] == 4
    assert Comment.objects.count() == 5
    assert Comment.objects.get(source_id="40").parent == Comment.objects.get(source_id="31")


def test_a_dry_run_imports_no_comment(db):
    report = import_wxr(EXPORT, dry_run=True)
    assert report.counts["comments imported (published)"] == 3
    assert not Comment.objects.exists()


def test_imported_comments_are_on_the_article_page_without_emails(client, db):
    import_wxr(EXPORT)
    article = Article.objects.get(source_id="201")
    html = client.get(article.get_absolute_url()).content.decode()
    assert "مبادرة ممتازة" in html and "أتفق معك." in html
    assert "تعليق لم يراجع بعد." not in html
    assert "said@example.ma" not in html.lower()


@pytest.fixture
def shared_wxr():
    if not SHARED_WXR.is_dir():
        pytest.skip(f"../shared is absent: {SHARED_WXR} not found")
    return SHARED_WXR


def test_a_real_export_with_threaded_comments(db, shared_wxr):
    """WordPress's theme unit test data: real comments, replies several levels deep."""
    report = import_wxr(shared_wxr / "theme-test-data" / "themeunittestdata.wordpress.xml")
    imported = (
        report.counts["comments imported (published)"]
        + report.counts["comments imported (awaiting moderation)"]
    )
    assert imported == Comment.objects.count() > 0
    # One level deep everywhere.
    assert not Comment.objects.filter(parent__parent__isnull=False).exists()
    again = import_wxr(shared_wxr / "theme-test-data" / "themeunittestdata.wordpress.xml")
    assert Comment.objects.count() == imported
    assert again.counts["comments imported (published)"] == 0


def test_posts_imported_before_comments_existed_get_their_comments_once(db):
    """An export imported before the importer knew comments: its posts are stored with their
    byte fingerprints but without comments. A re-run must not skip them as unchanged."""
    import_wxr(EXPORT)
    # Simulate the old import: same articles and fingerprints, no comment.
    Comment.objects.all().delete()
    CommentModeration.objects.all().delete()
    article = Article.objects.get(source_id="201")
    fingerprint, version = article.source_hash, article.version
    second = import_wxr(EXPORT)
    assert set(by_source_id()) == {"31", "32", "33", "34"}
    assert second.counts["comments imported (published)"] == 3
    assert second.counts["comments imported (awaiting moderation)"] == 1
    article.refresh_from_db()
    assert (article.source_hash, article.version) == (fingerprint, version)  # post untouched
    third = import_wxr(EXPORT)
    assert Comment.objects.count() == 4
    assert third.counts["comments imported (published)"] == 0
    assert third.counts["comments imported (awaiting moderation)"] == 0
    assert third.counts["comments in unchanged posts (left as imported)"] == 7
