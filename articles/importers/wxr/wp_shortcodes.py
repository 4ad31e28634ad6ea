"""WordPress shortcodes and embeds -> body HTML that readers may see (no database).

What WordPress showed in place of each, and what we write instead:
- `[gallery ids="3,5"]` (or `include=`, or no ids: the post's own attachments): a grid of
  pictures. It becomes `<figure class="gallery">` holding one `<figure>` per library picture,
  the same `<img>` + `<figcaption>` markup a `[caption]` becomes (the page serves library
  `<img>`s as responsive <picture>s). Ids with no library picture are dropped and reported.
- `[embed]URL[/embed]`, a bare URL of YouTube, Facebook, X/Twitter, Instagram or TikTok on a
  line of its own (WordPress's "auto-embed") and Gutenberg embed blocks
  (`<!-- wp:embed {"url": …} -->`, `<!-- wp:core-embed/youtube … -->`, or their rendered
  `<figure class="wp-block-embed …">` alone): the provider's player. An address of one of the
  post shapes the site embeds (articles/embeds/providers.py) becomes the body's embed marker,
  `<figure class="embed" data-provider=… data-id=…>`; any other address (another provider, a
  channel or profile page) stays a link showing its address,
  `<p class="embed"><a href="URL">URL</a></p>`.
- any other shortcode, `[name …]`, `[name … /]` or `[/name]`, is removed (text between an
  opening and a closing tag is kept) and counted by name for the import report. WordPress
  replaces only the shortcodes a plugin registered and shows any other bracket as text; we
  cannot know which plugins the old site had, so a bracket counts as a shortcode when it looks
  like one: a name starting with a lowercase letter (WordPress's matching is case-sensitive and
  registered names are lowercase, so "[AFP]" stays), followed by attributes (`key=value`, a
  quoted value, a URL) or "/", or closed later by `[/name]`, or with nothing else alone in its
  line or paragraph ("[toc]"). Prose in brackets, "[simple boat]", "[sic]", stays text.

Every pattern is compiled once, at import time: they run on every post (docs/performance.md,
"Measurements behind the code").
"""

import html
import json
import re
from collections import Counter
from urllib.parse import urlsplit

from django.utils.translation import gettext as _

from articles.embeds.providers import parse_embed_url

# Hosts whose URLs WordPress turned into players (its oEmbed providers we keep), with their
# subdomains (www., m., mobile., vm.).
EMBED_HOSTS = (
    "youtube.com",
    "youtu.be",
    "facebook.com",
    "fb.watch",
    "twitter.com",
    "x.com",
    "instagram.com",
    "instagr.am",
    "tiktok.com",
)
URL = r"https?://[^\s<>\"'\[\]]+"
EMBED_BLOCK = re.compile(
    r"<!--\s*wp:(?:core-|core/)?embed(?:/[a-z0-9-]+)?(?:\s+(\{.*?\}))?\s*/?-->"
    r"(?:(.*?)<!--\s*/wp:(?:core-|core/)?embed(?:/[a-z0-9-]+)?\s*-->)?",
    re.DOTALL,
)
# A rendered embed block without its comments (copied from a page, or a plugin's output).
EMBED_FIGURE = re.compile(
    r"<figure\s[^>]*\bclass=[\"'][^\"']*\bwp-block-embed\b[^>]*>(.*?)</figure>",
    re.DOTALL | re.IGNORECASE,
)
EMBED_SHORTCODE = re.compile(r"\[embed\b[^\]]*\](.*?)\[/embed\]", re.DOTALL)
FIRST_URL = re.compile(URL)
# WordPress's two auto-embed shapes: a URL alone on its line, or alone in a paragraph.
BARE_URL_LINE = re.compile(rf"^[ \t]*({URL})[ \t]*$", re.MULTILINE)
BARE_URL_PARAGRAPH = re.compile(rf"<p(?:\s[^>]*)?>\s*({URL})\s*</p>", re.IGNORECASE)
GALLERY = re.compile(r"\[gallery\b([^\]]*)\]")
GALLERY_IDS = re.compile(r"""\b(?:ids|include)\s*=\s*["']?([\d,\s]+)""")
OPENING = re.compile(r"\[([a-z][\w-]*)((?:[\s/][^\]\[]*)?)\]")
# What may follow a shortcode's name: nothing, "/", name=value pairs, a quoted value or a URL.
# Prose in brackets ("coracles [simple boat]") has bare words instead, and stays text.
SHORTCODE_ATTRIBUTES = re.compile(r"""^\s*(?:/|.*=.*|["'].*|https?://.*)\s*$""", re.DOTALL)
# A bare "[name]" is a shortcode only alone in its line or paragraph: inline, "[sic]" or a link
# reading "[top]" is text.
ALONE_BEFORE = re.compile(r"(?:^|\n)[ \t]*(?:<(?:p|div)\b[^>]*>[ \t]*)*$", re.IGNORECASE)
ALONE_AFTER = re.compile(r"[ \t]*(?:</(?:p|div)>[ \t]*)*(?:\n|$)", re.IGNORECASE)
CLOSING = re.compile(r"\[/([a-z][\w-]*)\]")


def is_embed_url(url):
    host = (urlsplit(url).hostname or "").lower()
    return any(host == known or host.endswith("." + known) for known in EMBED_HOSTS)


def embed_link(url):
    """The stand-in for a post the site does not embed: a paragraph linking to it."""
    url = html.escape(html.unescape(url.strip()))
    return f'\n\n<p class="embed"><a href="{url}">{url}</a></p>\n\n'


def embed_html(url):
    """(markup, whether it is an embed marker) for an embedded address met in a post."""
    embed = parse_embed_url(html.unescape(url.strip()))
    if embed is None:
        return embed_link(url), False
    return f"\n\n{embed.marker()}\n\n", True


class Conversion:
    """Shortcodes and embeds of one post converted; what was met is counted on the way."""

    def __init__(self, pictures=None, post_id=""):
        # `pictures`: a `GalleryPictures`-like object (`get(id)`, `children(post id)`), or None
        # when no attachment is in the library.
        self.pictures = pictures
        self.post_id = post_id
        self.unknown = Counter()
        self.embeds = 0  # became embed markers
        self.embed_links = 0  # addresses the site does not embed, kept as links
        self.galleries = 0
        self.gallery_pictures = 0
        self.empty_galleries = 0
        self.missing_attachments = []

    def embed(self, url):
        markup, embedded = embed_html(url)
        if embedded:
            self.embeds += 1
        else:
            self.embed_links += 1
        return markup

    def embed_blocks(self, text):
        text = EMBED_BLOCK.sub(self._embed_block, text)
        return EMBED_FIGURE.sub(self._embed_figure, text)

    def _embed_figure(self, match):
        found = FIRST_URL.search(match.group(1))
        return self.embed(found.group(0)) if found else ""

    def _embed_block(self, match):
        url = ""
        if match.group(1):
            try:
                attributes = json.loads(match.group(1))
            except ValueError:
                attributes = {}
            if isinstance(attributes, dict) and isinstance(attributes.get("url"), str):
                url = attributes["url"]
        if not FIRST_URL.fullmatch(url.strip()):
            found = FIRST_URL.search(match.group(2) or "")
            url = found.group(0) if found else ""
        if not url:
            return ""
        return self.embed(url)

    def embed_shortcodes(self, text):
        return EMBED_SHORTCODE.sub(self._embed_shortcode, text)

    def _embed_shortcode(self, match):
        found = FIRST_URL.fullmatch(match.group(1).strip())
        if found is None:
            self.unknown["embed"] += 1
            return ""
        return self.embed(found.group(0))

    def bare_embeds(self, text):
        text = BARE_URL_PARAGRAPH.sub(self._bare, text)
        return BARE_URL_LINE.sub(self._bare, text)

    def _bare(self, match):
        if not is_embed_url(match.group(1)):
            return match.group(0)
        return self.embed(match.group(1))

    def galleries_to_figures(self, text):
        return GALLERY.sub(self._gallery, text)

    def _gallery(self, match):
        found = GALLERY_IDS.search(match.group(1))
        if found:
            ids = [part.strip() for part in found.group(1).split(",") if part.strip()]
        else:
            ids = self.pictures.children(self.post_id) if self.pictures else []
        figures = []
        for attachment_id in ids:
            picture = self.pictures.get(attachment_id) if self.pictures else None
            if picture is None:
                self.missing_attachments.append(attachment_id)
            else:
                figures.append(picture_figure(picture))
        if not figures:
            self.empty_galleries += 1
            return ""
        self.galleries += 1
        self.gallery_pictures += len(figures)
        return "\n\n" + gallery_figure(figures) + "\n\n"

    def remove_unknown(self, text):
        """Drop every shortcode left; count each name once per opening (or lone closing) tag."""
        opened = set()
        closed = set(CLOSING.findall(text))

        def opening(match):
            name = match.group(1)
            if name not in closed and not (
                SHORTCODE_ATTRIBUTES.match(match.group(2)) or alone(match)
            ):
                return match.group(0)
            opened.add(name)
            self.unknown[name] += 1
            return ""

        def closing(match):
            if match.group(1) not in opened:
                self.unknown[match.group(1)] += 1
            return ""

        return CLOSING.sub(closing, OPENING.sub(opening, text))


def alone(match):
    """Whether a bracket has nothing but paragraph tags beside it on its line."""
    text, start, end = match.string, match.start(), match.end()
    before = text[max(0, text.rfind("\n", 0, start)) : start]
    return bool(ALONE_BEFORE.search(before)) and bool(ALONE_AFTER.match(text, end))


def picture_figure(picture):
    """One library picture as a [caption] becomes: <figure><img><figcaption></figure>.

    `picture`: (src, alt, caption, credit), plain text.
    """
    src, alt, caption, credit = (html.escape(value) for value in picture)
    parts = [caption] if caption else []
    if credit:
        parts.append(
            '<span class="credit">' + _("Photo: %(credit)s") % {"credit": credit} + "</span>"
        )
    figcaption = f"<figcaption>{' '.join(parts)}</figcaption>" if parts else ""
    return f'<figure><img src="{src}" alt="{alt}">{figcaption}</figure>'


def gallery_figure(figures):
    """The body's gallery: `<figure class="gallery">` around `picture_figure`s, in order."""
    return '<figure class="gallery">' + "".join(figures) + "</figure>"


class GalleryPictures:
    """WordPress attachment id -> the library picture made from it, for `[gallery]`.

    Built from `(attachment id, parent post id, src, alt, caption, credit)` rows; the importer
    loads them once per run (see `importer`), never per post.
    """

    def __init__(self, rows=()):
        self._pictures = {}
        self._children = {}
        for attachment_id, parent_id, *picture in rows:
            self._pictures[attachment_id] = tuple(picture)
            if parent_id:
                self._children.setdefault(parent_id, []).append(attachment_id)
        for children in self._children.values():
            # WordPress shows a post's own attachments by upload order when no ids are given.
            children.sort(key=lambda value: (len(value), value))

    def __bool__(self):
        return bool(self._pictures)

    def get(self, attachment_id):
        return self._pictures.get(attachment_id)

    def children(self, post_id):
        return self._children.get(post_id, [])
