"""Autosave of the article form: the endpoint (staff, second factor, CSRF, size, shape, one
copy per person) and the offer on the change page."""

import json
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from articles.models import Article, Autosave, Status
from articles.services.content import article_update_content
from tests.articles.admin.test_scheduled_updates import form_data
from tests.articles.admin.test_workflow import admin_url, login
from tests.sign_in import sign_in

URL = admin_url("articles_article_autosave")


def send(client, payload, **extra):
    body = payload if isinstance(payload, (str, bytes)) else json.dumps(payload)
    return client.post(URL, body, content_type="application/json", **extra)


def copy_of(article, headline="عنوان لم يحفظ بعد", version=1):
    return {
        "article": article.pk,
        "form": "",
        "version": version,
        "fields": {"headline": headline, "tags": ["3", "4"]},
        "labels": {"tags": {"3": "انتخابات", "4": "طنجة"}},
    }


def offered(client, article):
    response = client.get(admin_url("articles_article_change", article.pk))
    raw = response.context["autosave"]["copy"]
    return json.loads(raw) if raw else None


def test_an_editor_keeps_a_copy_and_the_article_is_untouched(client, staff, make_article):
    article = make_article(headline="العنوان المحفوظ")
    login(client, staff, "editor")

    response = send(client, copy_of(article))

    assert response.status_code == 200
    assert "saved_at" in response.json()
    copy = Autosave.objects.get()
    assert (copy.user, copy.article, copy.article_version) == (staff["editor"], article, 1)
    assert copy.fields["headline"] == "عنوان لم يحفظ بعد"
    article.refresh_from_db()
    assert (article.headline, article.version) == ("العنوان المحفوظ", 1)
    # Sent again: the same row, replaced.
    send(client, copy_of(article, headline="نسخة ثانية"))
    assert Autosave.objects.get().fields["headline"] == "نسخة ثانية"


def test_the_copy_is_offered_back_on_the_change_page(client, staff, make_article):
    article = make_article()
    login(client, staff, "editor")
    send(client, copy_of(article))
    copy = offered(client, article)
    assert copy["fields"]["headline"] == "عنوان لم يحفظ بعد"
    assert copy["labels"]["tags"]["4"] == "طنجة"
    assert copy["older"] is False
    page = client.get(admin_url("articles_article_change", article.pk)).content.decode()
    assert "articles/js/autosave.js" in page
    assert "data-copy=" in page and "&quot;headline&quot;" in page  # escaped in the attribute


def test_a_copy_older_than_the_saved_article_says_so(client, staff, make_article):
    article = make_article()
    login(client, staff, "editor")
    send(client, copy_of(article, version=1))
    article_update_content(article=article, actor=staff["chief"], changes={"standfirst": "أحدث"})
    assert offered(client, article)["older"] is True


def test_saving_the_form_deletes_the_copy(client, staff, make_article):
    article = make_article(status=Status.DRAFT, created_by=staff["reporter"])
    login(client, staff, "reporter")
    send(client, copy_of(article))
    response = client.post(
        admin_url("articles_article_change", article.pk), form_data(article, headline="محفوظ")
    )
    assert response.status_code == 302
    assert not Autosave.objects.exists()


def test_a_new_article_form_keeps_its_copy_by_form_id(client, staff, make_section, make_author):
    login(client, staff, "reporter")
    payload = {
        "article": None,
        "form": "4f1c2a9e-0000-4000-8000-0123456789ab",
        "fields": {"headline": "مسودة جديدة"},
    }
    assert send(client, payload).status_code == 200
    copy = Autosave.objects.get()
    assert (copy.article, copy.form_id) == (None, payload["form"])
    response = client.get(admin_url("articles_article_add"))
    assert json.loads(response.context["autosave"]["copy"])["form"] == payload["form"]
    assert send(client, {**payload, "form": "../../x"}).status_code == 400


def test_one_person_cannot_read_or_overwrite_anothers_copy(client, staff, make_article):
    article = make_article()
    login(client, staff, "editor")
    send(client, copy_of(article, headline="نسخة المحرر"))
    other = sign_in(Client(), staff["chief"])

    assert offered(other, article) is None  # the chief is not offered the editor's copy
    send(other, copy_of(article, headline="نسخة رئيس التحرير"))
    send(other, {"article": article.pk, "discard": True})

    mine = Autosave.objects.get(user=staff["editor"])
    assert mine.fields["headline"] == "نسخة المحرر"
    assert not Autosave.objects.filter(user=staff["chief"]).exists()
    assert offered(client, article)["fields"]["headline"] == "نسخة المحرر"


def test_discard_deletes_only_ones_own_copy(client, staff, make_article):
    article = make_article()
    login(client, staff, "editor")
    send(client, copy_of(article))
    assert send(client, {"article": article.pk, "discard": True}).json() == {"discarded": True}
    assert not Autosave.objects.exists()


@pytest.mark.parametrize(
    "payload",
    [
        "{not json",
        "[1, 2]",
        json.dumps({"article": None, "form": "abcdefgh-1", "fields": "text"}),
        json.dumps({"article": None, "form": "abcdefgh-1", "fields": {"headline": 3}}),
        json.dumps({"article": None, "form": "abcdefgh-1", "fields": {"bad name": "x"}}),
        json.dumps({"article": None, "form": "short", "fields": {"headline": "x"}}),
        json.dumps({"article": None, "form": "abcdefgh-1", "fields": {}, "labels": {"a": 1}}),
        json.dumps({"article": None, "form": "abcdefgh-1", "fields": {}, "version": "1"}),
    ],
    ids=[
        "bad-json",
        "not-object",
        "fields-text",
        "value-number",
        "bad-name",
        "bad-form",
        "labels",
        "version",
    ],
)
def test_bad_input_answers_400_and_stores_nothing(payload, client, staff):
    login(client, staff, "editor")
    assert send(client, payload).status_code == 400
    assert not Autosave.objects.exists()


def test_a_copy_over_the_size_limit_answers_413(client, staff, make_article, settings):
    settings.NEWSROOM_AUTOSAVE_MAX_BYTES = 2000
    article = make_article()
    login(client, staff, "editor")
    assert send(client, copy_of(article, headline="ك" * 2000)).status_code == 413
    assert not Autosave.objects.exists()
    assert send(client, copy_of(article, headline="قصير")).status_code == 200


def test_a_reporter_cannot_keep_a_copy_of_an_article_they_may_not_edit(client, staff, make_article):
    article = make_article()  # published: reporters do not edit it
    login(client, staff, "reporter")
    assert send(client, copy_of(article)).status_code == 403
    assert send(client, {**copy_of(article), "article": 999999}).status_code == 404
    assert not Autosave.objects.exists()


def test_anonymous_visitors_are_sent_to_sign_in(client, make_article):
    response = send(client, copy_of(make_article()))
    assert response.status_code == 302
    assert not Autosave.objects.exists()


def test_without_the_second_factor_nothing_is_stored(client, staff, make_article):
    client.force_login(staff["editor"])  # password only: editors need the second factor
    response = send(client, copy_of(make_article()))
    assert response.status_code == 302
    assert not Autosave.objects.exists()


def test_the_endpoint_needs_the_csrf_token(staff, make_article):
    article = make_article()
    client = sign_in(Client(enforce_csrf_checks=True), staff["editor"])
    assert send(client, copy_of(article)).status_code == 403
    client.get(admin_url("articles_article_change", article.pk))  # sets the CSRF cookie
    token = client.cookies["csrftoken"].value
    assert send(client, copy_of(article), headers={"X-CSRFToken": token}).status_code == 200
    assert Autosave.objects.count() == 1


def test_only_post(client, staff):
    login(client, staff, "editor")
    assert client.get(URL).status_code == 405


def test_the_scheduler_deletes_old_copies(client, staff, make_article):
    article = make_article()
    login(client, staff, "editor")
    send(client, copy_of(article))
    send(client, {"article": None, "form": "abcdefgh-1", "fields": {"headline": "x"}})
    Autosave.objects.filter(article=article).update(saved_at=timezone.now() - timedelta(days=8))
    call_command("publish_scheduled_articles")
    assert list(Autosave.objects.values_list("form_id", flat=True)) == ["abcdefgh-1"]
    assert Article.objects.get(pk=article.pk).version == 1
