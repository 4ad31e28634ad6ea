import json
import re
from functools import cache
from pathlib import Path

import pytest

from articles.models import Image
from articles.public.seo import article_metadata

VOCABULARY = (
    Path(__file__).resolve().parents[3]
    / ".."
    / "shared"
    / "fixtures"
    / "schemaorg"
    / "schemaorg-current-https.jsonld"
)
JSON_LD = re.compile(r'<script type="application/ld\+json">(.*?)</script>', re.S)
META = re.compile(r'<meta (?:property|name)="([^"]+)" content="([^"]*)">')
CANONICAL = re.compile(r'<link rel="canonical" href="([^"]+)">')


@cache
def schema_terms():
    """Every class and property name the schema.org vocabulary defines."""
    if not VOCABULARY.is_file():
        pytest.skip(f"{VOCABULARY} is absent (../shared fixtures not available)")
    graph = json.loads(VOCABULARY.read_text())["@graph"]
    return {node["@id"].removeprefix("schema:") for node in graph}


def walk(value):
    """Yield every (key, value) pair and every @type in a JSON-LD document."""
    if isinstance(value, dict):
        for key, item in value.items():
            yield key, item
            yield from walk(item)
    elif isinstance(value, list):
        for item in value:
            yield from walk(item)


def urls_in(value):
    return [item for key, item in walk(value) if key in ("url", "@id") and isinstance(item, str)]


@pytest.fixture
def page(client, make_article, make_author, site_settings):
    authors = [make_author(name="سعاد بنعلي"), make_author(name="Karim Ait Lahcen")]
    article = make_article(authors=authors, standfirst="ملخص المقال.")
    html = client.get(article.get_absolute_url()).content.decode()
    return article, html, json.loads(JSON_LD.search(html).group(1))


def test_json_ld_is_a_news_article_with_every_author_and_the_publisher_logo(page):
    article, _, data = page
    assert data["@type"] == "NewsArticle"
    assert data["headline"] == article.headline
    assert data["datePublished"] and data["dateModified"]
    assert [a["name"] for a in data["author"]] == ["سعاد بنعلي", "Karim Ait Lahcen"]
    assert all(a["@type"] == "Person" for a in data["author"])
    assert data["publisher"]["@type"] == "Organization"
    assert data["publisher"]["logo"]["url"].endswith("/static/img/logo.png")
    assert data["articleSection"] == article.section.name
    assert data["inLanguage"] == "ar"
    assert "image" not in data  # no lead image yet: the property is left out, not empty


def test_json_ld_uses_only_terms_schema_org_defines(page):
    _, _, data = page
    terms = schema_terms()
    for key, value in walk(data):
        if key == "@type":
            assert value in terms, value
        elif not key.startswith("@"):
            assert key in terms, key


def test_all_metadata_urls_are_absolute_percent_encoded_ascii(page):
    article, html, data = page
    canonical = CANONICAL.search(html).group(1)
    assert canonical == "http://testserver" + article.get_absolute_url()
    metas = dict(META.findall(html))
    urls = [canonical, metas["og:url"], *urls_in(data)]
    for url in urls:
        assert url.startswith("http://testserver/"), url
        assert url.isascii(), url
    assert "%D8" in canonical  # the Arabic slug, percent-encoded


def test_open_graph_and_twitter_card(page):
    article, html, _ = page
    metas = dict(META.findall(html))
    assert metas["og:locale"] == "ar_MA"
    assert metas["og:type"] == "article"
    assert metas["og:title"] == article.headline
    assert metas["twitter:card"] == "summary"
    assert "og:image" not in metas


def test_lead_image_appears_in_open_graph_and_json_ld_when_present(rf, make_article, site_settings):
    article = make_article()
    article.lead_image = Image(renditions={"share.jpg": {"name": "صور/مطر.jpg"}})
    metadata = article_metadata(rf.get("/"), article, site_settings)
    assert metadata["image"] == "http://testserver/media/%D8%B5%D9%88%D8%B1/%D9%85%D8%B7%D8%B1.jpg"
    assert '"image":["http://testserver/media/%D8%B5' in metadata["json_ld"]


def test_json_ld_cannot_close_its_script_element(rf, make_article, site_settings):
    article = make_article(headline="</script><script>alert(1)</script>")
    metadata = article_metadata(rf.get("/"), article, site_settings)
    assert "</script>" not in metadata["json_ld"]
    assert "\\u003C/script\\u003E" in metadata["json_ld"]
