"""Page titles (the <title> and the og:/twitter: titles) carry no bidi control characters."""

import re
from html import unescape

from newsroom.text import BIDI_CONTROLS

RLO, PDF, RLI, PDI = "\u202e", "\u202c", "\u2067", "\u2069"


def title_of(html):
    return unescape(re.search(r"<title>(.*?)</title>", html, re.S).group(1))


def meta_content(html, attribute, name):
    match = re.search(rf'<meta {attribute}="{name}" content="([^"]*)"', html)
    return unescape(match.group(1))


def test_an_article_title_and_its_sharing_titles_drop_bidi_controls(client, make_article):
    article = make_article(headline=f"{RLO}خبر{PDF} عن {RLI}الرباط{PDI} <b>")

    html = client.get(article.get_absolute_url()).content.decode()

    assert title_of(html).startswith("خبر عن الرباط <b> | ")
    assert meta_content(html, "property", "og:title") == "خبر عن الرباط <b>"
    assert meta_content(html, "name", "twitter:title") == "خبر عن الرباط <b>"
    # The headline itself is still shown as written, inside the page's own layout.
    assert RLO in html


def test_a_search_title_drops_bidi_controls_and_stays_escaped(client, db, site_settings):
    html = client.get("/search/", {"q": f"{RLO}<script>x</script>"}).content.decode()

    raw_title = re.search(r"<title>(.*?)</title>", html, re.S).group(1)
    assert not BIDI_CONTROLS.search(raw_title)
    assert "<script>" not in raw_title
    assert "&lt;script&gt;x&lt;/script&gt;" in raw_title
