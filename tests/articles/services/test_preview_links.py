"""Preview links end with a publication, a take-down or an editor's revocation
(articles/services/preview_links.py)."""

from datetime import timedelta

import pytest
from django.contrib.messages import get_messages
from django.core import signing
from django.urls import reverse
from django.utils import timezone

from articles import services
from articles.exceptions import TransitionNotPermitted
from articles.models import PreviewLinkRevocation, Status
from articles.services.preview_links import SALT, preview_links_revoke, preview_token_create
from tests.articles.admin.test_workflow import admin_url, login

HEADLINE = "مقال قيد المعاينة"


def link(article):
    return reverse("articles:preview-link", args=[preview_token_create(article=article)])


def shows_the_article(client, url):
    response = client.get(url)
    return response.status_code == 200 and HEADLINE in response.content.decode()


@pytest.fixture
def scheduled(make_article):
    return make_article(
        status=Status.SCHEDULED,
        publish_at=timezone.now() + timedelta(days=1),
        headline=HEADLINE,
    )


def test_a_link_stops_working_once_the_article_is_taken_down_even_back_in_draft(
    client, staff, scheduled
):
    url = link(scheduled)
    assert shows_the_article(client, url)

    services.article_archive(article=scheduled, actor=staff["editor"], reason="أمر قضائي")
    taken_down = client.get(url)
    services.article_return_to_draft(article=scheduled, actor=staff["editor"], note="للمراجعة")
    back_in_draft = client.get(url)

    for response in (taken_down, back_in_draft):
        assert response.status_code == 410
        assert HEADLINE not in response.content.decode()
        assert "لم يعد رابط المعاينة هذا صالحًا" in response.content.decode()
    # A link made now, in draft, works again.
    assert shows_the_article(client, link(scheduled))


def test_a_link_stops_working_once_the_article_is_published(client, staff, make_article):
    article = make_article(status=Status.IN_REVIEW, publish_at=None, headline=HEADLINE)
    url = link(article)
    assert shows_the_article(client, url)

    services.article_publish(article=article, actor=staff["editor"])

    assert client.get(url).status_code == 410


def test_an_editor_revokes_every_link_of_an_article_from_the_admin(client, staff, scheduled):
    first, second = link(scheduled), link(scheduled)

    response = login(client, staff, "editor").post(
        admin_url("articles_article_preview_links_revoke", scheduled.pk)
    )

    assert response.status_code == 302
    [message] = [str(m) for m in get_messages(response.wsgi_request)]
    assert "توقفت كل روابط المعاينة" in message
    client.logout()
    assert client.get(first).status_code == 410
    assert client.get(second).status_code == 410
    assert shows_the_article(client, link(scheduled))
    [revocation] = PreviewLinkRevocation.objects.filter(article=scheduled)
    assert revocation.revoked_by == staff["editor"]
    # The change page says who revoked them last, and when.
    page = login(client, staff, "editor").get(admin_url("articles_article_change", scheduled.pk))
    assert "آخر إلغاء: " + staff["editor"].get_username() in page.content.decode()


def test_the_change_page_offers_the_revoke_button_to_editors(client, staff, scheduled):
    page = login(client, staff, "editor").get(admin_url("articles_article_change", scheduled.pk))
    assert admin_url("articles_article_preview_links_revoke", scheduled.pk) in page.content.decode()


# The reporter does not own the article: the admin does not show it to them at all.
REFUSED = {"anonymous": 302, "reporter": 404}


@pytest.mark.parametrize("role", REFUSED)
def test_only_editors_revoke_links(role, client, staff, scheduled):
    url = link(scheduled)
    response = login(client, staff, role).post(
        admin_url("articles_article_preview_links_revoke", scheduled.pk)
    )
    assert response.status_code == REFUSED[role]
    if role == "reporter":
        with pytest.raises(TransitionNotPermitted):
            preview_links_revoke(article=scheduled, actor=staff["reporter"])
    client.logout()
    assert not PreviewLinkRevocation.objects.exists()
    assert shows_the_article(client, url)


def test_revoking_is_post_only(client, staff, scheduled):
    response = login(client, staff, "editor").get(
        admin_url("articles_article_preview_links_revoke", scheduled.pk)
    )
    assert response.status_code == 405


def test_a_link_made_before_generations_existed_counts_as_revoked(client, scheduled):
    old = signing.dumps(
        {"a": scheduled.pk, "e": int(timezone.now().timestamp()) + 3600}, salt=SALT, compress=True
    )
    assert client.get(reverse("articles:preview-link", args=[old])).status_code == 410
