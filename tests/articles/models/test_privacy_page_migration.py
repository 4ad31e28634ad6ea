"""Migration 0037: the privacy page (law 09-08) to fill in, linked once published."""

import importlib

from django.core.cache import cache
from django.urls import reverse

from articles.models import Page, PageStatus
from articles.models.page import PRIVACY_PAGE_SLUG
from articles.services.pages import page_publish

migration = importlib.import_module("articles.migrations.0037_privacy_page")


def test_the_privacy_page_is_a_draft_saying_what_is_kept_and_whom_to_ask(db):
    page = Page.objects.get(slug=PRIVACY_PAGE_SLUG)
    assert migration.PRIVACY_PAGE_SLUG == PRIVACY_PAGE_SLUG
    assert page.status == PageStatus.DRAFT  # never public with placeholders in it
    for subject in ["09.08", "المسؤول عن المعالجة", "التعليقات", "البريد الإلكتروني", "30 يوما"]:
        assert subject in page.body, subject
    assert "كوكي" in page.body  # readers are told no cookie is set
    # The responsible body, the CNDP declaration, the logs' retention and the contact address.
    assert page.body.count("[يُملأ:") == 4


def test_the_comment_form_links_to_the_privacy_page_once_it_is_published(
    client, make_article, comments_on, staff, django_capture_on_commit_callbacks
):
    cache.clear()
    article = make_article()
    html = client.get(article.get_absolute_url()).content.decode()
    assert 'class="comment-form"' in html
    assert "ما نحفظه ولماذا" not in html  # a draft is linked from nowhere

    page = Page.objects.get(slug=PRIVACY_PAGE_SLUG)
    with django_capture_on_commit_callbacks(execute=True):
        page_publish(page=page, actor=staff["editor"])
    html = client.get(article.get_absolute_url()).content.decode()
    assert f'<a href="{page.get_absolute_url()}">ما نحفظه ولماذا</a>' in html
    assert html.count(page.get_absolute_url()) == 2  # the form's link and the footer's
    assert client.get(page.get_absolute_url()).status_code == 200
    assert reverse("articles:comment-post", args=[article.pk]) in html
