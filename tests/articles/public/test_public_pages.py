import re
from datetime import timedelta

import pytest
from django.urls import path
from django.utils import timezone

from articles.models import Language, Status


def test_home_shows_featured_top_story_breaking_band_and_section_blocks(client, make_article):
    featured = make_article(headline="القصة الرئيسية", is_featured=True)
    newer = make_article(headline="خبر أحدث", publish_at=timezone.now() - timedelta(minutes=5))
    breaking = make_article(headline="خبر عاجل مهم", is_breaking=True)
    html = client.get("/").content.decode()
    top = html.split('class="top-story"', 1)[1].split("</section>", 1)[0]
    assert featured.headline in top
    band = html.split('class="breaking"', 1)[1].split("</section>", 1)[0]
    assert breaking.headline in band
    assert newer.headline in html.split('class="latest"', 1)[1]
    assert f'id="section-{newer.section_id}"' in html


def test_home_without_featured_article_leads_with_the_newest(client, make_article):
    make_article(headline="أقدم", publish_at=timezone.now() - timedelta(days=1))
    make_article(headline="الأحدث")
    top = client.get("/").content.decode().split('class="top-story"', 1)[1]
    assert "الأحدث" in top.split("</section>", 1)[0]


def test_article_lists_related_articles_by_section_and_tag(
    client, make_article, make_section, make_tag
):
    section, tag = make_section(), make_tag()
    article = make_article(section=section, tags=[tag])
    same_section = make_article(section=section, headline="في القسم نفسه")
    same_tag = make_article(tags=[tag], headline="بالوسم نفسه")
    unrelated = make_article(headline="لا علاقة له")
    html = client.get(article.get_absolute_url()).content.decode()
    related = html.split('class="related"', 1)[1]
    assert same_section.headline in related
    assert same_tag.headline in related
    assert unrelated.headline not in related


@pytest.mark.parametrize(
    ("language", "direction"),
    [(Language.ARABIC, "rtl"), (Language.FRENCH, "ltr"), (Language.TAMAZIGHT, "ltr")],
)
def test_article_language_sets_lang_and_dir(client, make_article, language, direction):
    article = make_article(language=language, headline="ⵜⴰⵎⴰⵣⵉⵖⵜ")
    html = client.get(article.get_absolute_url()).content.decode()
    assert f'<article class="article" lang="{language}" dir="{direction}">' in html


def test_short_link_answers_301_to_the_article(client, make_article):
    article = make_article()
    response = client.get(f"/a/{article.pk}/")
    assert response.status_code == 301
    assert response["Location"] == article.get_absolute_url()


def test_short_link_of_a_draft_is_404(client, make_article):
    draft = make_article(status=Status.DRAFT)
    assert client.get(f"/a/{draft.pk}/").status_code == 404


def test_date_archives_list_articles_of_that_year_month_and_day(client, make_article):
    moment = timezone.localtime().replace(year=2024, month=5, day=17, hour=12)
    inside = make_article(headline="في الأرشيف", publish_at=moment)
    outside = make_article(headline="خارج الأرشيف", publish_at=moment - timedelta(days=40))
    for url in ("/2024/", "/2024/5/", "/2024/5/17/"):
        html = client.get(url).content.decode()
        assert inside.headline in html
    assert outside.headline not in client.get("/2024/5/").content.decode()
    assert "ماي 2024" in client.get("/2024/5/").content.decode()


@pytest.mark.parametrize(
    ("url", "heading"),
    [
        ("/2024/", "الأرشيف: 2024"),
        ("/2024/5/", "الأرشيف: ماي 2024"),
        ("/2024/5/17/", "الأرشيف: 17 ماي 2024"),
    ],
)
def test_each_archive_page_is_titled_with_its_date(client, db, url, heading):
    html = client.get(url).content.decode()
    title = html.split("<title>", 1)[1].split("</title>", 1)[0]
    assert title.startswith(heading + " | ")
    assert f'<h1 class="page-title">{heading}</h1>' in html


def test_impossible_archive_date_is_404(client, db):
    assert client.get("/2024/2/31/").status_code == 404


def test_pagination_has_arabic_labels(client, make_article, make_section):
    section = make_section()
    for _ in range(21):
        make_article(section=section)
    html = client.get(section.get_absolute_url()).content.decode()
    nav = html.split('class="pagination"', 1)[1].split("</nav>", 1)[0]
    assert 'aria-label="الصفحات"' in nav
    assert 'rel="next"' in nav and "مقالات أقدم" in nav
    # The first page has nothing newer; no page count is shown (the lists do not count).
    assert 'rel="prev"' not in nav and "مقالات أحدث" not in nav
    assert " من " not in nav


def test_article_shows_moroccan_and_hijri_dates(client, make_article, site_settings):
    moment = timezone.localtime().replace(year=2026, month=2, day=18, hour=10)
    article = make_article(publish_at=moment)
    html = client.get(article.get_absolute_url()).content.decode()
    assert "18 فبراير 2026" in html
    assert "1 رمضان 1447" in html


def test_hijri_offset_from_site_settings_changes_the_article_date(
    client, make_article, change_site_settings
):
    change_site_settings(hijri_month_offsets={"1447-09": 1})
    moment = timezone.localtime().replace(year=2026, month=2, day=18, hour=10)
    html = client.get(make_article(publish_at=moment).get_absolute_url()).content.decode()
    assert "30 شعبان 1447" in html


def test_hijri_date_can_be_switched_off(client, make_article, change_site_settings):
    change_site_settings(show_hijri_date=False)
    html = client.get(make_article().get_absolute_url()).content.decode()
    assert 'class="hijri"' not in html


def test_share_links_and_copy_button_use_the_short_link(client, make_article):
    article = make_article()
    html = client.get(article.get_absolute_url()).content.decode()
    short = f"http%3A%2F%2Ftestserver%2Fa%2F{article.pk}%2F"
    assert "https://wa.me/?text=" in html and short in html
    assert "https://www.facebook.com/sharer/sharer.php?u=http%3A%2F%2Ftestserver" in html
    assert f"https://x.com/intent/post?url={short}" in html
    assert f'data-copy-url="http://testserver/a/{article.pk}/"' in html
    assert "/static/js/share.js" in html


REQUEST_ATTRIBUTE = re.compile(r"<(?:link|script|img)\b[^>]*\b(?:src|href)=\"([^\"]+)\"", re.I)


def test_pages_request_nothing_from_another_host(client, make_article, site_settings):
    article = make_article(is_breaking=True)
    for url in (
        "/",
        article.get_absolute_url(),
        article.section.get_absolute_url(),
        "/search/?q=x",
    ):
        html = client.get(url).content.decode()
        for target in REQUEST_ATTRIBUTE.findall(html):
            assert not target.startswith(("//", "http:", "https:")) or target.startswith(
                "http://testserver/"
            ), (url, target)


def boom(request):
    raise RuntimeError("simulated failure")


urlpatterns = [path("boom/", boom)]


@pytest.mark.urls("tests.articles.public.test_public_pages")
def test_server_error_shows_the_arabic_500_page(client, db):
    client.raise_request_exception = False
    response = client.get("/boom/")
    html = response.content.decode()
    assert response.status_code == 500
    assert '<html lang="ar-ma" dir="rtl">' in html
    assert "خطأ" in html


def test_an_old_featured_article_gives_way_to_the_newest(client, make_article, monkeypatch):
    monkeypatch.setattr("articles.public.views.HOME_WINDOW", 2)
    make_article(
        headline="مميز قديم", is_featured=True, publish_at=timezone.now() - timedelta(days=9)
    )
    make_article(headline="خبر أمس", publish_at=timezone.now() - timedelta(days=1))
    make_article(headline="خبر الساعة")
    top = client.get("/").content.decode().split('class="top-story"', 1)[1]
    assert "خبر الساعة" in top.split("</section>", 1)[0]


def test_the_site_has_an_icon_at_the_root_and_in_every_page(client, db):
    """Browsers and feed readers ask for /favicon.ico; without it each first visit logged a
    404 after a look-up of the old-address redirects."""
    response = client.get("/favicon.ico")
    assert response.status_code == 200
    assert b"".join(response.streaming_content)[:4] == b"\x00\x00\x01\x00"  # an ICO file
    assert '<link rel="icon" href="/static/img/favicon' in client.get("/").content.decode()
