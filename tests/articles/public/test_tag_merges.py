"""A merged tag's page and feed answer 301 to the kept tag's; the tag feed itself."""

from urllib.parse import quote

import pytest

from articles.models import Status
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


def test_the_merged_tag_s_feed_redirect_keeps_the_query_string(client, merged):
    old, kept = merged
    response = client.get(old["feed"] + "?utm_source=rss")
    assert response.status_code == 301
    assert response["Location"] == kept.get_feed_url() + "?utm_source=rss"


def test_a_merge_into_a_tag_without_public_articles_reveals_nothing(
    client, staff, make_tag, make_article, site_settings
):
    source, hidden = make_tag("الامن"), make_tag("ملف سري")
    make_article(tags=[source], status=Status.DRAFT)
    make_article(tags=[hidden], status=Status.DRAFT)
    old = {"page": source.get_absolute_url(), "feed": source.get_feed_url()}
    tag_merge(source=source, target=hidden, actor=staff["editor"])
    # The kept tag's own page is not found: the merged tag's address does not name it.
    assert client.get(hidden.get_absolute_url()).status_code == 404
    assert client.get(old["page"]).status_code == 404
    assert client.get(old["feed"]).status_code == 404
