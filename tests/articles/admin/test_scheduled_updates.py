"""Scheduled updates in the admin: "save as a scheduled update" on the change form, the pending
list with cancel buttons, and the list of every update."""

from datetime import timedelta

import pytest
from django.contrib.messages import get_messages
from django.test import Client
from django.utils import timezone

from articles.models import Article, Byline, ScheduledUpdate, ScheduledUpdateState, Status
from articles.services.scheduled_updates import scheduled_update_create
from tests.articles.admin.test_workflow import admin_url, article_form_data, login
from tests.sign_in import sign_in


def form_data(article, **overrides):
    byline = Byline.objects.get(article=article)
    return article_form_data(
        article.section,
        byline.author,
        loaded_version=str(Article.objects.get(pk=article.pk).version),
        body=article.body,
        slug=article.slug,
        dateline=article.dateline,
        **{"bylines-INITIAL_FORMS": "1", "bylines-0-id": byline.pk},
        **overrides,
    )


def local_input(moment):
    return timezone.localtime(moment).strftime("%Y-%m-%dT%H:%M")


def schedule(client, article, go_live_at, **overrides):
    data = form_data(
        article,
        _schedule_update="1",
        update_go_live_at=local_input(go_live_at) if go_live_at else "",
        **overrides,
    )
    return client.post(admin_url("articles_article_change", article.pk), data)


def pending(article, editor, minutes=60):
    now = timezone.now()
    return scheduled_update_create(
        article=article,
        actor=editor,
        changes={"headline": "عنوان مبرمج"},
        go_live_at=now + timedelta(minutes=minutes),
        now=now,
    )


def test_an_editor_saves_a_change_as_a_scheduled_update(client, staff, make_article):
    article = make_article(headline="العنوان المنشور")
    login(client, staff, "editor")
    page = client.get(admin_url("articles_article_change", article.pk)).content.decode()
    assert 'name="_schedule_update"' in page
    assert 'name="update_go_live_at"' in page
    go_live_at = timezone.now() + timedelta(hours=3)

    response = schedule(client, article, go_live_at, headline="العنوان في التاسعة")

    assert response.status_code == 302
    assert response["Location"] == admin_url("articles_article_change", article.pk)
    article.refresh_from_db()
    assert article.headline == "العنوان المنشور"  # unchanged until the time
    update = ScheduledUpdate.objects.get()
    assert update.state == ScheduledUpdateState.PENDING
    assert update.created_by == staff["editor"]
    assert set(update.changes) == {"headline"}
    assert update.changes["headline"]["after"] == "العنوان في التاسعة"
    assert update.go_live_at == go_live_at.replace(second=0, microsecond=0)
    assert [m.level_tag for m in get_messages(response.wsgi_request)] == ["success"]


@pytest.mark.parametrize("when", [None, "past"])
def test_a_scheduled_update_needs_a_time_in_the_future(when, client, staff, make_article):
    article = make_article(headline="العنوان المنشور")
    login(client, staff, "editor")
    go_live_at = timezone.now() - timedelta(hours=1) if when else None

    response = schedule(client, article, go_live_at, headline="جديد")

    assert response.status_code == 200
    assert response.context["adminform"].form.errors["update_go_live_at"]
    assert not ScheduledUpdate.objects.exists()
    assert Article.objects.get(pk=article.pk).headline == "العنوان المنشور"


def test_a_form_changing_nothing_schedules_nothing(client, staff, make_article):
    article = make_article(headline="العنوان المنشور")
    login(client, staff, "editor")
    response = schedule(
        client, article, timezone.now() + timedelta(hours=1), headline="العنوان المنشور"
    )
    assert response.status_code == 302
    assert not ScheduledUpdate.objects.exists()
    assert any(m.level_tag == "error" for m in get_messages(response.wsgi_request))


def test_no_schedule_button_on_a_draft(client, staff, make_article):
    article = make_article(status=Status.DRAFT)
    login(client, staff, "editor")
    page = client.get(admin_url("articles_article_change", article.pk)).content.decode()
    assert 'name="_schedule_update"' not in page
    response = schedule(client, article, timezone.now() + timedelta(hours=1), headline="آخر")
    assert response.status_code == 200
    assert not ScheduledUpdate.objects.exists()


def test_the_change_page_lists_pending_updates_with_a_cancel_button(client, staff, make_article):
    article = make_article()
    update = pending(article, staff["editor"])
    login(client, staff, "chief")
    page = client.get(admin_url("articles_article_change", article.pk)).content.decode()
    cancel_url = admin_url("articles_article_scheduled_update_cancel", article.pk, update.pk)
    assert f'action="{cancel_url}"' in page

    assert client.get(cancel_url).status_code == 405
    response = client.post(cancel_url)

    assert response.status_code == 302
    update.refresh_from_db()
    assert update.state == ScheduledUpdateState.CANCELLED
    assert update.closed_by == staff["chief"]


def test_cancelling_needs_the_csrf_token(staff, make_article):
    article = make_article()
    update = pending(article, staff["editor"])
    client = sign_in(Client(enforce_csrf_checks=True), staff["editor"])
    url = admin_url("articles_article_scheduled_update_cancel", article.pk, update.pk)
    assert client.post(url).status_code == 403
    assert ScheduledUpdate.objects.get(pk=update.pk).state == ScheduledUpdateState.PENDING


def test_a_reporter_cannot_cancel(client, staff, make_article):
    article = make_article()
    update = pending(article, staff["editor"])
    login(client, staff, "reporter")
    url = admin_url("articles_article_scheduled_update_cancel", article.pk, update.pk)
    assert client.post(url).status_code == 403
    assert ScheduledUpdate.objects.get(pk=update.pk).state == ScheduledUpdateState.PENDING


@pytest.mark.parametrize(("role", "expected"), [("reporter", 403), ("editor", 200), ("chief", 200)])
def test_the_list_of_scheduled_updates(role, expected, client, staff, make_article):
    article = make_article(headline="مقال له تحديث")
    pending(article, staff["editor"])
    response = login(client, staff, role).get(admin_url("articles_scheduledupdate_changelist"))
    assert response.status_code == expected
    if expected == 200:
        assert "مقال له تحديث" in response.content.decode()


def test_an_editor_moves_an_update_to_another_time_in_the_list(client, staff, make_article):
    article = make_article()
    update = pending(article, staff["editor"])
    later = timezone.now() + timedelta(hours=5)
    login(client, staff, "editor")
    url = admin_url("articles_scheduledupdate_change", update.pk)
    response = client.post(url, {"go_live_at": local_input(later), "substantive": ""})
    assert response.status_code == 302
    assert ScheduledUpdate.objects.get(pk=update.pk).go_live_at == later.replace(
        second=0, microsecond=0
    )
    past = client.post(
        url, {"go_live_at": local_input(timezone.now() - timedelta(hours=1)), "substantive": ""}
    )
    assert past.status_code == 200
    assert ScheduledUpdate.objects.get(pk=update.pk).go_live_at == later.replace(
        second=0, microsecond=0
    )
