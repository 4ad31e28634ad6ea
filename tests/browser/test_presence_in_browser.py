"""The editing-presence script in a real browser (Debian's chromium): once the session has
ended (the heartbeat does not keep it alive), the page stops sending heartbeats."""

from datetime import timedelta

import pytest
from django.contrib.sessions.models import Session
from django.urls import reverse
from django.utils import timezone

from articles.models import Status
from articles.services import presence
from tests.browser_fixtures import sign_in_through_the_forms

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_heartbeat_stops_once_the_session_has_ended(
    watched_page, live_server, make_staff_user, make_article, monkeypatch
):
    monkeypatch.setattr(presence, "HEARTBEAT_SECONDS", 1)
    editor = make_staff_user(role="editor")
    article = make_article(status=Status.DRAFT, created_by=editor)
    page = watched_page.page
    sign_in_through_the_forms(page, live_server.url, editor)
    beats = []
    page.on("request", lambda request: "/presence/" in request.url and beats.append(request))

    page.goto(live_server.url + reverse("admin:articles_article_change", args=[article.pk]))
    page.wait_for_timeout(2500)
    assert len(beats) >= 2
    # The idle timeout passes while the page is open.
    Session.objects.update(expire_date=timezone.now() - timedelta(seconds=1))
    page.wait_for_timeout(2500)
    after_sign_out = len(beats)
    page.wait_for_timeout(3000)

    assert len(beats) == after_sign_out
