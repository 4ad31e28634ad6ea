"""WordPress pages in an export become pages (articles/importers/wxr/pages.py): published ones
published, the others drafts; a re-run adds nothing and leaves a page changed here alone; old
permalinks and `/?page_id=` answer 301."""

import os
from pathlib import Path

import pytest

from articles.importers.wxr.importer import import_wxr
from articles.models import Page, PageRedirect, PageStatus
from articles.services.pages import page_update

SHARED = Path(
    os.environ.get("NEWSROOM_SHARED_DIR") or Path(__file__).resolve().parents[3] / ".." / "shared"
)
THEME_TEST_DATA = (
    SHARED / "fixtures" / "wxr" / "theme-test-data" / "themeunittestdata.wordpress.xml"
)
SOURCE = "wxr:https://jarida.example.ma"


def item(post_id, title, name, status, content, *, post_type="page", password=""):
    return f"""
  <item>
    <title>{title}</title>
    <link>https://jarida.example.ma/{name}/</link>
    <dc:creator><![CDATA[admin]]></dc:creator>
    <content:encoded><![CDATA[{content}]]></content:encoded>
    <wp:post_id>{post_id}</wp:post_id>
    <wp:post_date_gmt>2024-03-01 10:00:00</wp:post_date_gmt>
    <wp:post_name><![CDATA[{name}]]></wp:post_name>
    <wp:status><![CDATA[{status}]]></wp:status>
    <wp:post_type><![CDATA[{post_type}]]></wp:post_type>
    <wp:post_password><![CDATA[{password}]]></wp:post_password>
  </item>"""


def export(tmp_path, *items, name="pages.xml"):
    path = tmp_path / name
    path.write_text(
        f"""<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:excerpt="http://wordpress.org/export/1.2/excerpt/"
  xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/"
  xmlns:wp="http://wordpress.org/export/1.2/">
<channel>
  <title>جريدة</title>
  <wp:wxr_version>1.2</wp:wxr_version>
  <wp:base_site_url>https://jarida.example.ma</wp:base_site_url>
  {"".join(items)}
</channel>
</rss>""",
        encoding="utf-8",
    )
    return path


ABOUT = item(
    11,
    "من نحن",
    "%d9%85%d9%86-%d9%86%d8%ad%d9%86",
    "publish",
    "<p>جريدة مغربية.</p><script>x()</script>",
)
DRAFT = item(12, "شروط الاستعمال", "terms", "draft", "<p>مسودة.</p>")
SECRET = item(13, "صفحة محمية", "secret", "publish", "<p>سر.</p>", password="kalima")
TRASH = item(14, "قديمة", "old", "trash", "<p>-</p>")
POST = item(21, "خبر", "khabar", "publish", "<p>خبر اليوم.</p>", post_type="post")


def test_pages_are_imported_as_pages(db, tmp_path):
    report = import_wxr(export(tmp_path, ABOUT, DRAFT, SECRET, TRASH, POST))
    assert report.created == 1  # the post; pages are counted apart
    assert report.counts["pages"] == 4
    assert report.counts["pages created"] == 3
    assert report.counts["pages skipped: trash"] == 1
    about = Page.objects.get(source=SOURCE, source_id="11")
    assert (about.title, about.slug, about.status) == ("من نحن", "من-نحن", PageStatus.PUBLISHED)
    assert "script" not in about.body
    assert Page.objects.get(source_id="12").status == PageStatus.DRAFT
    assert Page.objects.get(source_id="13").status == PageStatus.DRAFT  # behind a password
    assert not Page.objects.filter(source_id="14").exists()


def test_a_rerun_adds_nothing(db, tmp_path):
    path = export(tmp_path, ABOUT, DRAFT)
    import_wxr(path)
    again = import_wxr(path)
    assert again.counts["pages unchanged"] == 2
    assert Page.objects.filter(source=SOURCE).count() == 2
    # Each page's old permalink, once: /من-نحن/ and /terms/.
    assert sorted(PageRedirect.objects.values_list("old_path", flat=True)) == [
        "/terms/",
        "/من-نحن/",
    ]
    assert Page.objects.get(source_id="11").changes.count() == 2  # created, published


def test_a_page_changed_here_is_left_alone_and_an_unchanged_one_follows_the_source(
    db, tmp_path, staff
):
    import_wxr(export(tmp_path, ABOUT, DRAFT))
    page_update(
        page=Page.objects.get(source_id="11"),
        actor=staff["editor"],
        changes={"title": "عن الجريدة"},
    )
    newer_about = ABOUT.replace("جريدة مغربية.", "جريدة مغربية مستقلة.")
    newer_draft = DRAFT.replace("مسودة.", "مسودة ثانية.")
    report = import_wxr(export(tmp_path, newer_about, newer_draft, name="newer.xml"))
    assert report.counts["pages changed here since the last import (left alone)"] == 1
    assert report.counts["pages updated"] == 1
    assert Page.objects.get(source_id="11").title == "عن الجريدة"
    assert "مسودة ثانية." in Page.objects.get(source_id="12").body
    # The status stays the newsroom's.
    assert Page.objects.get(source_id="12").status == PageStatus.DRAFT


def test_old_permalinks_and_page_id_links_answer_301(db, tmp_path, client):
    import_wxr(export(tmp_path, ABOUT, DRAFT))
    about = Page.objects.get(source_id="11")
    response = client.get("/من-نحن/")
    assert (response.status_code, response["Location"]) == (301, about.get_absolute_url())
    response = client.get("/?page_id=11")
    assert (response.status_code, response["Location"]) == (301, about.get_absolute_url())
    # A draft page's old address and id find nothing.
    assert client.get("/terms/").status_code == 404
    assert client.get("/?page_id=12").status_code == 200


def test_a_dry_run_writes_no_page(db, tmp_path):
    report = import_wxr(export(tmp_path, ABOUT), dry_run=True)
    assert report.counts["pages created"] == 1
    assert not Page.objects.filter(source=SOURCE).exists()


def test_the_theme_unit_test_pages_import_and_redirect(db, client):
    if not THEME_TEST_DATA.is_file():
        pytest.skip(f"../shared is absent: {THEME_TEST_DATA} not found (set NEWSROOM_SHARED_DIR)")
    report = import_wxr(THEME_TEST_DATA)
    assert report.failed == 0, report.lines()
    assert report.counts["pages"] == 21
    pages = Page.objects.exclude(source="")
    assert pages.count() == report.counts["pages created"] > 0
    assert pages.filter(status=PageStatus.PUBLISHED).exists()
    redirect = PageRedirect.objects.filter(page__status=PageStatus.PUBLISHED).first()
    response = client.get(redirect.old_path)
    assert (response.status_code, response["Location"]) == (301, redirect.page.get_absolute_url())
    again = import_wxr(THEME_TEST_DATA)
    assert again.counts["pages unchanged"] == pages.count()
    assert Page.objects.exclude(source="").count() == pages.count()
