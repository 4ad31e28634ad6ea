from datetime import timedelta
from xml.etree import ElementTree

import pytest
from django.utils import timezone

from articles.models import Status

DC = "{http://purl.org/dc/elements/1.1/}"


def items(response):
    root = ElementTree.fromstring(response.content)
    assert root.tag == "rss" and root.get("version") == "2.0"
    return root.findall("./channel/item")


def test_site_feed_lists_public_articles_with_guid_date_authors_and_summary(
    client, make_article, make_author
):
    authors = [make_author(name="سعاد بنعلي"), make_author(name="Karim Ait Lahcen")]
    article = make_article(authors=authors, standfirst="ملخص قصير للمقال.")
    make_article(status=Status.DRAFT, headline="مسودة لا تظهر")
    response = client.get("/feed/")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/rss+xml")
    (item,) = items(response)
    guid = item.find("guid")
    assert guid.text == f"http://testserver/a/{article.pk}/"
    assert item.find("link").text == "http://testserver" + article.get_absolute_url()
    assert item.find("link").text.isascii()
    assert item.find("pubDate").text
    assert item.find("description").text == "ملخص قصير للمقال."
    assert item.find(f"{DC}creator").text == "سعاد بنعلي، Karim Ait Lahcen"


def test_guid_survives_a_slug_change(client, make_article):
    article = make_article()
    before = items(client.get("/feed/"))[0].find("guid").text
    article.slug = "عنوان-جديد"
    article.save()
    assert items(client.get("/feed/"))[0].find("guid").text == before


def test_section_and_author_feeds_list_only_their_articles(client, make_article, make_author):
    author = make_author()
    mine = make_article(authors=[author])
    other = make_article()
    section_feed = client.get(f"/category/{mine.section.slug}/feed/")
    author_feed = client.get(f"/author/{author.slug}/feed/")
    for response in (section_feed, author_feed):
        links = [item.find("link").text for item in items(response)]
        assert links == ["http://testserver" + mine.get_absolute_url()]
    assert other.section.slug != mine.section.slug


def test_feed_of_unknown_section_is_404(client, db):
    assert client.get("/category/لا-يوجد/feed/").status_code == 404


def test_unchanged_feed_answers_304_to_etag_and_last_modified(client, make_article):
    make_article()
    first = client.get("/feed/")
    assert first.status_code == 200
    assert client.get("/feed/", headers={"if-none-match": first["ETag"]}).status_code == 304
    since = first["Last-Modified"]
    assert client.get("/feed/", headers={"if-modified-since": since}).status_code == 304


def test_new_article_changes_the_etag(client, make_article):
    make_article(publish_at=timezone.now() - timedelta(hours=2))
    etag = client.get("/feed/")["ETag"]
    make_article()
    assert client.get("/feed/", headers={"if-none-match": etag}).status_code == 200


@pytest.mark.parametrize("site_url", ["https://www.example.ma"])
def test_feed_urls_use_the_configured_site_url(client, make_article, settings, site_url):
    settings.SITE_URL = site_url
    article = make_article()
    (item,) = items(client.get("/feed/"))
    assert item.find("link").text == site_url + article.get_absolute_url()


def test_the_feed_is_in_the_sites_language(client, db):
    channel = ElementTree.fromstring(client.get("/feed/").content).find("channel")
    assert channel.find("language").text == "ar-ma"


def test_feeds_of_an_author_or_section_with_no_public_article_are_404(
    client, make_article, make_author, make_section
):
    author, section = make_author(name="مراسل لم يظهر بعد"), make_section(name="ملف سري")
    make_article(authors=[author], section=section, status=Status.DRAFT, publish_at=None)
    navigation = make_section(in_navigation=True)

    author_feed = client.get(f"/author/{author.slug}/feed/")
    section_feed = client.get(f"/category/{section.slug}/feed/")

    assert author_feed.status_code == section_feed.status_code == 404
    assert "مراسل لم يظهر بعد" not in author_feed.content.decode()
    assert client.get(f"/category/{navigation.slug}/feed/").status_code == 200
