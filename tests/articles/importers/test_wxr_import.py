import time
from datetime import UTC, datetime

import pytest

from articles.importers.errors import ImportInputError
from articles.importers.wxr.importer import import_wxr, old_paths, parse_wp_date
from articles.models import (
    Article,
    CommentPolicy,
    ImportedAttachment,
    Redirect,
    Section,
    Status,
    Tag,
)
from authors.models import Author
from tests.articles.importers.conftest import FIXTURES

EXPORT = FIXTURES / "arabic-export.xml"
SOURCE = "wxr:https://old.example.ma"


def article(post_id):
    return Article.objects.get(source=SOURCE, source_id=str(post_id))


def test_posts_become_articles_with_every_status_mapped(db):
    report = import_wxr(EXPORT)
    assert (report.created, report.skipped, report.failed, report.exit_code) == (5, 2, 0, 0)
    assert article(101).status == Status.PUBLISHED
    assert article(102).status == Status.SCHEDULED
    assert article(103).status == Status.DRAFT
    assert article(104).status == Status.IN_REVIEW
    assert article(105).status == Status.DRAFT  # private: never public
    assert not Article.objects.filter(source_id__in=["106", "107"]).exists()
    assert report.counts["skipped: trash"] == report.counts["skipped: auto-draft"] == 1


def test_pages_imported_attachments_and_comments_counted_and_attachments_kept(db):
    report = import_wxr(EXPORT)
    assert report.counts["pages"] == report.counts["pages created"] == 1
    assert report.counts["comments"] == 3
    assert report.counts["attachments (kept for the media import)"] == 1
    attachment = ImportedAttachment.objects.get()
    assert (attachment.source, attachment.source_id, attachment.parent_source_id) == (
        SOURCE,
        "41",
        "101",
    )
    assert attachment.url.endswith("/2021/03/qanat.jpg")


def test_the_post_fields_are_mapped(db):
    import_wxr(EXPORT)
    post = article(101)
    assert post.headline == "شفشاون: انطلاق أشغال قناة جديدة لتزويد القرى بالماء"
    assert (post.dateline, post.kicker) == ("شفشاون", "")
    assert post.slug == "قناة-جديدة"
    assert post.publish_at == datetime(2021, 3, 15, 9, 0, tzinfo=UTC)
    assert post.standfirst == "قناة بطول عشرين كيلومترا."
    assert post.comment_policy == CommentPolicy.CLOSED
    assert post.is_featured is True
    assert [b.author.name for b in post.bylines.all()] == ["حميد الزاكي"]
    assert list(post.tags.values_list("name", flat=True)) == ["الماء"]
    assert "<figcaption>عمال يضعون الأنابيب الأولى</figcaption>" in post.body
    assert "wp:paragraph" not in post.body
    assert "<p>ويرتقب أن تنتهي الأشغال قبل الصيف<br>" in post.body
    assert article(102).comment_policy == CommentPolicy.OPEN


def test_a_missing_gmt_date_falls_back_to_casablanca_time(db):
    import_wxr(EXPORT)
    # 2031-06-01 08:00 in Casablanca (UTC+1 that day) is 07:00 UTC.
    assert article(102).publish_at == datetime(2031, 6, 1, 7, 0, tzinfo=UTC)
    assert article(103).publish_at is None


def test_categories_become_sections_with_their_hierarchy(db):
    import_wxr(EXPORT)
    north = Section.objects.get(slug="الشمال")
    assert north.parent == Section.objects.get(slug="جهات")
    assert article(101).section == north
    assert Tag.objects.filter(slug="الماء").exists()
    assert set(Author.objects.values_list("name", flat=True)) == {"حميد الزاكي", "لطيفة بوعزة"}


def test_a_gallery_of_attachments_not_in_the_library_is_removed_and_reported(db):
    report = import_wxr(EXPORT)
    assert "[gallery" not in article(101).body and "gallery" not in article(101).body
    assert report.counts["gallery pictures dropped (attachment not in the library)"] == 2
    assert report.counts["galleries removed (no picture in the library)"] == 1
    assert any("101 (41, 42)" in note for note in report.notes)


def test_importing_again_changes_nothing(db):
    import_wxr(EXPORT)
    again = import_wxr(EXPORT)
    assert (again.created, again.updated, again.unchanged, again.skipped) == (0, 0, 5, 2)
    assert Article.objects.count() == 5
    assert Section.objects.count() == 2 and Author.objects.count() == 2
    assert Redirect.objects.count() == 3 and ImportedAttachment.objects.count() == 1


def test_a_changed_post_updates_its_article_in_place(db, tmp_path):
    import_wxr(EXPORT)
    before = article(101)
    changed = tmp_path / "export.xml"
    changed.write_text(
        EXPORT.read_text(encoding="utf-8").replace("بحضور ممثلي السكان", "بحضور والي الجهة"),
        encoding="utf-8",
    )
    report = import_wxr(changed)
    assert (report.created, report.updated, report.unchanged) == (0, 1, 4)
    after = article(101)
    assert after.pk == before.pk and "بحضور والي الجهة" in after.body
    assert after.version == before.version + 1


def test_the_https_namespace_spelling_is_understood(db, tmp_path):
    https = tmp_path / "export.xml"
    https.write_text(
        EXPORT.read_text(encoding="utf-8").replace(
            "http://wordpress.org/export/", "https://wordpress.org/export/"
        ),
        encoding="utf-8",
    )
    assert import_wxr(https).created == 5


def test_a_dry_run_reports_the_same_and_writes_nothing(db):
    dry = import_wxr(EXPORT, dry_run=True)
    assert not Article.objects.exists() and not Section.objects.exists()
    assert not Redirect.objects.exists() and not ImportedAttachment.objects.exists()
    real = import_wxr(EXPORT)
    assert dry.lines()[0] == "Dry run (nothing written): " + real.lines()[0]
    assert dry.counts == real.counts and dry.notes == real.notes


def test_a_failing_post_is_named_and_the_others_go_in(db, tmp_path):
    broken = tmp_path / "export.xml"
    broken.write_text(
        EXPORT.read_text(encoding="utf-8").replace("2021-03-16 11:00:00", "16/03/2021"),
        encoding="utf-8",
    )
    report = import_wxr(broken)
    assert (report.created, report.failed, report.exit_code) == (4, 1, 1)
    assert str(report.failures[0]).startswith("item 104 (line ")
    assert "unreadable date" in str(report.failures[0])


def test_atomic_keeps_nothing_when_a_post_fails(db, tmp_path):
    broken = tmp_path / "export.xml"
    broken.write_text(
        EXPORT.read_text(encoding="utf-8").replace("<![CDATA[pending]]>", "<![CDATA[weird]]>"),
        encoding="utf-8",
    )
    report = import_wxr(broken, atomic=True)
    assert report.exit_code == 2 and "unknown post status 'weird'" in str(report.failures[0])
    assert not Article.objects.exists() and not Author.objects.exists()


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("entity-bomb.xml", "declares XML entities"),
        ("external-entity.xml", "declares XML entities"),
        ("truncated.xml", "not well-formed XML at line 16"),
    ],
)
def test_unsafe_or_broken_xml_is_refused_quickly_and_nothing_is_written(db, name, message):
    started = time.monotonic()
    with pytest.raises(ImportInputError, match=message):
        import_wxr(FIXTURES / name)
    assert time.monotonic() - started < 2
    assert not Article.objects.exists()


def test_the_command_exits_2_on_unusable_input(run_command):
    code, _, err = run_command("import_wxr", str(FIXTURES / "entity-bomb.xml"))
    assert code == 2 and "nothing written" in err


def test_the_command_reports_and_exits_0(run_command):
    code, out, _ = run_command("import_wxr", str(EXPORT))
    assert code == 0
    assert "created 5, updated 0, unchanged 0, skipped 2, failed 0" in out


def test_old_paths_are_the_decoded_permalink_and_post_name():
    fields = {
        "link": "https://old.example.ma/2021/03/%d9%82%d9%86%d8%a7%d8%a9/",
        "wp:post_name": "%d9%82%d9%86%d8%a7%d8%a9",
    }
    assert old_paths(fields) == ["/2021/03/قناة/", "/قناة/"]
    assert old_paths({"link": "https://old.example.ma/?p=5"}) == []


def test_wordpress_dates_read_as_utc_or_casablanca():
    assert parse_wp_date("0000-00-00 00:00:00", gmt=True) is None
    assert parse_wp_date("2021-01-10 12:00:00", gmt=False) == datetime(
        2021, 1, 10, 11, 0, tzinfo=UTC
    )


@pytest.mark.parametrize(
    "path",
    [
        "/2021/03/%D9%82%D9%86%D8%A7%D8%A9-%D8%AC%D8%AF%D9%8A%D8%AF%D8%A9/",
        "/2021/03/%d9%82%d9%86%d8%a7%d8%a9-%d8%ac%d8%af%d9%8a%d8%af%d8%a9/",
        "/2021/03/قناة-جديدة/",
        "/2021/03/قناة-جديدة",
        "/قناة-جديدة/",
    ],
)
def test_old_permalinks_answer_301_to_the_article_encoded_or_not(client, db, path):
    import_wxr(EXPORT)
    response = client.get(path)
    assert response.status_code == 301
    assert response["Location"] == article(101).get_absolute_url()


def test_an_old_permalink_of_an_article_not_yet_public_is_not_found(client, db):
    import_wxr(EXPORT)
    assert client.get("/harvest/").status_code == 404


def test_titles_give_a_dateline_a_kicker_or_neither_by_the_same_rule_as_text(db):
    import_wxr(FIXTURES / "protected-export.xml")
    source = "wxr:https://protected.example.ma"
    by_id = {a.source_id: a for a in Article.objects.filter(source=source)}
    assert (by_id["501"].kicker, by_id["501"].dateline, by_id["501"].headline) == (
        "عاجل",
        "",
        "ملف التحقيق كاملا للمشتركين",
    )
    assert (by_id["502"].dateline, by_id["502"].kicker) == ("طنجة", "")
    assert (by_id["503"].dateline, by_id["503"].kicker) == ("", "")
    assert by_id["503"].headline.startswith("بنكيران: ")


def export_with_galleries(tmp_path, count):
    items = "".join(
        f"""<item><title>مقال {n}</title>
<content:encoded><![CDATA[فقرة.

[gallery ids="{n},{n + 1}"]

https://www.youtube.com/watch?v=v{n:010d}

[su_box]نص[/su_box]]]></content:encoded>
<wp:post_id>{1000 + n}</wp:post_id><wp:post_date_gmt>2022-01-01 09:00:00</wp:post_date_gmt>
<wp:status>publish</wp:status><wp:post_type>post</wp:post_type></item>"""
        for n in range(count)
    )
    path = tmp_path / f"galleries-{count}.xml"
    path.write_text(
        '<?xml version="1.0" encoding="UTF-8"?><rss version="2.0" '
        'xmlns:content="http://purl.org/rss/1.0/modules/content/" '
        'xmlns:wp="http://wordpress.org/export/1.2/"><channel>'
        f"<wp:wxr_version>1.2</wp:wxr_version><wp:base_site_url>https://g{count}.example.ma"
        f"</wp:base_site_url>{items}</channel></rss>",
        encoding="utf-8",
    )
    return path


def test_shortcodes_embeds_and_galleries_cost_no_query_per_post(db, tmp_path):
    from django.db import connection

    counted = {}
    for count in (2, 20):
        export = export_with_galleries(tmp_path, count)
        # Counted by a wrapper: the loader empties Django's own query log after each batch.
        queries = []

        def count_query(execute, sql, params, many, context, queries=queries):
            queries.append(sql)
            return execute(sql, params, many, context)

        with connection.execute_wrapper(count_query):
            report = import_wxr(export)
        assert report.created == count
        assert report.counts["embeds"] == count
        assert report.counts["unknown shortcodes removed"] == count
        counted[count] = len(queries)
    assert counted[2] == counted[20]
    body = Article.objects.get(source_id="1003").body
    assert '<figure class="embed" data-provider="youtube" data-id="v0000000003">' in body
    assert "[" not in body and "<p>نص</p>" in body
