"""WordPress post content -> body HTML, the way WordPress itself would have shown it.

WordPress stores posts with blank lines for paragraphs (its `wpautop` filter adds the `<p>`s
when a page is shown), `[caption]` shortcodes around images, and, since version 5, block
comments (`<!-- wp:paragraph -->`). We turn embeds (Gutenberg blocks, `[embed]`, bare URLs)
into embed markers or, for addresses the site does not embed, links, captions and galleries into figures (`wp_shortcodes`), drop block comments and
every other shortcode (counted for the report, so that no reader ever sees one), apply the
paragraph rules, then sanitise.
"""

import re
from dataclasses import dataclass

from articles.importers.wxr.wp_shortcodes import Conversion
from articles.sanitize import sanitize_body_html

BLOCK_TAGS = (
    "table|thead|tfoot|caption|col|colgroup|tbody|tr|td|th|div|dl|dd|dt|ul|ol|li|pre|form|"
    "blockquote|address|math|style|script|p|h[1-6]|hr|fieldset|legend|section|article|aside|"
    "hgroup|header|footer|nav|figure|figcaption|details|menu|summary|iframe|video|audio|object"
)
BLOCK_OPEN = re.compile(rf"(<(?:{BLOCK_TAGS})(?=[\s/>]))", re.IGNORECASE)
BLOCK_CLOSE = re.compile(rf"(</(?:{BLOCK_TAGS})>)", re.IGNORECASE)
STARTS_WITH_BLOCK = re.compile(rf"^</?(?:{BLOCK_TAGS})(?=[\s/>])", re.IGNORECASE)
BLOCK_COMMENT = re.compile(r"<!--\s*/?wp:.*?-->", re.DOTALL)
# What a removed shortcode can leave behind ("<p>[toc]</p>"); WordPress drops them too.
EMPTY_PARAGRAPH = re.compile(r"<p>\s*</p>\n?")
PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\n")
CAPTION = re.compile(r"\[caption([^\]]*)\](.*?)\[/caption\]", re.DOTALL | re.IGNORECASE)
CAPTION_MEDIA = re.compile(
    r"^\s*((?:<a\s[^>]*>\s*)?<img\s[^>]*>(?:\s*</a>)?)(.*)$", re.DOTALL | re.IGNORECASE
)
CAPTION_ATTRIBUTE = re.compile(r'caption="([^"]*)"')


def caption_to_figure(match):
    attributes, inner = match.group(1), match.group(2)
    media = CAPTION_MEDIA.match(inner)
    if media is None:
        return inner
    caption = media.group(2).strip()
    if not caption:
        attribute = CAPTION_ATTRIBUTE.search(attributes)
        caption = attribute.group(1) if attribute else ""
    figcaption = f"<figcaption>{caption}</figcaption>" if caption else ""
    return f"<figure>{media.group(1)}{figcaption}</figure>"


def autop(text):
    """WordPress's paragraph rules: blank lines separate paragraphs, single newlines are <br>."""
    text = BLOCK_OPEN.sub(r"\n\n\1", text)
    text = BLOCK_CLOSE.sub(r"\1\n\n", text)
    chunks = []
    for chunk in PARAGRAPH_BREAK.split(text):
        chunk = chunk.strip()
        if not chunk:
            continue
        if STARTS_WITH_BLOCK.match(chunk):
            chunks.append(chunk)
        else:
            chunks.append("<p>" + re.sub(r"\s*\n\s*", "<br>\n", chunk) + "</p>")
    return "\n".join(chunks)


@dataclass
class ConvertedContent:
    html: str  # sanitised
    conversion: Conversion  # what was met: unknown shortcodes, embeds, galleries

    @property
    def unknown_shortcodes(self):
        return self.conversion.unknown


def wp_content_to_html(content, *, pictures=None, post_id=""):
    """Convert one post's content (see the module docstring); return a ConvertedContent.

    `pictures`: the library pictures of the export's attachments (`GalleryPictures`), for
    `[gallery]`; `post_id`: the post's WordPress id (a gallery without ids shows its own).
    """
    conversion = Conversion(pictures, post_id)
    text = (content or "").replace("\r\n", "\n").replace("\r", "\n")
    text = conversion.embed_blocks(text)
    text = BLOCK_COMMENT.sub("", text)
    text = conversion.embed_shortcodes(text)
    text = CAPTION.sub(caption_to_figure, text)
    text = conversion.galleries_to_figures(text)
    text = conversion.bare_embeds(text)
    text = conversion.remove_unknown(text)
    html = sanitize_body_html(EMPTY_PARAGRAPH.sub("", autop(text)))
    return ConvertedContent(html=html, conversion=conversion)
