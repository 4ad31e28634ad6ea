import re
from types import SimpleNamespace

import pytest
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext

from articles.public.seo import share_image_url
from articles.templatetags.cards import CARD_SIZES, LEAD_CARD_SIZES

pytestmark = pytest.mark.django_db


def test_article_page_shows_the_lead_image_as_an_eager_responsive_picture(
    client, make_article, make_image
):
    image = make_image(caption="وقفة احتجاجية", credit="عدسة الجريدة")
    article = make_article(lead_image=image)

    html = client.get(article.get_absolute_url()).content.decode()

    picture = re.search(r"<picture>.*?</picture>", html, re.S).group(0)
    assert '<source type="image/webp" srcset="' in picture
    for width in (320, 640, 960, 1000):
        assert f"/w{width}.webp {width}w" in picture
        assert f"/w{width}.jpg {width}w" in picture
    assert 'sizes="(min-width: 44rem) 42rem, 100vw"' in picture
    assert 'width="1000" height="700"' in picture
    assert f'alt="{image.alt_text}"' in picture
    assert 'loading="eager" fetchpriority="high"' in picture
    assert 'loading="lazy"' not in picture
    assert "وقفة احتجاجية" in html
    assert "عدسة الجريدة" in html


def test_article_caption_overrides_the_library_caption(client, make_article, make_image):
    image = make_image(caption="تعليق المكتبة")
    article = make_article(lead_image=image, lead_image_caption="تعليق خاص بالمقال")

    html = client.get(article.get_absolute_url()).content.decode()

    assert "تعليق خاص بالمقال" in html
    assert "تعليق المكتبة" not in html
    # The credit is set apart from the caption, not run into it.
    caption = re.search(r"<figcaption>(.*?)</figcaption>", html, re.S).group(1)
    assert caption.startswith(
        'تعليق خاص بالمقال<span aria-hidden="true"> · </span><span class="credit">'
    )


def test_a_credit_without_caption_has_no_separator(client, make_article, make_image):
    article = make_article(lead_image=make_image(caption=""), lead_image_caption="")

    html = client.get(article.get_absolute_url()).content.decode()

    caption = re.search(r"<figcaption>(.*?)</figcaption>", html, re.S).group(1)
    assert caption.startswith('<span class="credit">')


def test_article_without_a_lead_image_shows_no_picture(client, make_article):
    html = client.get(make_article().get_absolute_url()).content.decode()

    assert "<picture>" not in html


def test_cards_load_their_pictures_lazily(client, make_article, make_image, make_section):
    section = make_section(slug="politique")
    make_article(section=section, lead_image=make_image())

    html = client.get(section.get_absolute_url()).content.decode()

    picture = re.search(r"<picture>.*?</picture>", html, re.S).group(0)
    assert 'loading="lazy"' in picture
    assert "fetchpriority" not in picture
    assert re.search(r'<img [^>]*width="1000" height="700"', picture)


def count_queries(client, url):
    client.get(url)  # the first request also loads and caches the site settings
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


@pytest.mark.parametrize("page", ["home", "section"])
def test_pictures_cost_no_query_of_their_own(client, make_article, make_image, make_section, page):
    """No picture, 1 article with a picture and 20 with pictures: the same number of queries."""

    def url(section):
        return "/" if page == "home" else section.get_absolute_url()

    plain, one, many = (make_section(slug=slug) for slug in ("plain", "one", "many"))
    make_article(section=plain)
    without_pictures = count_queries(client, url(plain))
    make_article(section=one, lead_image=make_image())
    with_one = count_queries(client, url(one))
    for _ in range(20):
        make_article(section=many, lead_image=make_image(size=(200, 150)))
    with_twenty = count_queries(client, url(many))

    assert without_pictures == with_one == with_twenty


def test_article_page_with_a_lead_image_costs_no_extra_query(
    client, make_article, make_image, django_assert_num_queries
):
    plain = make_article()
    illustrated = make_article(lead_image=make_image())

    without = count_queries(client, plain.get_absolute_url())

    with django_assert_num_queries(without):
        client.get(illustrated.get_absolute_url())


def test_share_image_url_is_absolute_and_points_at_the_1200_by_630_crop(make_image):
    image = make_image()
    article = SimpleNamespace(share_image=None, lead_image=image)
    request = RequestFactory().get("/", secure=True)

    url = share_image_url(request, article, SimpleNamespace(default_share_image=None))

    assert url.startswith("https://testserver/media/images/renditions/")
    assert re.search(r"/share-500-500\.jpg$", url)


def test_share_image_url_of_an_article_without_pictures_is_none():
    article = SimpleNamespace(share_image=None, lead_image=None)
    settings = SimpleNamespace(default_share_image=None)
    assert share_image_url(RequestFactory().get("/"), article, settings) is None


def test_sharing_metadata_uses_the_absolute_share_crop(client, make_article, make_image):
    import json
    import re

    image = make_image()
    article = make_article(lead_image=image)

    page = client.get(article.get_absolute_url()).content.decode()

    share = "http://testserver" + image.share_url
    assert f'<meta property="og:image" content="{share}">' in page
    assert f'<meta name="twitter:image" content="{share}">' in page
    json_ld = json.loads(re.search(r'ld\+json">(.*?)</script>', page, re.S).group(1))
    assert share in json.dumps(json_ld["image"])
    assert share.isascii()


def test_the_top_story_asks_for_a_picture_as_wide_as_the_page(client, make_article, make_image):
    """At 1280 px the top story is 1120 px wide: asking for a 24rem card picture made the
    browser stretch the 640-pixel file."""
    make_article(lead_image=make_image(size=(1600, 1000)), is_featured=True)

    html = client.get("/").content.decode()

    top = html.split('class="top-story"', 1)[1].split("</section>", 1)[0]
    assert f'sizes="{LEAD_CARD_SIZES}"' in top
    assert f'sizes="{CARD_SIZES}"' not in top
