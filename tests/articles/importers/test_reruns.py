"""Importers respect the newsroom's decisions (issue 13): a re-run never changes an existing
article's status, never overwrites what was changed in the CMS since the last import (it
reports it), and every write it makes names the importer."""

import pytest

from articles import services
from articles.importers.text.importer import import_text
from articles.importers.wxr.importer import import_wxr
from articles.models import Article, Byline, Revision, Section, Status, StatusChange, SystemActor
from tests.articles.admin.test_workflow import admin_url, article_form_data
from tests.articles.importers.conftest import FIXTURES, article_text
from tests.articles.importers.test_wxr_media import uploads as uploads_fixture
from tests.sign_in import sign_in

EXPORT = FIXTURES / "arabic-export.xml"
MEDIA_EXPORT = FIXTURES / "media-export.xml"
SOURCE = "wxr:https://old.example.ma"
OLD_TEXT, NEW_TEXT = "بحضور ممثلي السكان", "بحضور والي الجهة"
uploads = uploads_fixture  # a copy of wp-content/uploads, as the media import tests use


def post(post_id):
    return Article.objects.get(source=SOURCE, source_id=str(post_id))


@pytest.fixture
def changed_export(tmp_path):
    """The export with post 101's body changed (a new wording in one paragraph)."""
    path = tmp_path / "export.xml"
    text = EXPORT.read_text(encoding="utf-8")
    assert OLD_TEXT in text
    path.write_text(text.replace(OLD_TEXT, NEW_TEXT), encoding="utf-8")
    return path


def change_form(article, loaded_version, section=None, **overrides):
    """The admin change form of `article` as its page would post it."""
    byline = Byline.objects.get(article=article)
    shown = {
        name: getattr(article, name)
        for name in ("headline", "slug", "standfirst", "body", "dateline", "source", "source_id")
    }
    return article_form_data(
        section or article.section or Section.objects.create(name="قسم للنموذج"),
        byline.author,
        loaded_version=str(loaded_version),
        **{"bylines-INITIAL_FORMS": "1", "bylines-0-id": byline.pk},
        **{**shown, "comment_policy": article.comment_policy, **overrides},
    )


def edit_in_the_admin(client, user, article, **overrides):
    sign_in(client, user)
    response = client.post(
        admin_url("articles_article_change", article.pk),
        change_form(article, article.version, **overrides),
    )
    assert response.status_code == 302
    return Article.objects.get(pk=article.pk)


def test_a_re_import_of_a_changed_post_keeps_a_take_down(db, staff, changed_export):
    import_wxr(EXPORT)
    services.article_archive(article=post(101), actor=staff["editor"], reason="أمر قضائي")
    trail = StatusChange.objects.filter(article=post(101)).count()

    report = import_wxr(changed_export)

    assert report.updated == 1
    stored = post(101)
    assert stored.status == Status.ARCHIVED
    assert NEW_TEXT in stored.body  # the content followed the source; the status did not
    assert StatusChange.objects.filter(article=stored).count() == trail


def test_a_re_import_of_an_edited_text_file_keeps_a_take_down(tmp_path, db, staff):
    path = tmp_path / "a.txt"
    path.write_text(article_text("الرباط: خبر", "هند الفاسي", "فقرة."), encoding="utf-8")
    import_text([path], status="published", root=tmp_path)
    article = Article.objects.get(source_id="a.txt")
    services.article_archive(article=article, actor=staff["editor"], reason="طلب من المعني")
    path.write_text(article_text("الرباط: خبر", "هند الفاسي", "فقرة مزيدة."), encoding="utf-8")

    report = import_text([path], status="published", root=tmp_path)

    assert report.updated == 1
    assert Article.objects.get(pk=article.pk).status == Status.ARCHIVED


def test_a_status_option_applies_only_to_articles_the_run_creates(tmp_path, db):
    path = tmp_path / "a.txt"
    path.write_text(article_text("الرباط: خبر", "هند الفاسي", "فقرة."), encoding="utf-8")
    import_text([path], status="draft", root=tmp_path)
    import_text([path], status="published", root=tmp_path)
    assert Article.objects.get(source_id="a.txt").status == Status.DRAFT


def test_a_re_import_leaves_cms_edits_alone_and_reports_them(
    client, db, staff, changed_export, run_command
):
    import_wxr(EXPORT)
    edited = edit_in_the_admin(client, staff["editor"], post(101), headline="عنوان المحرر")

    code, out, _err = run_command("import_wxr", str(changed_export))

    assert code == 0
    stored = post(101)
    assert (stored.headline, stored.version) == ("عنوان المحرر", edited.version)
    assert OLD_TEXT in stored.body and NEW_TEXT not in stored.body
    assert "changed here and left alone 1" in out
    assert f"{stored.pk}: 101" in out


def test_overwrite_local_changes_replaces_the_content_but_never_the_status(
    client, db, staff, changed_export, run_command
):
    import_wxr(EXPORT)
    edit_in_the_admin(client, staff["editor"], post(101), headline="عنوان المحرر")
    services.article_archive(article=post(101), actor=staff["editor"], reason="أمر قضائي")

    code, out, _err = run_command("import_wxr", str(changed_export), "--overwrite-local-changes")

    assert code == 0, out
    stored = post(101)
    assert stored.headline != "عنوان المحرر" and NEW_TEXT in stored.body
    assert stored.status == Status.ARCHIVED
    revision = Revision.objects.filter(article=stored).first()  # the newest
    assert (revision.created_by, revision.system_actor) == (None, SystemActor.IMPORT_WXR)


def test_every_import_write_names_the_importer(db, changed_export):
    import_wxr(EXPORT)
    created = StatusChange.objects.get(article=post(101))
    assert (created.to_status, created.actor, created.system_actor) == (
        Status.PUBLISHED,
        None,
        SystemActor.IMPORT_WXR,
    )
    assert StatusChange.objects.filter(system_actor=SystemActor.IMPORT_WXR).count() == 5
    import_wxr(changed_export)
    revision = Revision.objects.get(article=post(101))
    assert revision.system_actor == SystemActor.IMPORT_WXR


def test_the_text_import_names_itself_in_the_audit_trail(tmp_path, db):
    path = tmp_path / "a.txt"
    path.write_text(article_text("الرباط: خبر", "هند الفاسي", "فقرة."), encoding="utf-8")
    import_text([path], status="published", root=tmp_path)
    row = StatusChange.objects.get(article__source_id="a.txt")
    assert (row.to_status, row.system_actor) == (Status.PUBLISHED, SystemActor.IMPORT_TEXT)


def test_the_media_import_bumps_the_version_so_an_open_form_is_refused(
    client, db, staff, uploads, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path / "media"
    import_wxr(MEDIA_EXPORT)
    article = post(301)
    opened_at = article.version  # an editor opens the change form now

    import_wxr(MEDIA_EXPORT, media_dir=uploads)

    stored = post(301)
    assert stored.lead_image is not None
    assert stored.version > opened_at
    sign_in(client, staff["editor"])
    response = client.post(
        admin_url("articles_article_change", article.pk),
        change_form(article, opened_at, headline="عنوان من نموذج قديم"),
    )
    assert response.status_code == 200  # refused, the form shown again
    assert post(301).lead_image_id == stored.lead_image_id
    assert post(301).headline == stored.headline


def test_a_media_import_after_a_cms_edit_does_not_hide_the_edit_from_the_next_run(
    client, db, staff, uploads, settings, tmp_path, changed_export
):
    settings.MEDIA_ROOT = tmp_path / "media"
    import_wxr(MEDIA_EXPORT)
    edit_in_the_admin(client, staff["editor"], post(301), headline="عنوان المحرر")
    import_wxr(MEDIA_EXPORT, media_dir=uploads)
    stored = post(301)
    assert stored.version != stored.imported_version  # still "changed here"


def test_a_new_conversion_reaches_posts_imported_with_the_old_one_unless_edited_here(
    client, db, staff, monkeypatch
):
    """Posts imported before a conversion learnt `[gallery]` kept the raw shortcode, and an
    unchanged export skipped them for ever: the conversion's version is in the fingerprint."""
    import articles.importers.wxr.content as content_module
    import articles.importers.wxr.skipper as skipper_module
    from articles.importers.wxr.wp_content import ConvertedContent

    def old_conversion(content, *, pictures=None, post_id=""):
        fresh = real_conversion(content, pictures=pictures, post_id=post_id)
        return ConvertedContent(html=f"<p>{content[-40:]}</p>", conversion=fresh.conversion)

    real_conversion = content_module.wp_content_to_html
    with monkeypatch.context() as old:
        old.setattr(content_module, "wp_content_to_html", old_conversion)
        old.setattr(skipper_module, "CONVERSION_VERSION", b"an older conversion\n")
        import_wxr(EXPORT)
    assert '[gallery ids="41,42"]' in post(101).body
    others = Article.objects.filter(source=SOURCE).exclude(source_id="101")
    edited = edit_in_the_admin(client, staff["editor"], others.first(), headline="عنوان المحرر")

    report = import_wxr(EXPORT)  # the same export, today's conversion

    assert "[gallery" not in post(101).body
    assert report.unchanged == 0
    assert [(edited.pk, edited.source_id)] == report.left_alone
    assert Article.objects.get(pk=edited.pk).headline == "عنوان المحرر"
    third = import_wxr(EXPORT)  # nothing left to convert; the edit is still the newsroom's
    assert third.unchanged == Article.objects.filter(source=SOURCE).count() - 1
    assert third.left_alone == [(edited.pk, edited.source_id)]
