"""Embeds on the reader's page: placeholders, the script, and frames allowed only where needed
(articles/public/embeds.py)."""

import re

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import translation

from articles.sanitize import sanitize_body_html

YOUTUBE = "https://www.youtube.com/watch?v=dQw4w9WgXcQ"
TWEET = "https://twitter.com/jack/status/20"
PROVIDER_HOSTS = re.compile(
    r"youtube-nocookie\.com|platform\.twitter\.com|instagram\.com/p|tiktok\.com/embed"
    r"|facebook\.com/plugins"
)


def csp(response):
    header = response["Content-Security-Policy"]
    return {part.split()[0]: part.split()[1:] for part in header.split(";") if part.strip()}


@pytest.fixture
def embedded(make_article):
    body = sanitize_body_html(f"<p>قبل</p><p>{YOUTUBE}</p><p>{TWEET}</p><p>بعد</p>")
    return make_article(body=body)


def test_an_embed_is_shown_as_a_placeholder_linking_to_the_original(client, embedded):
    with translation.override("ar-ma"):
        page = client.get(embedded.get_absolute_url()).content.decode()

    assert page.count('<figure class="embed ') == 2
    assert 'class="embed embed--youtube embed--video"' in page
    assert 'data-embed-src="https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ"' in page
    assert 'data-embed-src="https://platform.twitter.com/embed/Tweet.html?id=20"' in page
    # Without the script: the provider's name, a notice and a plain link to the post.
    assert '<p class="embed__provider">يوتيوب</p>' in page
    assert f'<a class="embed__link" href="{YOUTUBE}" rel="noopener noreferrer nofollow">' in page
    assert "افتح على يوتيوب" in page and "افتح على إكس (تويتر)" in page
    assert "مستضاف لدى يوتيوب" in page
    # The button the script shows, hidden until then.
    assert '<button type="button" class="embed__load" hidden>شاهد على يوتيوب</button>' in page
    assert '<button type="button" class="embed__load" hidden>اعرض المنشور</button>' in page
    assert re.search(r'<script src="/static/articles/js/embeds\.[^"]*js" defer></script>', page)
    # Nothing on the page makes the browser contact a provider before the click.
    assert "<iframe" not in page
    assert not re.search(r'\s(?:src|href)="https://(?:www\.)?youtube-nocookie', page)


def test_an_article_without_embeds_loads_no_embed_script(client, make_article):
    page = client.get(make_article().get_absolute_url()).content.decode()
    assert "embeds.js" not in page and "embed__" not in page


def test_frames_are_allowed_only_from_the_providers_of_the_page(client, embedded, make_article):
    with_embeds = client.get(embedded.get_absolute_url())
    without = client.get(make_article().get_absolute_url())

    assert csp(with_embeds)["frame-src"] == [
        "https://platform.twitter.com",
        "https://www.youtube-nocookie.com",
    ]
    assert csp(without)["frame-src"] == ["'none'"]
    # The rest of the policy is the site's.
    for response in (with_embeds, without):
        assert csp(response)["script-src"][0] == "'self'"
        assert csp(response)["frame-ancestors"] == ["'none'"]
        assert csp(response)["default-src"] == ["'self'"]


def test_other_pages_refuse_every_frame(client, embedded, admin_client):
    # The home page and the section list the article; the admin edits it.
    for response in (
        client.get("/"),
        client.get(embedded.section.get_absolute_url()),
        admin_client.get(reverse("admin:articles_article_change", args=[embedded.pk])),
    ):
        assert response.status_code == 200
        assert csp(response)["frame-src"] == ["'none'"]


def test_a_cached_copy_keeps_the_pages_frame_policy(client, settings, embedded):
    settings.NEWSROOM_PAGE_CACHE = True
    cache.clear()
    try:
        first = client.get(embedded.get_absolute_url())
        second = client.get(embedded.get_absolute_url())
    finally:
        cache.clear()
    assert (first["X-Cache"], second["X-Cache"]) == ("MISS", "HIT")
    assert csp(second)["frame-src"] == csp(first)["frame-src"]
    assert "https://www.youtube-nocookie.com" in csp(second)["frame-src"]


def test_a_stored_marker_with_a_bad_id_is_not_made_a_placeholder(client, make_article):
    # Written around the sanitiser (the model, not a service): the page still frames nothing.
    bad = '<figure class="embed" data-provider="youtube" data-id="x&quot;y"><a href="#">x</a></figure>'
    article = make_article(body=f"<p>نص</p>{bad}")
    response = client.get(article.get_absolute_url())
    page = response.content.decode()
    assert "embed__placeholder" not in page and "embeds.js" not in page
    assert csp(response)["frame-src"] == ["'none'"]
    assert not PROVIDER_HOSTS.search(page)


def test_the_editor_receives_the_stored_marker(admin_client, embedded):
    change = admin_client.get(reverse("admin:articles_article_change", args=[embedded.pk]))
    # The editor gets the stored marker; static/articles/js/body-editor.js shows it as its
    # address alone in a paragraph, which saving turns back into the marker.
    assert "data-provider=&quot;youtube&quot;" in change.content.decode()


# Embeds outside an article's body: a page's body and a live blog's entries.


def test_a_page_shows_its_embeds_as_placeholders_and_frames_only_their_providers(client, staff):
    from articles.services.pages import page_create, page_publish

    page = page_create(
        actor=staff["editor"], title="فيديو الجريدة", slug="فيديو", body=f"<p>{YOUTUBE}</p>"
    )
    page = page_publish(page=page, actor=staff["editor"])
    response = client.get(page.get_absolute_url())
    html = response.content.decode()
    assert 'data-embed-src="https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ"' in html
    assert re.search(r'<script src="/static/articles/js/embeds\.[^"]*js" defer></script>', html)
    assert csp(response)["frame-src"] == ["https://www.youtube-nocookie.com"]


def test_a_live_entry_s_embed_is_a_placeholder_on_the_page_and_in_the_endpoint(
    client, staff, make_article, site_settings
):
    from articles.services.live import (
        live_coverage_end,
        live_coverage_start,
        live_entry_post,
    )

    editor = staff["editor"]
    article = live_coverage_start(article=make_article(), actor=editor)
    live_entry_post(article=article, actor=editor, body=f"<p>{TWEET}</p>")
    placeholder = 'data-embed-src="https://platform.twitter.com/embed/Tweet.html?id=20"'
    running = client.get(article.get_absolute_url())
    assert placeholder in running.content.decode()
    assert "embeds.js" in running.content.decode()
    # While the coverage runs, the next entry (inserted without a reload) may embed any
    # provider of the allow-list: the page frames them all, and only them.
    assert csp(running)["frame-src"] == [
        "https://platform.twitter.com",
        "https://www.facebook.com",
        "https://www.instagram.com",
        "https://www.tiktok.com",
        "https://www.youtube-nocookie.com",
    ]
    entries = client.get(reverse("articles:live-entries", args=[article.pk])).json()["entries"]
    assert placeholder in entries[0]["html"]
    # Ended, the page frames the providers its entries use.
    live_coverage_end(article=article, actor=editor)
    cache.clear()
    ended = client.get(article.get_absolute_url())
    assert placeholder in ended.content.decode()
    assert csp(ended)["frame-src"] == ["https://platform.twitter.com"]
