"""The newspaper's pages at /page/<slug>/: published only, with title, canonical link and
description, in Arabic and right to left, in a pinned number of queries."""

import pytest
from django.core.cache import cache

from articles.models import Page, PageRedirect, SiteSettings
from articles.public import navigation
from articles.services.pages import page_create, page_publish, page_update


@pytest.fixture
def about(staff):
    page = page_create(
        actor=staff["editor"],
        title="من نحن",
        slug="من-نحن",
        body="<p>جريدة إلكترونية مغربية تتجدد على مدار الساعة.</p>",
    )
    return page_publish(page=page, actor=staff["editor"])


def test_a_published_page_renders_with_title_canonical_and_description(client, about):
    response = client.get(about.get_absolute_url())
    html = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="ar-ma" dir="rtl">' in html
    assert "<title>من نحن | " in html
    assert (
        '<link rel="canonical" href="http://testserver/page/%D9%85%D9%86-%D9%86%D8%AD%D9%86/">'
        in html
    )
    assert '<meta name="description" content="جريدة إلكترونية مغربية' in html
    assert "آخر تحديث" in html
    # Its own footer link is marked as the current page.
    assert f'href="{about.get_absolute_url()}" aria-current="page"' in html


def test_anonymous_readers_get_404_for_a_draft_page(client, staff):
    page_create(actor=staff["reporter"], title="مسودة صفحة", slug="مسودة-صفحة")
    response = client.get("/page/مسودة-صفحة/")
    assert response.status_code == 404
    assert "مسودة صفحة" not in response.content.decode()
    assert client.get("/page/لا-توجد/").status_code == 404


def test_the_legal_notice_waits_as_a_draft_until_filled_in(db, client):
    page = Page.objects.get(slug="البيانات-القانونية")
    assert client.get(page.get_absolute_url()).status_code == 404


def test_a_page_costs_one_query_with_warm_caches(client, about, django_assert_num_queries):
    SiteSettings.load()
    navigation.load()
    with django_assert_num_queries(1):
        response = client.get(about.get_absolute_url())
    assert response.status_code == 200


def test_a_page_edit_reaches_its_cached_copy(
    settings, client, about, staff, django_capture_on_commit_callbacks
):
    settings.NEWSROOM_PAGE_CACHE = True
    cache.clear()
    url = about.get_absolute_url()
    assert f"page-{about.pk}" in client.get(url)["Surrogate-Key"].split()
    with django_capture_on_commit_callbacks(execute=True):
        page_update(page=about, actor=staff["editor"], changes={"body": "<p>نص محدث.</p>"})
    assert "نص محدث." in client.get(url).content.decode()
    cache.clear()


def test_an_old_page_path_answers_301_while_the_page_is_published(client, about, staff):
    PageRedirect.objects.create(old_path="/about-us/", page=about)
    response = client.get("/about-us/")
    assert (response.status_code, response["Location"]) == (301, about.get_absolute_url())
    Page.objects.filter(pk=about.pk).update(status="draft")
    assert client.get("/about-us/").status_code == 404
