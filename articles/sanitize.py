"""The one place that decides which HTML an article body may contain."""

import nh3

ALLOWED_TAGS = {
    "p",
    "br",
    "h2",
    "h3",
    "h4",
    "strong",
    "b",
    "em",
    "i",
    "u",
    "s",
    "a",
    "ul",
    "ol",
    "li",
    "blockquote",
    "figure",
    "figcaption",
    "img",
    "hr",
    "sub",
    "sup",
    "span",
    "bdi",
}
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title", "hreflang"},
    "img": {"src", "alt", "width", "height"},
    "p": {"dir"},
    "blockquote": {"dir", "cite"},
    "span": {"dir", "lang"},
    "bdi": {"dir"},
    "li": {"dir"},
}
URL_SCHEMES = {"http", "https", "mailto"}


def sanitize_body_html(html):
    """Return `html` reduced to the body allowlist: scripts, styles and handlers are removed."""
    return nh3.clean(
        html or "",
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel="noopener noreferrer nofollow",
        strip_comments=True,
    ).strip()
