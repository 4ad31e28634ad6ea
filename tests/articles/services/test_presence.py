"""Presence: who else has an article's change page open, and since when."""

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from articles.models import EditingSession, Status
from articles.services.presence import FRESH_FOR, editing_session_heartbeat, others_editing
from tests.articles.admin.test_workflow import admin_url, login
from tests.sign_in import sign_in


def test_a_heartbeat_starts_a_session_and_later_ones_keep_its_start(staff, make_article, now):
    article = make_article()
    first = editing_session_heartbeat(article=article, user=staff["editor"], now=now)
    later = editing_session_heartbeat(
        article=article, user=staff["editor"], now=now + timedelta(seconds=30)
    )
    assert later.pk == first.pk
    assert (later.started_at, later.last_seen_at) == (now, now + timedelta(seconds=30))


def test_a_heartbeat_after_a_silence_starts_a_new_session(staff, make_article, now):
    article = make_article()
    editing_session_heartbeat(article=article, user=staff["editor"], now=now)
    back = editing_session_heartbeat(article=article, user=staff["editor"], now=now + FRESH_FOR)
    assert back.started_at == now + FRESH_FOR


def test_others_editing_lists_fresh_sessions_of_other_people(staff, make_article, now):
    article = make_article()
    editing_session_heartbeat(article=article, user=staff["editor"], now=now)
    editing_session_heartbeat(article=article, user=staff["chief"], now=now - FRESH_FOR)
    editing_session_heartbeat(article=article, user=staff["reporter"], now=now)

    seen_by_reporter = others_editing(article=article, user=staff["reporter"], now=now)
    assert [s.user for s in seen_by_reporter] == [staff["editor"]]  # the chief's is stale


PRESENCE_EXPECTED = {"anonymous": 302, "reporter": 200, "editor": 200, "chief": 200}


@pytest.mark.parametrize("role", PRESENCE_EXPECTED)
def test_heartbeat_endpoint_permission_matrix(role, client, staff, make_article):
    article = make_article(status=Status.DRAFT, created_by=staff["reporter"])
    response = login(client, staff, role).post(admin_url("articles_article_presence", article.pk))
    assert response.status_code == PRESENCE_EXPECTED[role]
    assert EditingSession.objects.filter(article=article).exists() == (role != "anonymous")


def test_a_reporter_cannot_heartbeat_someone_elses_article(client, staff, make_article):
    article = make_article(status=Status.DRAFT, created_by=staff["editor"])
    response = login(client, staff, "reporter").post(
        admin_url("articles_article_presence", article.pk)
    )
    assert response.status_code == 404  # the reporter does not even see it
    assert not EditingSession.objects.exists()


def test_heartbeat_is_post_only_and_csrf_protected(staff, make_article):
    article = make_article()
    client = Client(enforce_csrf_checks=True)
    sign_in(client, staff["editor"])
    url = admin_url("articles_article_presence", article.pk)
    assert client.get(url).status_code == 405
    assert client.post(url).status_code == 403  # no CSRF token
    assert not EditingSession.objects.exists()


def test_the_heartbeat_answers_who_else_is_editing(client, staff, make_article):
    article = make_article()
    staff["chief"].first_name = "نادية"
    staff["chief"].save()
    started = timezone.now()
    editing_session_heartbeat(article=article, user=staff["chief"], now=started)
    response = login(client, staff, "editor").post(
        admin_url("articles_article_presence", article.pk)
    )
    [line] = response.json()["others"]
    assert "نادية" in line
    assert timezone.localtime(started).strftime("%H:%M") in line


def test_the_change_page_shows_who_else_is_editing(client, staff, make_article):
    article = make_article()
    editing_session_heartbeat(article=article, user=staff["chief"])
    page = login(client, staff, "editor").get(admin_url("articles_article_change", article.pk))
    html = page.content.decode()
    assert staff["chief"].username in html
    assert 'data-presence-url="' + admin_url("articles_article_presence", article.pk) in html
    assert "articles/js/editing-presence.js" in html


def test_leaving_the_page_ends_the_session(client, staff, make_article):
    article = make_article()
    editing_session_heartbeat(article=article, user=staff["editor"])
    login(client, staff, "editor").post(
        admin_url("articles_article_presence", article.pk), {"leave": "1"}
    )
    assert not EditingSession.objects.exists()


def test_a_reporter_reading_a_published_article_sends_no_heartbeat(client, staff, make_article):
    article = make_article(status=Status.PUBLISHED, created_by=staff["editor"])
    page = login(client, staff, "reporter").get(admin_url("articles_article_change", article.pk))
    html = page.content.decode()
    assert page.status_code == 200
    assert "data-presence-url" not in html
    assert reverse("articles:preview", args=[article.pk]) not in html  # not theirs to preview
