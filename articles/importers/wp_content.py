"""WordPress post content -> body HTML, the way WordPress itself would have shown it.

WordPress stores posts with blank lines for paragraphs (its `wpautop` filter adds the `<p>`s
when a page is shown), `[caption]` shortcodes around images, and, since version 5, block
comments (`<!-- wp:paragraph -->`). We apply the paragraph rules, turn captions into figures,
drop block comments, keep any other shortcode as visible text (reported, so an editor can
look), then sanitise.
"""

import re
from collections import Counter

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
PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\n")
CAPTION = re.compile(r"\[caption([^\]]*)\](.*?)\[/caption\]", re.DOTALL | re.IGNORECASE)
CAPTION_MEDIA = re.compile(
    r"^\s*((?:<a\s[^>]*>\s*)?<img\s[^>]*>(?:\s*</a>)?)(.*)$", re.DOTALL | re.IGNORECASE
)
CAPTION_ATTRIBUTE = re.compile(r'caption="([^"]*)"')
SHORTCODE = re.compile(r"\[([A-Za-z][\w-]*)(?=[\s\]/=])[^\]\[]*\]")


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


def wp_content_to_html(content):
    """Return (sanitised HTML, Counter of the unknown shortcodes left in the text)."""
    text = (content or "").replace("\r\n", "\n").replace("\r", "\n")
    text = BLOCK_COMMENT.sub("", text)
    text = CAPTION.sub(caption_to_figure, text)
    unknown = Counter(match.group(1).lower() for match in SHORTCODE.finditer(text))
    return sanitize_body_html(autop(text)), unknown
