"""A merged tag's page and feed answer 301 to the kept tag's; the tag feed itself."""

from urllib.parse import quote

import pytest

from articles.services.tags import tag_merge


@pytest.fixture
def merged(staff, make_tag, make_article, site_settings):
    source, target = make_tag("الامن"), make_tag("الأمن الوطني")
    make_article(tags=[source])
    old = {"page": source.get_absolute_url(), "feed": source.get_feed_url()}
    tag_merge(source=source, target=target, actor=staff["editor"])
    return old, target


def test_the_merged_tag_s_page_answers_301_to_the_kept_tag(client, merged):
    old, kept = merged
    response = client.get(old["page"] + "?page=1")
    assert response.status_code == 301
    assert response["Location"] == kept.get_absolute_url() + "?page=1"
    assert client.get(response["Location"]).status_code == 200


def test_the_merged_tag_s_feed_answers_301_to_the_kept_tag_s_feed(client, merged):
    old, kept = merged
    response = client.get(old["feed"])
    assert response.status_code == 301
    assert response["Location"] == kept.get_feed_url()
    feed = client.get(response["Location"])
    assert feed.status_code == 200
    assert "الأمن الوطني" in feed.content.decode()


def test_an_unknown_tag_is_still_not_found(client, db, site_settings):
    assert client.get("/tag/" + quote("لا-شيء") + "/").status_code == 404
    assert client.get("/tag/" + quote("لا-شيء") + "/feed/").status_code == 404


def test_a_tag_without_public_articles_has_no_page_and_no_feed(client, make_tag, site_settings):
    tag = make_tag()
    assert client.get(tag.get_absolute_url()).status_code == 404
    assert client.get(tag.get_feed_url()).status_code == 404


def test_the_tag_page_links_its_feed(client, make_tag, make_article, site_settings):
    tag = make_tag("السياحة")
    make_article(tags=[tag])
    page = client.get(tag.get_absolute_url()).content.decode()
    assert f'type="application/rss+xml" title="السياحة" href="{tag.get_feed_url()}"' in page
