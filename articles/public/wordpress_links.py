"""WordPress's short links, `/?p=<id>`, `/?page_id=<id>` and `/?attachment_id=<id>`.

Every WordPress site answers them, and years of shares on social networks point at them. After
an import (`import_wxr`, whose source id is the WordPress post id) they answer 301 to what they
named:

- `p` and `page_id`: the public article imported from that post; for `page_id`, first the
  published page imported from that WordPress page (articles/importers/wxr/pages.py).
  WordPress numbers posts, pages and attachments in one sequence, so an id names one thing;
- `attachment_id`: the picture itself, at its public address in the library (its largest
  JPEG rendition), when `import_wxr --media-dir` brought the file in. The link named a picture,
  and the picture stays public whatever happens to the article that first used it.

Anything else (an unknown or non-numeric id, an article not public) keeps the home page. The
home page pays nothing without these parameters; with one, a single lookup on the source id
index (`article_source_id_idx`, `attachment_source_id_idx`).
"""

from articles.models import Article, ImportedAttachment, Page

# The importer's source for WordPress exports: "wxr:<site address>". Text archives number
# their articles too; their ids are not WordPress's.
WORDPRESS_SOURCE_PREFIX = "wxr:"
ARTICLE_PARAMETERS = ("p", "page_id")
ATTACHMENT_PARAMETER = "attachment_id"
SHORT_LINK_PARAMETERS = (*ARTICLE_PARAMETERS, ATTACHMENT_PARAMETER)
# WordPress ids are BIGINT UNSIGNED: at most 20 digits.
MAX_ID_DIGITS = 20


def has_short_link_parameter(query):
    return any(name in query for name in SHORT_LINK_PARAMETERS)


def wordpress_id(value):
    """The id as the importer stored it ("0042" is post 42), or None when it is no id."""
    value = value.strip()
    if not (value.isascii() and value.isdigit()) or len(value) > MAX_ID_DIGITS:
        return None
    return str(int(value))


def short_link_target(query):
    """The address `/?p=…`, `/?page_id=…` or `/?attachment_id=…` names, or None."""
    name = next((name for name in SHORT_LINK_PARAMETERS if name in query), None)
    if name is None:
        return None
    post_id = wordpress_id(query[name])
    if post_id is None:
        return None
    if name == ATTACHMENT_PARAMETER:
        attachment = (
            ImportedAttachment.objects.filter(
                source__startswith=WORDPRESS_SOURCE_PREFIX,
                source_id=post_id,
                image__isnull=False,
            )
            .select_related("image")
            .order_by("-pk")
            .first()
        )
        return attachment.image.fallback_url if attachment else None
    if name == "page_id":
        page = (
            Page.objects.published()
            .filter(source__startswith=WORDPRESS_SOURCE_PREFIX, source_id=post_id)
            .only("slug")
            .first()
        )
        if page is not None:
            return page.get_absolute_url()
    imported = Article.objects.filter(source__startswith=WORDPRESS_SOURCE_PREFIX, source_id=post_id)
    article = imported.published().only("pk", "slug").first()
    if article is None:
        # A taken-down post's short link leads to its address, which answers 410 Gone like
        # every other address of it (docs/decisions/takedown-410.md).
        article = imported.taken_down().only("pk", "slug").first()
    return article.get_absolute_url() if article else None
