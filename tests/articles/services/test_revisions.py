"""History: a revision on every save, comparison and restore (service and admin)."""

import pytest
from django.contrib.messages import get_messages

from articles.exceptions import TransitionNotPermitted
from articles.models import Article, Byline, Revision, Status, StatusChange
from articles.search import article_search_text
from articles.services.revisions import article_restore_revision, revision_create
from articles.services.tags import tag_merge
from tests.articles.admin.test_workflow import admin_url, article_form_data, login


def edit(client, article, **overrides):
    byline = Byline.objects.get(article=article)
    data = article_form_data(
        article.section,
        byline.author,
        loaded_version=str(Article.objects.get(pk=article.pk).version),
        **{"bylines-INITIAL_FORMS": "1", "bylines-0-id": byline.pk},
        **overrides,
    )
    return client.post(admin_url("articles_article_change", article.pk), data)


def test_adding_an_article_in_the_admin_stores_its_first_revision(
    client, staff, make_section, make_author
):
    section, author = make_section(), make_author()
    response = login(client, staff, "reporter").post(
        admin_url("articles_article_add"), article_form_data(section, author, loaded_version="")
    )
    assert response.status_code == 302
    revision = Revision.objects.get()
    assert revision.number == 1
    assert revision.created_by == staff["reporter"]
    assert revision.content["headline"] == "عنوان جديد من المراسل"
    assert revision.content["body"] == "<p>نص المقال</p>"  # what was stored, sanitised
    assert revision.content["section_id"] == section.pk
    assert revision.content["author_ids"] == [author.pk]


def test_every_save_of_the_change_form_stores_a_revision(client, staff, make_article):
    article = make_article(status=Status.DRAFT, created_by=staff["reporter"])
    login(client, staff, "reporter")
    assert edit(client, article, headline="العنوان الأول").status_code == 302
    assert edit(client, article, headline="العنوان الثاني").status_code == 302

    revisions = list(Revision.objects.filter(article=article).order_by("number"))
    assert [r.number for r in revisions] == [1, 2]
    assert [r.content["headline"] for r in revisions] == ["العنوان الأول", "العنوان الثاني"]
    assert [r.article_version for r in revisions] == [2, 3]
    assert Article.objects.get(pk=article.pk).version == 3


def test_revision_create_is_the_call_for_importers(make_article, make_tag):
    tag = make_tag()
    article = make_article(tags=[tag])
    revision = revision_create(article=article, actor=None, note="WordPress import")
    assert (revision.number, revision.created_by, revision.note) == (1, None, "WordPress import")
    assert revision.content["tag_ids"] == [tag.pk]
    assert revision_create(article=article).number == 2


def test_restore_brings_back_content_and_is_a_new_revision_and_an_audit_row(
    staff, make_article, make_author, make_tag
):
    first_author, second_author, tag = make_author(), make_author(), make_tag()
    article = make_article(headline="الأصل", authors=[first_author], tags=[tag])
    old = revision_create(article=article, actor=staff["reporter"])
    article.headline, article.body = "المعدل", "<p>متن آخر</p>"
    article.save()
    article.tags.clear()
    Byline.objects.filter(article=article).update(author=second_author)
    revision_create(article=article, actor=staff["reporter"])
    version_before = Article.objects.get(pk=article.pk).version

    new = article_restore_revision(article=article, revision=old, actor=staff["editor"])

    stored = Article.objects.get(pk=article.pk)
    assert stored.headline == "الأصل"
    assert stored.body == old.content["body"]
    assert list(stored.tags.all()) == [tag]
    assert [b.author for b in stored.bylines.all()] == [first_author]
    assert stored.status == Status.PUBLISHED  # the workflow state does not move
    assert stored.version == version_before + 1
    assert stored.last_edited_by == staff["editor"]
    assert (new.number, new.created_by) == (3, staff["editor"])
    assert new.content["headline"] == "الأصل"
    audit = StatusChange.objects.get(article=article)
    assert (audit.from_status, audit.to_status, audit.actor) == (
        Status.PUBLISHED,
        Status.PUBLISHED,
        staff["editor"],
    )
    assert audit.note.startswith("استُرجعت النسخة رقم 1 ")  # "Restored revision #1 of …"


@pytest.mark.parametrize("role", ["anonymous", "reporter"])
def test_only_editors_restore(role, staff, make_article):
    article = make_article(headline="الأصل", created_by=staff["reporter"])
    old = revision_create(article=article)
    Article.objects.filter(pk=article.pk).update(headline="المعدل")
    with pytest.raises(TransitionNotPermitted):
        article_restore_revision(article=article, revision=old, actor=staff[role])
    assert Article.objects.get(pk=article.pk).headline == "المعدل"
    assert not StatusChange.objects.exists()


# The admin pages of the history against every role.

HISTORY_PAGES = {
    "revisions": lambda a: admin_url("articles_article_revisions", a.pk),
    "compare": lambda a: admin_url("articles_article_compare", a.pk, query="?old=1&new=2"),
    "restore_form": lambda a: admin_url("articles_article_restore", a.pk, 1),
}
EXPECTED = {"anonymous": 302, "reporter": 403, "editor": 200, "chief": 200}


@pytest.fixture
def article_with_history(staff, make_article):
    article = make_article(status=Status.DRAFT, created_by=staff["reporter"], headline="قبل")
    revision_create(article=article, actor=staff["reporter"])
    # Written past save() on purpose: a body no sanitiser has seen, to prove the pages escape it.
    body = '<p>نص <script>alert("x")</script>جديد &amp; <b>مهم</b></p>'
    Article.objects.filter(pk=article.pk).update(
        headline="بعد", body=body, search_text=article_search_text("", body)
    )
    revision_create(article=article, actor=staff["reporter"])
    return article


@pytest.mark.parametrize("page", HISTORY_PAGES)
@pytest.mark.parametrize("role", EXPECTED)
def test_history_pages_permission_matrix(page, role, client, staff, article_with_history):
    response = login(client, staff, role).get(HISTORY_PAGES[page](article_with_history))
    assert response.status_code == EXPECTED[role]
    if role == "anonymous":
        assert "/login/" in response["Location"]


def test_restoring_a_revision_from_before_a_merge_gives_the_kept_tag(staff, make_article, make_tag):
    merged, kept, other = make_tag("الامن"), make_tag("الأمن الوطني"), make_tag("الرباط")
    article = make_article(headline="الأصل", tags=[merged, other])
    old = revision_create(article=article, actor=staff["reporter"])
    tag_merge(source=merged, target=kept, actor=staff["editor"])
    article.tags.set([other])
    article.headline = "المعدل"
    article.save()
    revision_create(article=article, actor=staff["reporter"])

    new = article_restore_revision(article=article, revision=old, actor=staff["editor"])

    assert set(Article.objects.get(pk=article.pk).tags.all()) == {kept, other}
    assert new.content["tag_ids"] == sorted([kept.pk, other.pk])


@pytest.mark.parametrize("role", EXPECTED)
def test_restore_through_the_admin_permission_matrix(role, client, staff, article_with_history):
    response = login(client, staff, role).post(
        admin_url("articles_article_restore", article_with_history.pk, 1)
    )
    restored = Article.objects.get(pk=article_with_history.pk).headline == "قبل"
    assert restored == (role in ("editor", "chief"))
    assert response.status_code == {"anonymous": 302, "reporter": 403}.get(role, 302)
    if restored:
        assert [m.level_tag for m in get_messages(response.wsgi_request)] == ["success"]
        assert StatusChange.objects.filter(article=article_with_history).count() == 1
        assert Revision.objects.filter(article=article_with_history).count() == 3


def test_compare_shows_the_word_diff_with_everything_escaped(client, staff, article_with_history):
    response = login(client, staff, "editor").get(HISTORY_PAGES["compare"](article_with_history))
    page = response.content.decode()
    assert "<del>قبل</del><ins>بعد</ins>" in page
    assert "<script>alert" not in page
    assert "&lt;script&gt;" not in page  # the body is compared as text: tags are gone
    assert "alert(&quot;x&quot;)" in page  # its text, escaped
    assert "&amp;" in page


def test_compare_of_a_missing_revision_is_404(client, staff, article_with_history):
    response = login(client, staff, "editor").get(
        admin_url("articles_article_compare", article_with_history.pk, query="?old=1&new=9")
    )
    assert response.status_code == 404


def test_the_change_page_links_editors_to_the_history(client, staff, article_with_history):
    url = admin_url("articles_article_change", article_with_history.pk)
    revisions = admin_url("articles_article_revisions", article_with_history.pk)
    assert revisions in login(client, staff, "editor").get(url).content.decode()
    client.logout()
    assert revisions not in login(client, staff, "reporter").get(url).content.decode()
