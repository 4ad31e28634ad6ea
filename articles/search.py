"""Arabic full-text search over public articles.

The searchable text lives in one generated column, `Article.search_document`, that the database
computes from the headline, standfirst and body on every insert and update (admin saves,
importers, `QuerySet.update`, `bulk_create`), so it can never fall out of step:

- on PostgreSQL it is a `tsvector` built with the `arabic` text-search configuration, the
  headline weighted A and the rest B, with a GIN index (migration 0002);
- on SQLite it is the normalised text itself, searched word by word with LIKE.

Both apply `articles.text.SEARCH_FOLDS`, the same folding table that `normalise_for_search`
applies to the reader's query in Python: one normaliser for documents and queries.
"""

import html
import re

from django.contrib.postgres.search import SearchQuery, SearchVectorExact
from django.db import connection
from django.db.models import BooleanField, F, Field, Func, TextField
from django.db.models.expressions import RawSQL
from django.utils.html import escape, format_html
from django.utils.safestring import mark_safe

from articles.text import SEARCH_FOLDS, normalise_for_search

# Longer queries are cut here: nobody types more, and it bounds the work per request.
MAX_QUERY_LENGTH = 200
MAX_QUERY_WORDS = 12
# Results a search keeps (10 pages): enough for a reader, and bounded work per request.
MAX_RESULTS = 200
SNIPPET_WORDS = 30
_TAGS = re.compile(r"<[^>]*>")
SQLITE_FUNCTION = "newsroom_search_document"


class SearchDocumentField(Field):
    """A `tsvector` on PostgreSQL, plain normalised text elsewhere.

    Not `SearchVectorField`, which would require django.contrib.postgres on SQLite too.
    """

    def db_type(self, connection):
        return "tsvector" if connection.vendor == "postgresql" else "text"


# `search_document=SearchQuery(...)` compiles to `search_document @@ query` on PostgreSQL.
SearchDocumentField.register_lookup(SearchVectorExact)


def _translate_arguments():
    """PostgreSQL's translate(): characters mapped to one character, then those dropped."""
    mapped = [(src, dst) for src, dst in SEARCH_FOLDS.items() if dst]
    dropped = [src for src, dst in SEARCH_FOLDS.items() if not dst]
    return "".join(src for src, _ in mapped) + "".join(dropped), "".join(d for _, d in mapped)


class ArticleSearchDocument(Func):
    """The database-side twin of `normalise_for_search`, over an article's text columns."""

    output_field = TextField()

    def __init__(self):
        super().__init__(F("headline"), F("standfirst"), F("body"))

    def _compiled_arguments(self, compiler, connection):
        parts = [compiler.compile(expression) for expression in self.get_source_expressions()]
        return [sql for sql, _ in parts], [p for _, params in parts for p in params]

    def as_sql(self, compiler, connection, **extra_context):
        # SQLite: the Python normaliser itself, registered as a deterministic SQL function
        # on every connection (articles/apps.py), which generated columns may call.
        (headline, standfirst, body), params = self._compiled_arguments(compiler, connection)
        return f"{SQLITE_FUNCTION}({headline}, {standfirst}, {body})", params

    def as_postgresql(self, compiler, connection, **extra_context):
        (headline, standfirst, body), params = self._compiled_arguments(compiler, connection)
        source, target = _translate_arguments()

        def normalised(sql):
            return f"lower(translate({sql}, %s, %s))"

        rest = f"{standfirst} || ' ' || regexp_replace({body}, '<[^>]*>', ' ', 'g')"
        sql = (
            f"setweight(to_tsvector('arabic'::regconfig, {normalised(headline)}), 'A') || "
            f"setweight(to_tsvector('arabic'::regconfig, {normalised(rest)}), 'B')"
        )
        return sql, [*params, source, target, source, target]


def clean_query(raw):
    """The reader's query, bounded and normalised; "" when nothing searchable is left."""
    words = normalise_for_search((raw or "")[:MAX_QUERY_LENGTH]).split()
    return " ".join(words[:MAX_QUERY_WORDS])


def search_articles(queryset, query):
    """`queryset` narrowed to articles matching the normalised `query`, newest-relevant first.

    On PostgreSQL the newest `MAX_RESULTS` matches are kept (found through the GIN index, or
    by walking the newest articles when the words are common), and among them articles whose
    headline matches come first, newest first within each group. A reader wants today's
    story about a word, not one from years ago that happens to repeat it.
    """
    if connection.vendor == "postgresql":
        ts_query = SearchQuery(query, config="arabic", search_type="plain")
        newest_matches = (
            queryset.filter(search_document=ts_query)
            .order_by("-publish_at", "-id")
            .values("pk")[:MAX_RESULTS]
        )
        in_headline = RawSQL(
            'ts_filter("articles_article"."search_document", \'{a}\') @@ plainto_tsquery('
            "'arabic'::regconfig, %s)",
            [query],
            output_field=BooleanField(),
        )
        return (
            queryset.filter(pk__in=newest_matches)
            .annotate(in_headline=in_headline)
            .order_by("-in_headline", "-publish_at", "-id")
        )
    for word in query.split():
        queryset = queryset.filter(search_document__contains=word)
    return queryset.order_by("-publish_at", "-id")[:MAX_RESULTS]


def with_snippets(articles, query):
    """Set `article.snippet`: escaped HTML from the article's own text, query words in <mark>.

    Done in Python on both databases: the database's ts_headline could only mark words in the
    normalised text (ة shown as ه, no hamza), which readers would take for typos.
    """
    articles = list(articles)
    for article in articles:
        article.snippet = highlight(plain_text(article), query)
    return articles


def plain_text(article):
    return html.unescape(_TAGS.sub(" ", f"{article.standfirst} {article.body}"))


def search_document_text(headline, standfirst, body):
    """The SQLite search document: the normalised headline, standfirst and body text."""
    text = html.unescape(_TAGS.sub(" ", f"{headline} {standfirst} {body or ''}"))
    return normalise_for_search(text)


def register_sqlite_function(sender, connection, **kwargs):
    """Make `search_document_text` callable from SQLite's generated column."""
    if connection.vendor == "sqlite":
        connection.connection.create_function(
            SQLITE_FUNCTION, 3, search_document_text, deterministic=True
        )


def highlight(text, query):
    """A window of `text` around the first match, with every matching word marked.

    Words are normalised only up to the first match and inside the window: a long body is
    never normalised whole.
    """
    terms = query.split()
    words = text.split()

    def matches(word):
        normalised = normalise_for_search(word)
        return bool(normalised) and any(term in normalised for term in terms)

    first = next((i for i, word in enumerate(words) if matches(word)), 0)
    start = max(0, first - SNIPPET_WORDS // 3)
    window = range(start, min(len(words), start + SNIPPET_WORDS))
    # Each word is escaped on its own; only the <mark> tags added here are markup.
    pieces = [
        format_html("<mark>{}</mark>", words[i]) if matches(words[i]) else escape(words[i])
        for i in window
    ]
    return mark_safe(" ".join(pieces))  # noqa: S308 — every piece is escaped above
