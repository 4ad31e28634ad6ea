"""No lost work: the second of two saves of the same article is refused, its text kept."""

from django.test import Client
from django.utils import timezone

from articles import services
from articles.models import Article, Byline, Revision, Status
from tests.articles.admin.test_workflow import admin_url, article_form_data
from tests.sign_in import sign_in


def form_data(article, loaded_version, **overrides):
    byline = Byline.objects.get(article=article)
    return article_form_data(
        article.section,
        byline.author,
        loaded_version=str(loaded_version),
        **{"bylines-INITIAL_FORMS": "1", "bylines-0-id": byline.pk},
        **overrides,
    )


def test_the_change_form_carries_the_version_it_was_loaded_at(admin_client, make_article):
    article = make_article()
    Article.objects.filter(pk=article.pk).update(version=7)
    page = admin_client.get(admin_url("articles_article_change", article.pk)).content.decode()
    assert 'name="loaded_version" value="7"' in page


def test_the_second_of_two_saves_is_refused_naming_the_first(staff, make_article):
    article = make_article(status=Status.DRAFT)
    first, second = Client(), Client()
    sign_in(first, staff["editor"])
    sign_in(second, staff["chief"])
    staff["editor"].first_name = "ليلى"
    staff["editor"].save()
    url = admin_url("articles_article_change", article.pk)
    # Both open the page at version 1.
    assert 'name="loaded_version" value="1"' in first.get(url).content.decode()
    assert 'name="loaded_version" value="1"' in second.get(url).content.decode()

    saved = first.post(url, form_data(article, 1, headline="عنوان المحررة الأولى"))
    assert saved.status_code == 302
    refused = second.post(
        url, form_data(article, 1, headline="عنوان الثاني", standfirst="مقدمة كتبها الثاني")
    )

    assert refused.status_code == 200
    page = refused.content.decode()
    assert "ليلى" in page  # who saved first
    stored = Article.objects.get(pk=article.pk)
    assert timezone.localtime(stored.modified_at).strftime("%H:%M") in page  # when
    assert 'value="عنوان الثاني"' in page  # what the second person typed is still there
    assert "مقدمة كتبها الثاني" in page
    # The database holds the first save only.
    assert stored.headline == "عنوان المحررة الأولى"
    assert stored.standfirst == ""
    assert stored.version == 2
    assert Revision.objects.filter(article=article).count() == 1
    # The re-displayed form carries the current version: saving again replaces knowingly.
    assert 'name="loaded_version" value="2"' in page


def test_saving_again_after_the_refusal_replaces_the_first_save(staff, make_article):
    article = make_article(status=Status.DRAFT)
    client = Client()
    sign_in(client, staff["chief"])
    url = admin_url("articles_article_change", article.pk)
    Article.objects.filter(pk=article.pk).update(version=2)
    assert client.post(url, form_data(article, 1, headline="ثانيا")).status_code == 200
    assert client.post(url, form_data(article, 2, headline="ثانيا")).status_code == 302
    stored = Article.objects.get(pk=article.pk)
    assert (stored.headline, stored.version, stored.last_edited_by) == ("ثانيا", 3, staff["chief"])


def test_a_workflow_move_does_not_make_an_open_form_conflict(staff, make_draft):
    article = make_draft(created_by=staff["reporter"])
    services.article_submit_for_review(article=article, actor=staff["reporter"])
    client = Client()
    sign_in(client, staff["editor"])
    response = client.post(
        admin_url("articles_article_change", article.pk), form_data(article, 1, headline="جديد")
    )
    assert response.status_code == 302
    stored = Article.objects.get(pk=article.pk)
    assert (stored.headline, stored.status) == ("جديد", Status.IN_REVIEW)


def test_services_record_the_last_editor_but_not_a_new_version(staff, make_draft):
    article = make_draft(created_by=staff["reporter"])
    services.article_submit_for_review(article=article, actor=staff["reporter"])
    stored = Article.objects.get(pk=article.pk)
    assert stored.last_edited_by == staff["reporter"]
    assert stored.version == 1
