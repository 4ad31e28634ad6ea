"""What the article page shows besides the article row: authors, tags, corrections, related.

Prefetching the three relations through the ORM cost most of the page's CPU, nearly all of it
building the three queries and a queryset per relation (the database answers each at once).
These are fixed one-table lookups by the article's id, so they are written once here as SQL over
the models' own table and column names and read with `Model.objects.raw`, which maps rows to
instances without compiling anything. tests/articles/public/test_article_page.py pins the
results against the ORM's querysets. Measured against them, and when to revisit:
docs/decisions/article-page-sql.md.
"""

from dataclasses import dataclass

from django.db import connection
from django.utils import timezone

from articles.models import Article, Byline, Correction, Tag
from articles.models.article import PUBLIC_STATUSES
from authors.models import Author

RELATED_COUNT = 4


def _table(model):
    return model._meta.db_table


def _column(model, name):
    return model._meta.get_field(name).column


def _all_columns(model, alias):
    """Every column by name, not `alias.*`: a statement prepared on the server (settings'
    prepare_threshold) would fail once a migration added a column to the table."""
    return ", ".join(f"{alias}.{field.column}" for field in model._meta.concrete_fields)


AUTHORS_SQL = (
    f"SELECT {_all_columns(Author, 'a')} FROM {_table(Author)} a"
    f" JOIN {_table(Byline)} b ON b.{_column(Byline, 'author')} = a.{_column(Author, 'id')}"
    f" WHERE b.{_column(Byline, 'article')} = %s"
    f" ORDER BY b.{_column(Byline, 'position')}, b.{_column(Byline, 'id')}"
)
ArticleTag = Article.tags.through
TAGS_SQL = (
    f"SELECT {_all_columns(Tag, 't')} FROM {_table(Tag)} t"
    f" JOIN {_table(ArticleTag)} at ON at.{_column(ArticleTag, 'tag')} = t.{_column(Tag, 'id')}"
    f" WHERE at.{_column(ArticleTag, 'article')} = %s"
    f" ORDER BY t.{_column(Tag, 'name')}, t.{_column(Tag, 'id')}"
)
CORRECTIONS_SQL = (
    f"SELECT {_all_columns(Correction, 'c')} FROM {_table(Correction)} c WHERE c.{_column(Correction, 'article')} = %s"
    f" ORDER BY c.{_column(Correction, 'created_at')}, c.{_column(Correction, 'id')}"
)


@dataclass(frozen=True)
class PageRelations:
    authors: list
    tags: list
    corrections: list


def page_relations(article):
    """The article's authors (byline order), tags (by name) and corrections (oldest first)."""
    return PageRelations(
        authors=list(Author.objects.raw(AUTHORS_SQL, [article.pk])),
        tags=list(Tag.objects.raw(TAGS_SQL, [article.pk])),
        corrections=list(Correction.objects.raw(CORRECTIONS_SQL, [article.pk])),
    )


# Related articles: the newest of the same section and the newest sharing a tag, each a short
# walk of a publish index stopping at RELATED_COUNT (one query with "section OR tagged" made
# PostgreSQL hash every article carrying one of the tags). Built through the ORM the two walks
# cost more CPU than the rest of the page's queries together, while the database answers both
# at once (docs/decisions/article-page-sql.md).
# `_PUBLIC` restates `Article.objects.published()`; the tests pin this lookup against an ORM
# twin built on published() at the edges of time, so the two cannot drift apart unnoticed.
_RELATED_FIELDS = ("id", "slug", "headline", "publish_at", "language")
_SELECT = ", ".join(f"a.{_column(Article, name)}" for name in _RELATED_FIELDS)
_RELATED_OUTER = ", ".join(_column(Article, name) for name in _RELATED_FIELDS)
_STATUS, _PUBLISH_AT, _EXPIRES_AT, _ID, _SECTION = (
    f"a.{_column(Article, name)}"
    for name in ("status", "publish_at", "expires_at", "id", "section")
)
_PUBLIC = (
    f"{_STATUS} IN ({', '.join(['%s'] * len(PUBLIC_STATUSES))}) AND {_PUBLISH_AT} <= %s"
    f" AND ({_EXPIRES_AT} IS NULL OR {_EXPIRES_AT} > %s)"
)
_OUTER_ORDER = f"{_column(Article, 'publish_at')} DESC, {_column(Article, 'id')} DESC"
_NEWEST = f"ORDER BY {_PUBLISH_AT} DESC, {_ID} DESC LIMIT {RELATED_COUNT}"
_IN_SECTION = (
    f"SELECT {_SELECT} FROM {_table(Article)} a"
    f" WHERE {_SECTION} = %s AND {_ID} <> %s AND {_PUBLIC} {_NEWEST}"
)


def _tagged(tag_count):
    return (
        f"SELECT {_SELECT} FROM {_table(Article)} a WHERE {_ID} <> %s AND {_PUBLIC}"
        f" AND EXISTS (SELECT 1 FROM {_table(ArticleTag)} at"
        f" WHERE at.{_column(ArticleTag, 'article')} = {_ID}"
        f" AND at.{_column(ArticleTag, 'tag')} IN ({', '.join(['%s'] * tag_count)})) {_NEWEST}"
    )


def related_articles(article, tag_ids, now=None):
    """Other public articles in `article`'s section or sharing one of `tag_ids`, newest first.

    Instances carry only the fields the page shows (id, slug, headline, publish time,
    language), like `.only()` would give.
    """
    now = connection.ops.adapt_datetimefield_value(now or timezone.now())
    public = [*(status.value for status in PUBLIC_STATUSES), now, now]
    walks, params = [], []
    if article.section_id:
        walks.append(_IN_SECTION)
        params += [article.section_id, article.pk, *public]
    if tag_ids:
        walks.append(_tagged(len(tag_ids)))
        params += [article.pk, *public, *tag_ids]
    if not walks:
        return []
    # Each walk is wrapped as a subquery: SQLite allows no ORDER BY/LIMIT on a UNION's arms.
    union = " UNION ".join(
        f"SELECT {_RELATED_OUTER} FROM ({walk}) w{i}" for i, walk in enumerate(walks)
    )
    sql = f"{union} ORDER BY {_OUTER_ORDER} LIMIT {RELATED_COUNT}"
    return list(Article.objects.raw(sql, params))
