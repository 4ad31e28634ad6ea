"""The one place that decides which HTML an article body may contain."""

import re
import unicodedata

import nh3

from articles.embeds.providers import canonical_embeds

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
    # data-provider and data-id make an embed marker, kept only in its canonical form
    # (articles/embeds/providers.py): nh3 lets them through, `canonical_embeds` checks them
    # and rebuilds the marker.
    "figure": {"class", "data-provider", "data-id"},
    "a": {"href", "title", "hreflang"},
    "img": {"src", "alt", "width", "height"},
    "p": {"dir", "class"},
    "blockquote": {"dir", "cite"},
    "span": {"dir", "lang", "class"},
    "bdi": {"dir"},
    "li": {"dir"},
}
# The only classes a body keeps: the importers' gallery group, an embed marker, the importers'
# link to a post no embed shows, and a picture credit. Every other class is dropped.
ALLOWED_CLASSES = {"figure": {"gallery", "embed"}, "p": {"embed"}, "span": {"credit"}}
URL_SCHEMES = {"http", "https", "mailto"}
# Attributes whose value a browser follows or shows as a tooltip.
URL_ATTRIBUTES = {"href", "src", "cite"}
CLEANED_ATTRIBUTES = URL_ATTRIBUTES | {"title"}
# What a browser ignores inside a URL before reading its scheme.
_URL_IGNORED = re.compile(r"[\x00-\x20]")
_SCHEME = re.compile(r"([a-zA-Z][a-zA-Z0-9+.-]*):")


def _without_format_characters(value):
    """Drop invisible format characters (bidi overrides and isolates, zero-width joiners): in a
    URL or a tooltip they only disguise what it says."""
    return "".join(ch for ch in value if unicodedata.category(ch) != "Cf")


def _clean_attribute(tag, attribute, value):
    if attribute == "class":
        # Filtered here rather than by nh3's `allowed_classes`, which leaves `class=""` behind.
        kept = [name for name in value.split() if name in ALLOWED_CLASSES.get(tag, ())]
        return " ".join(dict.fromkeys(kept)) or None
    if attribute not in CLEANED_ATTRIBUTES:
        return value
    value = _without_format_characters(value)
    if attribute in URL_ATTRIBUTES:
        # nh3 checks schemes before this filter runs, so a scheme revealed by removing the
        # invisible characters (java<U+202E>script:) is checked again here.
        scheme = _SCHEME.match(_URL_IGNORED.sub("", value))
        if scheme and scheme.group(1).lower() not in URL_SCHEMES:
            return None
    return value


def sanitize_body_html(html):
    """Return `html` reduced to the body allowlist: scripts, styles and handlers are removed.

    Embed markers are then rebuilt in their canonical form or removed, and a paragraph holding
    nothing but the address of an allowed post becomes one (articles/embeds/providers.py).
    """
    cleaned = nh3.clean(
        html or "",
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel="noopener noreferrer nofollow",
        strip_comments=True,
        attribute_filter=_clean_attribute,
    )
    return canonical_embeds(cleaned).strip()
