"""Previews: staff see any state through the reader's template; signed links for outsiders."""

import re
import time

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from articles.models import Status
from articles.services.preview_links import (
    PreviewLinkExpired,
    PreviewLinkInvalid,
    preview_token_article_id,
    preview_token_create,
)
from tests.articles.admin.test_workflow import admin_url, login


def preview_url(article):
    return reverse("articles:preview", args=[article.pk])


@pytest.fixture
def drafts(staff, make_article):
    return {
        "own": make_article(status=Status.DRAFT, created_by=staff["reporter"], headline="مسودتي"),
        "other": make_article(status=Status.IN_REVIEW, created_by=staff["editor"]),
    }


EXPECTED = {
    ("anonymous", "own"): 302,
    ("anonymous", "other"): 302,
    ("reporter", "own"): 200,
    ("reporter", "other"): 403,
    ("editor", "own"): 200,
    ("editor", "other"): 200,
    ("chief", "own"): 200,
    ("chief", "other"): 200,
}


@pytest.mark.parametrize(("role", "which"), EXPECTED)
def test_staff_preview_permission_matrix(role, which, client, staff, drafts):
    response = login(client, staff, role).get(preview_url(drafts[which]))
    assert response.status_code == EXPECTED[(role, which)]
    if role == "anonymous":
        assert "/login/" in response["Location"]


def test_a_preview_uses_the_readers_template_with_a_banner_and_noindex(client, staff, drafts):
    response = login(client, staff, "reporter").get(preview_url(drafts["own"]))
    page = response.content.decode()
    assert [t.name for t in response.templates][:2] == [
        "articles/article_preview.html",
        "articles/article_detail.html",
    ]
    assert 'class="article__headline">مسودتي<' in page
    assert drafts["own"].body in page
    assert 'class="preview-banner"' in page
    assert '<meta name="robots" content="noindex, nofollow">' in page
    assert 'rel="canonical"' not in page
    assert response["X-Robots-Tag"] == "noindex, nofollow"
    cache_control = response["Cache-Control"]
    assert "private" in cache_control and "no-store" in cache_control


def test_a_preview_of_a_missing_article_is_404(client, staff):
    response = login(client, staff, "editor").get(reverse("articles:preview", args=[999999]))
    assert response.status_code == 404


def test_the_public_page_still_refuses_the_draft(client, drafts):
    response = client.get(drafts["own"].get_absolute_url())
    assert response.status_code == 404


# Signed links.


def test_a_signed_link_shows_the_draft_to_anyone_until_it_expires(client, drafts):
    token = preview_token_create(article=drafts["own"])
    response = client.get(reverse("articles:preview-link", args=[token]))
    assert response.status_code == 200
    assert "مسودتي" in response.content.decode()
    assert response["X-Robots-Tag"] == "noindex, nofollow"
    assert "no-store" in response["Cache-Control"]


def test_a_link_is_valid_for_48_hours_by_default(drafts):
    issued = 1_800_000_000
    token = preview_token_create(article=drafts["own"], now=issued)
    assert preview_token_article_id(token, now=issued + 48 * 3600 - 1) == drafts["own"].pk
    with pytest.raises(PreviewLinkExpired):
        preview_token_article_id(token, now=issued + 48 * 3600)


def test_the_lifetime_comes_from_the_setting(settings, drafts):
    settings.NEWSROOM_PREVIEW_MAX_AGE = 60
    issued = 1_800_000_000
    token = preview_token_create(article=drafts["own"], now=issued)
    assert preview_token_article_id(token, now=issued + 59) == drafts["own"].pk
    with pytest.raises(PreviewLinkExpired):
        preview_token_article_id(token, now=issued + 60)


def test_an_expired_link_answers_a_clear_arabic_page(client, drafts):
    token = preview_token_create(article=drafts["own"], now=time.time() - 49 * 3600)
    response = client.get(reverse("articles:preview-link", args=[token]))
    assert response.status_code == 403
    page = response.content.decode()
    assert "مسودتي" not in page
    assert 'lang="ar-ma"' in page and 'dir="rtl"' in page
    assert "انتهت صلاحية رابط المعاينة" in page


@pytest.mark.parametrize("tamper", ["flip", "other_key", "garbage"])
def test_a_tampered_link_is_404(tamper, client, settings, drafts):
    token = preview_token_create(article=drafts["own"])
    if tamper == "flip":
        token = token[:-3] + ("AAA" if not token.endswith("AAA") else "BBB")
    elif tamper == "other_key":
        settings.SECRET_KEY = "another-key-" * 5
        token = preview_token_create(article=drafts["own"])
        settings.SECRET_KEY = "dev-only-insecure-key-never-in-production"
    else:
        token = "not-a-token"
    with pytest.raises(PreviewLinkInvalid):
        preview_token_article_id(token)
    response = client.get(reverse("articles:preview-link", args=[token]))
    assert response.status_code == 404
    assert "مسودتي" not in response.content.decode()


LINK_EXPECTED = {"anonymous": 302, "reporter": 403, "editor": 302, "chief": 302}


@pytest.mark.parametrize("role", LINK_EXPECTED)
def test_creating_a_preview_link_permission_matrix(role, client, staff, drafts):
    response = login(client, staff, role).post(
        admin_url("articles_article_preview_link", drafts["own"].pk)
    )
    assert response.status_code == LINK_EXPECTED[role]
    messages = [str(m) for m in get_messages(response.wsgi_request)]
    if role in ("editor", "chief"):
        [message] = messages
        link = re.search(r"http://testserver/\S+", message).group(0)
        assert "/preview/link/" in link
        client.logout()
        assert "مسودتي" in client.get(link).content.decode()
    else:
        assert not any("/preview/link/" in m for m in messages)


def test_creating_a_link_is_post_only(client, staff, drafts):
    response = login(client, staff, "editor").get(
        admin_url("articles_article_preview_link", drafts["own"].pk)
    )
    assert response.status_code == 405
