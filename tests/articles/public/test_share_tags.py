"""What sharing shows (Open Graph, Twitter): the editors' share texts and picture, else the
headline, standfirst and lead image, else the site's default share picture; and the robots
meta tag that lets search engines show large pictures."""

import re

import pytest
from django.urls import reverse

from articles.models import Image

META = re.compile(r'<meta (?:property|name)="([^"]+)" content="([^"]*)">')


def picture(name):
    return Image.objects.create(
        file=f"{name}.jpg",
        width=1200,
        height=630,
        renditions={"share.jpg": {"name": f"{name}.jpg"}},
    )


def metas(client, article):
    return dict(META.findall(client.get(article.get_absolute_url()).content.decode()))


def test_share_fields_win_over_the_articles_own(client, make_article, site_settings):
    article = make_article(
        standfirst="ملخص",
        lead_image=picture("lead"),
        share_title="عنوان المشاركة",
        share_description="وصف المشاركة",
        share_image=picture("share"),
    )
    tags = metas(client, article)
    assert tags["og:title"] == tags["twitter:title"] == "عنوان المشاركة"
    assert tags["og:description"] == tags["twitter:description"] == "وصف المشاركة"
    assert tags["og:image"] == tags["twitter:image"] == "http://testserver/media/share.jpg"
    assert tags["twitter:card"] == "summary_large_image"


def test_without_share_fields_the_headline_standfirst_and_lead_image(client, make_article):
    article = make_article(headline="العنوان", standfirst="ملخص", lead_image=picture("lead"))
    tags = metas(client, article)
    assert tags["og:title"] == "العنوان"
    assert tags["og:description"] == "ملخص"
    assert tags["og:image"] == "http://testserver/media/lead.jpg"


def test_without_any_picture_the_sites_default_share_picture(
    client, make_article, change_site_settings
):
    article = make_article()
    assert "og:image" not in metas(client, article)
    change_site_settings(default_share_image=picture("default"))
    tags = metas(client, article)
    assert tags["og:image"] == "http://testserver/media/default.jpg"
    assert tags["twitter:card"] == "summary_large_image"


def test_the_default_share_picture_costs_no_query(
    client, make_article, change_site_settings, django_assert_num_queries
):
    change_site_settings(default_share_image=picture("default"))
    article = make_article()
    client.get(article.get_absolute_url())  # the settings row is cached from now on
    # The article page's 5 (tests/articles/public/test_query_budgets.py): none for the picture.
    with django_assert_num_queries(5):
        assert "default.jpg" in client.get(article.get_absolute_url()).content.decode()


@pytest.mark.parametrize("url", ["/", "article", "section", "tag"])
def test_public_pages_allow_large_image_previews(url, client, make_article, make_tag):
    tag = make_tag()
    article = make_article(tags=[tag])
    url = {
        "article": article.get_absolute_url(),
        "section": article.section.get_absolute_url(),
        "tag": tag.get_absolute_url(),
    }.get(url, url)
    html = client.get(url).content.decode()
    assert html.count('<meta name="robots"') == 1
    assert '<meta name="robots" content="max-image-preview:large">' in html


def test_pages_kept_out_of_search_engines_say_only_noindex(client, db):
    html = client.get(reverse("articles:search") + "?q=x").content.decode()
    assert '<meta name="robots" content="noindex">' in html
    assert "max-image-preview" not in html


def test_the_tag_page_links_its_feed(client, make_article, make_tag):
    tag = make_tag()
    make_article(tags=[tag])
    html = client.get(tag.get_absolute_url()).content.decode()
    feed = reverse("articles:tag-feed", args=[tag.slug])
    assert (
        f'<link rel="alternate" type="application/rss+xml" title="{tag.name}" href="{feed}">'
        in (html)
    )
    assert client.get(feed)["Content-Type"].startswith("application/rss+xml")
