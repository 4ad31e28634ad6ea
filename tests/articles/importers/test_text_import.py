import errno
import os
from datetime import UTC, datetime
from pathlib import Path

import pytest
from django.utils.html import escape

from articles.importers.errors import ImportInputError
from articles.importers.text.importer import import_text, read_without_following
from articles.models import Article, CommentPolicy, Section, SiteSettings, Status
from authors.models import Author
from tests.articles.importers.conftest import FIXTURES, TAGLINE, article_text

WHEN = datetime(2024, 5, 14, 9, 30, tzinfo=UTC)


@pytest.fixture
def archive(tmp_path, db):
    """A small archive directory with two articles, one in a sub-directory."""
    (tmp_path / "2024").mkdir()
    (tmp_path / "a.txt").write_text(
        article_text("الرباط: افتتاح معرض الكتاب", "هند الفاسي", "فقرة عن المعرض."),
        encoding="utf-8",
    )
    (tmp_path / "2024" / "b.txt").write_text(
        article_text(
            "فاس: ترميم باب قديم", "هند الفاسي، سمير بلقاسم", "فقرة عن الترميم.", closed=True
        ),
        encoding="utf-8",
    )
    (tmp_path / "notes.md").write_text("ليس مقالا", encoding="utf-8")
    return tmp_path


def test_the_sample_shaped_fixture_becomes_a_published_article(db):
    report = import_text(
        [FIXTURES / "market.txt"], status="published", published_at=WHEN, root=FIXTURES
    )
    assert (report.created, report.failed) == (1, 0)
    article = Article.objects.get(source="text", source_id="market.txt")
    assert article.headline.startswith("وجدة: افتتاح سوق أسبوعي")
    assert article.dateline == "وجدة"
    assert article.status == Status.PUBLISHED and article.publish_at == WHEN
    assert article.comment_policy == CommentPolicy.CLOSED
    assert [b.author.name for b in article.bylines.all()] == ["نادية الطاهري"]
    assert article.body.count("<p>") == 3
    assert "التعليقات مغلقة" not in article.body
    assert "أول جريدة" not in article.body and "أول جريدة" not in article.headline


def test_directories_are_searched_recursively_for_txt_files_only(archive):
    report = import_text([archive], published_at=WHEN, root=archive)
    assert report.created == 2
    assert set(Article.objects.values_list("source_id", flat=True)) == {"a.txt", "2024/b.txt"}
    assert Article.objects.get(source_id="a.txt").status == Status.DRAFT


def test_two_bylines_keep_their_order_and_an_existing_author_is_found_again(archive):
    existing = Author.objects.create(name="هِند الفاسي")  # with a diacritic
    import_text([archive], published_at=WHEN, root=archive)
    article = Article.objects.get(source_id="2024/b.txt")
    assert [b.author for b in article.bylines.all()][0] == existing
    assert [b.author.name for b in article.bylines.all()] == ["هِند الفاسي", "سمير بلقاسم"]
    assert Author.objects.count() == 2


def test_running_again_creates_nothing_and_reports_unchanged(archive):
    import_text([archive], published_at=WHEN, root=archive)
    again = import_text([archive], published_at=WHEN, root=archive)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 2)
    assert Article.objects.count() == 2


def test_an_edited_file_updates_its_article_in_place(archive):
    import_text([archive], published_at=WHEN, root=archive)
    before = Article.objects.get(source_id="a.txt")
    (archive / "a.txt").write_text(
        article_text("الرباط: افتتاح معرض الكتاب", "هند الفاسي", "فقرة مصححة."), encoding="utf-8"
    )
    report = import_text([archive], published_at=WHEN, root=archive)
    assert (report.created, report.updated, report.unchanged) == (0, 1, 1)
    after = Article.objects.get(source_id="a.txt")
    assert after.pk == before.pk
    assert "فقرة مصححة." in after.body
    assert after.version == before.version + 1
    revision = after.revisions.get()
    assert revision.created_by is None
    assert "فقرة مصححة." in revision.content["body"]


def test_without_published_at_the_file_time_is_used_and_reported(tmp_path, db):
    path = tmp_path / "a.txt"
    path.write_text(article_text("عنوان", "كاتب", "فقرة."), encoding="utf-8")
    os.utime(path, (WHEN.timestamp(), WHEN.timestamp()))
    report = import_text([path], status="published", root=tmp_path)
    assert Article.objects.get().publish_at == WHEN
    assert any("modification time" in note and "2024-05-14" in note for note in report.notes)


def test_the_section_option_files_every_article_in_that_section(archive, make_section):
    section = make_section(name="ثقافة", slug="culture")
    import_text([archive], section="culture", published_at=WHEN, root=archive)
    assert set(Article.objects.values_list("section", flat=True)) == {section.pk}


def test_an_unknown_section_is_refused_before_anything_is_written(archive, db):
    with pytest.raises(ImportInputError, match="no section named"):
        import_text([archive], section="لا يوجد", root=archive)
    assert not Article.objects.exists() and not Section.objects.exists()


def test_a_missing_path_is_refused(tmp_path, db):
    with pytest.raises(ImportInputError, match="no such file"):
        import_text([tmp_path / "absent.txt"])


@pytest.mark.parametrize("encoding", ["utf-8-sig", "utf-16", "cp1256"])
def test_every_supported_encoding_imports_the_same_text(tmp_path, db, encoding):
    text = article_text("مكناس: موسم الزيتون", "ليلى بناني", "بدأ الجني مبكرا هذا العام.")
    (tmp_path / "a.txt").write_bytes(text.replace("\u00a0", " \u00a0").encode(encoding))
    report = import_text([tmp_path], root=tmp_path)
    assert report.created == 1, report.lines()
    assert Article.objects.get().body == "<p>بدأ الجني مبكرا هذا العام.</p>"


def test_a_bad_file_is_reported_by_name_and_line_and_the_others_go_in(archive):
    (archive / "bad.txt").write_text(
        "جريدة أخرى\n\nعنوان\n\nكاتب\n\n\u00a0\n\nفقرة.\n", encoding="utf-8"
    )
    report = import_text([archive], published_at=WHEN, root=archive)
    assert (report.created, report.failed, report.exit_code) == (2, 1, 1)
    assert str(report.failures[0]).startswith(f"{archive / 'bad.txt'}:1: ")


def test_an_undecidable_encoding_names_the_file(tmp_path, db):
    (tmp_path / "latin.txt").write_bytes("Ünïcödé façade".encode("latin-1"))
    report = import_text([tmp_path], root=tmp_path)
    assert report.exit_code == 2
    assert str(report.failures[0]).startswith(str(tmp_path / "latin.txt"))


def test_atomic_keeps_nothing_when_one_file_fails(archive):
    (archive / "empty.txt").write_text("عنوان فقط\n", encoding="utf-8")
    report = import_text([archive], published_at=WHEN, root=archive, atomic=True)
    assert report.rolled_back and report.exit_code == 2
    assert not Article.objects.exists()


def test_a_dry_run_reports_what_a_real_run_does_and_writes_nothing(archive):
    settings_before = list(SiteSettings.objects.values())
    dry = import_text([archive], published_at=WHEN, root=archive, dry_run=True)
    assert not Article.objects.exists() and not Author.objects.exists()
    assert list(SiteSettings.objects.values()) == settings_before
    real = import_text([archive], published_at=WHEN, root=archive)
    assert dry.lines()[0] == "Dry run (nothing written): " + real.lines()[0]
    assert dry.counts == real.counts


def test_the_command_exits_0_1_or_2(archive, run_command):
    code, out, _ = run_command("import_text", str(archive), "--root", str(archive))
    assert code == 0 and "created 2" in out
    code, out, _ = run_command("import_text", str(archive), "--root", str(archive))
    assert code == 0 and "unchanged 2" in out
    (archive / "bad.txt").write_text("عنوان فقط\n", encoding="utf-8")
    code, _, err = run_command("import_text", str(archive), "--root", str(archive))
    assert code == 1 and "bad.txt" in err
    code, _, err = run_command("import_text", str(archive / "nothing-here"))
    assert code == 2 and "no such file" in err


def test_the_command_refuses_a_published_at_that_is_no_date(archive, run_command):
    code, _, err = run_command("import_text", str(archive), "--published-at", "أمس")
    assert code == 2 and "--published-at" in err
    assert not Article.objects.exists()


def test_a_changed_site_tagline_is_recognised_as_the_masthead(archive, change_site_settings):
    change_site_settings(tagline="جريدة الغد المغربية")
    (archive / "c.txt").write_text(
        article_text("عنوان", "كاتب", "فقرة.").replace(TAGLINE, "جريدة الغد المغربية"),
        encoding="utf-8",
    )
    report = import_text([archive / "c.txt"], root=archive)
    assert (report.created, report.failed) == (1, 0)


def test_the_newspaper_s_sample_article_imports_whole(db, site_settings):
    sample = (
        Path(__file__).resolve().parents[3] / ".." / "shared" / "samples" / "plaintext"
    ) / "000_d4a551e83d768bcd.txt"
    if not sample.is_file():
        pytest.skip(f"../shared is absent: {sample} not found")
    report = import_text([sample], status="published", published_at=WHEN, root=sample.parent)
    assert (report.created, report.failed) == (1, 0), report.lines()
    article = Article.objects.get()
    lines = [line.strip() for line in sample.read_text(encoding="utf-8").splitlines()]
    content = [line for line in lines if line]  # spacer lines (U+00A0 only) strip to ""
    tagline, headline, byline, *paragraphs, footer = content
    assert tagline == site_settings.tagline
    assert article.headline == headline
    assert article.dateline == headline.split(":")[0]
    assert [b.author.name for b in article.bylines.all()] == [byline]
    assert footer == "التعليقات مغلقة." and article.comment_policy == CommentPolicy.CLOSED
    assert article.body == "\n".join(f"<p>{escape(p)}</p>" for p in paragraphs)


@pytest.fixture
def secrets_file(tmp_path_factory):
    """A file outside the archive that must never become an article."""
    secret = tmp_path_factory.mktemp("outside") / "secrets.txt"
    secret.write_text(article_text("سر: كلمة المرور", "لا أحد", "DATABASE_PASSWORD=s3cret"))
    return secret


def test_a_linked_txt_file_in_an_archive_is_refused_by_name_and_not_read(archive, secrets_file):
    link = archive / "2024" / "leak.txt"
    link.symlink_to(secrets_file)

    report = import_text([archive], published_at=WHEN, root=archive)

    assert (report.created, report.failed, report.exit_code) == (2, 1, 1)
    assert str(report.failures[0]).startswith(f"{link}: a symbolic link: not followed")
    assert not Article.objects.filter(body__contains="s3cret").exists()


def test_a_linked_directory_in_an_archive_is_refused_by_name_and_not_entered(archive, secrets_file):
    link = archive / "elsewhere"
    link.symlink_to(secrets_file.parent, target_is_directory=True)

    report = import_text([archive], published_at=WHEN, root=archive)

    assert (report.created, report.failed) == (2, 1)
    assert str(report.failures[0]).startswith(f"{link}: a symbolic link")
    assert not Article.objects.filter(body__contains="s3cret").exists()


def test_a_link_named_on_the_command_line_is_refused_and_the_command_fails(
    tmp_path, secrets_file, run_command
):
    file_link, folder_link = tmp_path / "leak.txt", tmp_path / "folder"
    file_link.symlink_to(secrets_file)
    folder_link.symlink_to(secrets_file.parent, target_is_directory=True)

    code, _out, err = run_command("import_text", str(file_link), str(folder_link))

    assert code == 2
    assert f"{file_link}: a symbolic link: not followed" in err
    assert f"{folder_link}: a symbolic link: not followed" in err
    assert not Article.objects.exists()


def test_a_file_swapped_for_a_link_after_listing_is_refused(archive, secrets_file):
    (archive / "a.txt").unlink()
    (archive / "a.txt").symlink_to(secrets_file)

    with pytest.raises(OSError) as refused:
        read_without_following(archive / "a.txt")

    assert refused.value.errno == errno.ELOOP


def test_a_kicker_headline_gets_a_kicker_and_no_dateline(tmp_path, db):
    (tmp_path / "k.txt").write_text(
        article_text("عاجل: انقطاع الماء عن أحياء المدينة", "هند الفاسي", "فقرة."),
        encoding="utf-8",
    )
    (tmp_path / "p.txt").write_text(
        article_text("بنكيران: لن أعود إلى السياسة", "هند الفاسي", "فقرة."),
        encoding="utf-8",
    )
    import_text([tmp_path], published_at=WHEN, root=tmp_path)
    kicker = Article.objects.get(source_id="k.txt")
    assert (kicker.kicker, kicker.dateline, kicker.headline) == (
        "عاجل",
        "",
        "انقطاع الماء عن أحياء المدينة",
    )
    person = Article.objects.get(source_id="p.txt")
    assert (person.kicker, person.dateline) == ("", "")
    assert person.headline == "بنكيران: لن أعود إلى السياسة"


def test_an_import_that_creates_articles_refreshes_every_cached_page(
    db, settings, client, make_article, django_capture_on_commit_callbacks
):
    """The importer writes in bulk, without a signal per article: once it has committed, one
    purge of the `site` key sends every listing to the database again."""
    from django.core.cache import cache

    settings.NEWSROOM_PAGE_CACHE = True
    cache.clear()
    make_article()
    assert "وجدة: افتتاح سوق أسبوعي" not in client.get("/").content.decode()
    assert client.get("/")["X-Cache"] == "HIT"
    with django_capture_on_commit_callbacks(execute=True):
        import_text([FIXTURES / "market.txt"], status="published", published_at=WHEN, root=FIXTURES)
    assert "وجدة: افتتاح سوق أسبوعي" in client.get("/").content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        import_text([FIXTURES / "market.txt"], status="published", published_at=WHEN, root=FIXTURES)
    assert client.get("/")["X-Cache"] == "HIT"  # a re-run that creates nothing purges nothing
    cache.clear()
