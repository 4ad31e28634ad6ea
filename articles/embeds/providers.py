"""Posts of YouTube, Facebook, X, Instagram and TikTok embedded in an article body.

An embed is stored in the body as a marker the sanitiser (articles/sanitize.py) keeps only in
its canonical form, rebuilt from two validated values:

    <figure class="embed" data-provider="youtube" data-id="dQw4w9WgXcQ">
    <a href="https://www.youtube.com/watch?v=dQw4w9WgXcQ" rel="…">https://www.youtube.com/…</a>
    </figure>

Nothing else of a marker survives: any other attribute, class or content is dropped, and a
marker whose provider or id does not match its provider's strict pattern is removed. The link
inside is what a feed, the search index and a reader without our styles see.

Only the URL shapes listed in `PROVIDERS` become embeds, on the providers' own hosts (compared
whole: `youtube.com.evil.ma` is not YouTube), over http(s), without user, password or port.
Anything else stays a plain link.

Public pages show a placeholder (templates/includes/embed.html) and make no request to the
provider until the reader asks (static/articles/js/embeds.js); `frame_url` is the provider's
official iframe address, and `frame_hosts` what the page's Content-Security-Policy allows.
"""

import html
import re
from dataclasses import dataclass
from urllib.parse import parse_qs, quote, urlsplit

from django.utils.translation import pgettext_lazy

# The ids' shapes. YouTube ids are 11 characters of base64url; X and TikTok post ids are
# decimal snowflakes, kept with the account name the reader's link shows; Instagram's
# shortcodes are base64url; Facebook's are an account and a numeric or "pfbid" post id.
YOUTUBE_ID = r"[A-Za-z0-9_-]{11}"
DIGITS = r"[0-9]{1,25}"
X_USER = r"[A-Za-z0-9_]{1,15}"
INSTAGRAM_CODE = r"[A-Za-z0-9_-]{5,40}"
TIKTOK_USER = r"[A-Za-z0-9_.]{1,24}"
FACEBOOK_PAGE = r"[A-Za-z0-9.-]{1,80}"
FACEBOOK_POST = r"(?:[0-9]{1,25}|pfbid[A-Za-z0-9]{10,80})"
FB_WATCH_CODE = r"[A-Za-z0-9_-]{5,20}"


@dataclass(frozen=True)
class Provider:
    name: str
    label: str  # shown to readers
    hosts: frozenset  # the hosts its URLs may have, compared whole
    id_pattern: re.Pattern  # what `data-id` may hold
    frame_host: str  # the origin of its iframe (the page's CSP frame-src)

    def is_valid_id(self, embed_id):
        return isinstance(embed_id, str) and self.id_pattern.fullmatch(embed_id) is not None


PROVIDERS = {
    provider.name: provider
    for provider in (
        Provider(
            "youtube",
            pgettext_lazy("embed provider", "YouTube"),
            frozenset({"youtube.com", "www.youtube.com", "m.youtube.com", "youtu.be"}),
            re.compile(YOUTUBE_ID),
            "https://www.youtube-nocookie.com",
        ),
        Provider(
            "x",
            pgettext_lazy("embed provider", "X (Twitter)"),
            frozenset(
                {
                    "x.com",
                    "www.x.com",
                    "mobile.x.com",
                    "twitter.com",
                    "www.twitter.com",
                    "mobile.twitter.com",
                }
            ),
            re.compile(rf"{X_USER}/{DIGITS}"),
            "https://platform.twitter.com",
        ),
        Provider(
            "instagram",
            pgettext_lazy("embed provider", "Instagram"),
            frozenset({"instagram.com", "www.instagram.com"}),
            re.compile(rf"(?:p|reel)/{INSTAGRAM_CODE}"),
            "https://www.instagram.com",
        ),
        Provider(
            "tiktok",
            pgettext_lazy("embed provider", "TikTok"),
            frozenset({"tiktok.com", "www.tiktok.com", "m.tiktok.com"}),
            re.compile(rf"{TIKTOK_USER}/{DIGITS}"),
            "https://www.tiktok.com",
        ),
        Provider(
            "facebook",
            pgettext_lazy("embed provider", "Facebook"),
            frozenset(
                {"facebook.com", "www.facebook.com", "m.facebook.com", "web.facebook.com"}
                | {"fb.watch", "www.fb.watch"}
            ),
            re.compile(
                rf"{FACEBOOK_PAGE}/posts/{FACEBOOK_POST}|{FACEBOOK_PAGE}/videos/{DIGITS}"
                rf"|watch/{DIGITS}|fb\.watch/{FB_WATCH_CODE}"
            ),
            "https://www.facebook.com",
        ),
    )
}

# The URL shapes, per provider: (hosts, path pattern) -> the id built from the match.
# Query strings are ignored except YouTube's and Facebook watch's `v`.
_PATHS = {
    "youtube": [
        (re.compile(rf"/(?:shorts|embed|live)/({YOUTUBE_ID})/?"), "{0}"),
    ],
    "x": [
        (re.compile(rf"/({X_USER})/status/({DIGITS})/?"), "{0}/{1}"),
    ],
    "instagram": [
        (re.compile(rf"/(p|reel)/({INSTAGRAM_CODE})/?"), "{0}/{1}"),
    ],
    "tiktok": [
        (re.compile(rf"/@({TIKTOK_USER})/video/({DIGITS})/?"), "{0}/{1}"),
    ],
    "facebook": [
        (re.compile(rf"/({FACEBOOK_PAGE})/(posts|videos)/({FACEBOOK_POST})/?"), "{0}/{1}/{2}"),
    ],
}
# Characters no URL of ours contains; a browser would drop or reinterpret them.
_UNSAFE = re.compile(r"[\x00-\x20\x7f\\<>\"'`]")


@dataclass(frozen=True)
class Embed:
    provider: str
    id: str

    def __post_init__(self):
        provider = PROVIDERS.get(self.provider)
        if provider is None or not provider.is_valid_id(self.id):
            raise ValueError("not a valid embed")

    @property
    def label(self):
        return PROVIDERS[self.provider].label

    @property
    def is_video(self):
        if self.provider == "facebook":
            return "/posts/" not in self.id
        return self.provider in ("youtube", "tiktok") or self.id.startswith("reel/")

    @property
    def url(self):
        """The post on the provider's own site: the link readers follow."""
        if self.provider == "youtube":
            return f"https://www.youtube.com/watch?v={self.id}"
        if self.provider == "x":
            user, number = self.id.split("/")
            return f"https://x.com/{user}/status/{number}"
        if self.provider == "instagram":
            return f"https://www.instagram.com/{self.id}/"
        if self.provider == "tiktok":
            user, number = self.id.split("/")
            return f"https://www.tiktok.com/@{user}/video/{number}"
        if self.id.startswith("fb.watch/"):
            return f"https://{self.id}/"
        if self.id.startswith("watch/"):
            return f"https://www.facebook.com/watch/?v={self.id.removeprefix('watch/')}"
        return f"https://www.facebook.com/{self.id}"

    @property
    def frame_url(self):
        """The provider's official iframe player or post (no script of theirs on our page)."""
        if self.provider == "youtube":
            return f"https://www.youtube-nocookie.com/embed/{self.id}"
        if self.provider == "x":
            return f"https://platform.twitter.com/embed/Tweet.html?id={self.id.split('/')[1]}"
        if self.provider == "instagram":
            return f"https://www.instagram.com/{self.id}/embed/"
        if self.provider == "tiktok":
            return f"https://www.tiktok.com/embed/v2/{self.id.split('/')[1]}"
        plugin = "video" if self.is_video else "post"
        return f"https://www.facebook.com/plugins/{plugin}.php?href={quote(self.url, safe='')}"

    def marker(self):
        """The canonical body markup (see the module docstring)."""
        url = html.escape(self.url)
        return (
            f'<figure class="embed" data-provider="{self.provider}" data-id="{self.id}">'
            f'<a href="{url}" rel="noopener noreferrer nofollow">{url}</a></figure>'
        )


def parse_embed_url(url):
    """The Embed a URL of one of the allowed shapes shows, or None."""
    if not isinstance(url, str) or _UNSAFE.search(url) or len(url) > 500:
        return None
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or port is not None:
        return None
    if parts.username is not None or parts.password is not None or "@" in parts.netloc:
        return None
    host = (parts.hostname or "").lower()
    provider = next((name for name, p in PROVIDERS.items() if host in p.hosts), None)
    if provider is None:
        return None
    embed_id = _embed_id(provider, host, parts.path, parts.query)
    if embed_id is None:
        return None
    return Embed(provider, embed_id)


def _embed_id(provider, host, path, query):
    if host == "youtu.be":
        found = re.fullmatch(rf"/({YOUTUBE_ID})/?", path)
        return found.group(1) if found else None
    if host.endswith("fb.watch"):
        found = re.fullmatch(rf"/({FB_WATCH_CODE})/?", path)
        return f"fb.watch/{found.group(1)}" if found else None
    if provider in ("youtube", "facebook") and path.rstrip("/") == "/watch":
        values = parse_qs(query).get("v", [])
        pattern = YOUTUBE_ID if provider == "youtube" else DIGITS
        if len(values) != 1 or not re.fullmatch(pattern, values[0]):
            return None
        return values[0] if provider == "youtube" else f"watch/{values[0]}"
    for pattern, template in _PATHS[provider]:
        found = pattern.fullmatch(path)
        if found:
            return template.format(*found.groups())
    return None


def embed_or_none(provider, embed_id):
    try:
        return Embed(provider, embed_id)
    except ValueError:
        return None


# -- the body: markers kept canonical, bare addresses turned into markers -----------------

_FIGURE_TAG = re.compile(r"<(/?)figure\b([^>]*)>", re.IGNORECASE)
_ATTRIBUTE = re.compile(r'([^\s=/>]+)(?:="([^"]*)")?')
_MARKER_SIGNS = ("data-provider", "data-id")
# A paragraph holding nothing but an address, as text or as a link (nh3's output: attributes
# double-quoted, text escaped).
_BARE_PARAGRAPH = re.compile(
    r'<p(?:\s[^>]*)?>\s*(?:<a href="([^"]*)"[^>]*>([^<]*)</a>|([^<\s]+))\s*</p>'
)


def _attributes(tag_attributes):
    return {
        name.lower(): html.unescape(value or "")
        for name, value in _ATTRIBUTE.findall(tag_attributes)
    }


def _is_marker(attributes):
    return any(sign in attributes for sign in _MARKER_SIGNS) or "embed" in (
        attributes.get("class", "").split()
    )


def canonical_embeds(body):
    """Every embed marker of sanitised `body` rebuilt from its provider and id, or removed
    (with all it holds) when they are not valid; every paragraph holding only an allowed
    address made an embed."""
    if "<figure" in body:
        body = _rebuild_markers(body)
    if "http" in body:
        body = _BARE_PARAGRAPH.sub(_bare_paragraph, body)
    return body


def _rebuild_markers(body):
    out, position = [], 0
    tags = list(_FIGURE_TAG.finditer(body))
    for number, tag in enumerate(tags):
        if tag.start() < position or tag.group(1):
            continue  # inside a marker already replaced, or a closing tag
        attributes = _attributes(tag.group(2))
        if not _is_marker(attributes):
            continue
        out.append(body[position : tag.start()])
        embed = embed_or_none(attributes.get("data-provider"), attributes.get("data-id"))
        out.append(embed.marker() if embed else "")
        position = _matching_end(tags, number, len(body))
    out.append(body[position:])
    return "".join(out)


def _matching_end(tags, opening, default):
    """Where the figure opened by `tags[opening]` ends: nh3's output is well-formed, so
    counting the figure tags suffices."""
    depth = 0
    for tag in tags[opening:]:
        depth += -1 if tag.group(1) else 1
        if depth == 0:
            return tag.end()
    return default


def _bare_paragraph(match):
    href, text, bare = match.groups()
    if bare is not None:
        embed = parse_embed_url(html.unescape(bare))
    else:
        embed = parse_embed_url(html.unescape(href))
        if embed is not None and parse_embed_url(html.unescape(text).strip()) != embed:
            embed = None  # a link with words of its own is a link, not an embed
    return embed.marker() if embed else match.group(0)


# -- reading markers back (public pages, CSP) ---------------------------------------------

MARKER = re.compile(
    r'<figure class="embed" data-provider="([a-z]+)" data-id="([^"]*)">.*?</figure>', re.DOTALL
)


def embeds_in(body):
    """The valid embeds of a stored body, in order."""
    if 'class="embed"' not in (body or ""):
        return []
    found = (embed_or_none(*match.groups()) for match in MARKER.finditer(body))
    return [embed for embed in found if embed]


def frame_hosts(embeds):
    """The iframe origins `embeds` need, sorted: the page's CSP frame-src."""
    return sorted({PROVIDERS[embed.provider].frame_host for embed in embeds})


def all_frame_hosts():
    """Every provider's iframe origin, sorted."""
    return sorted({provider.frame_host for provider in PROVIDERS.values()})
