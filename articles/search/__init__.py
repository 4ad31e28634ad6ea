"""Arabic full-text search over public articles.

The searchable text lives in one generated column, `Article.search_document`, that the database
recomputes whenever a row is written. Its inputs are the headline and `Article.search_text`, the
already normalised standfirst and body text, which Python computes:

- `search_text` (`SearchTextField`) is `normalise_for_search` of the standfirst and of the
  body's text (tags stripped, entities unescaped). The field computes it in `pre_save` from the
  instance, so `save()`, `create()` and `bulk_create()` always write it, and `Article.save()`
  adds it to `update_fields` whenever the standfirst or the body is saved. Writes that bypass
  `pre_save` must set it themselves: `bulk_update` (give `search_text` with `body`), the
  importers' COPY (`articles/importers/bulk.py` refuses to leave it to its default) and
  `QuerySet.update` of the standfirst or the body.
- on PostgreSQL `search_document` is a `tsvector` built with the `arabic` text-search
  configuration: the headline folded inside the database (`lower(translate(...))` with the same
  table) weighted A, `search_text` weighted B, under a GIN index (migrations 0008 and 0015);
- on SQLite it is the normalised headline (the Python normaliser registered as an SQL
  function) followed by `search_text`, searched word by word with LIKE.

Why the split, measured on the 10,000-post import benchmark (bench/REPORT-importers.md, third
pass): PostgreSQL's `translate()` compares every character of its text with the whole
131-character fold table, so folding the standfirst and body in the database cost 5.6 s of
server time for 9,902 articles (about 1,800 characters each), and the first run took 16 s on
that machine (44-49 s on the slower one before). Folding them in Python costs the importer
0.8 s more CPU; the database's expression now takes 1.2-1.4 s and the first run 9.0-9.3 s.
The headline is short: folding it in the database costs little and keeps `search_text`
to the long text.

Documents and queries share `articles.text.SEARCH_FOLDS`: `normalise_for_search` applies it
to the reader's query and to `search_text`, the database applies it to the headline. Changing
the table needs a migration that refills `search_text` and re-creates the column (0015 shows
how). The documents are those the database computed before (tests/articles/test_search_text.py;
all 9,902 bench articles and 99,020 migrated ones compared equal), except where the body's
text differs from what PostgreSQL saw: entities (`&nbsp;`, `&quot;`, `&amp;`) are now the
characters they stand for rather than words ("nbsp"), and Python's NFC and lowercasing apply
(a hamza typed as a combining mark, as queries already had it; "İ").
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
SQLITE_FUNCTION = "newsroom_search_headline"
# The function of the column as migration 0008 created it (at the end of this module).
SQLITE_FUNCTION_0008 = "newsroom_search_document"


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


class SearchTextField(TextField):
    """`Article.search_text`: computed in Python from `derived_from` on every save.

    `pre_save` recomputes it from the instance, so nothing written through the model stores a
    stale value. Writers that skip `pre_save` (`bulk_update`, `QuerySet.update`, the
    importers' COPY) must give it themselves.
    """

    derived_from = ("standfirst", "body")

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("editable", False)
        kwargs.setdefault("blank", True)
        kwargs.setdefault("default", "")
        super().__init__(*args, **kwargs)

    def pre_save(self, model_instance, add):
        value = article_search_text(*(getattr(model_instance, n) for n in self.derived_from))
        setattr(model_instance, self.attname, value)
        return value


class _ArticleColumnsFunction(Func):
    output_field = TextField()

    def _compiled_arguments(self, compiler, connection):
        parts = [compiler.compile(expression) for expression in self.get_source_expressions()]
        return [sql for sql, _ in parts], [p for _, params in parts for p in params]


class ArticleSearchDocument(_ArticleColumnsFunction):
    """The search column: the headline folded by the database, then `search_text`."""

    def __init__(self):
        super().__init__(F("headline"), F("search_text"))

    def as_sql(self, compiler, connection, **extra_context):
        # SQLite: the Python normaliser of the headline, registered as a deterministic SQL
        # function on every connection (articles/apps.py), which generated columns may call.
        # trim() drops the space when either part is empty, as the old single text had none.
        (headline, search_text), params = self._compiled_arguments(compiler, connection)
        return f"trim({SQLITE_FUNCTION}({headline}) || ' ' || {search_text})", params

    def as_postgresql(self, compiler, connection, **extra_context):
        (headline, search_text), params = self._compiled_arguments(compiler, connection)
        source, target = _translate_arguments()
        sql = (
            "setweight(to_tsvector('arabic'::regconfig, "
            f"lower(translate({headline}, %s, %s))), 'A') || "
            f"setweight(to_tsvector('arabic'::regconfig, {search_text}), 'B')"
        )
        return sql, [*params, source, target]


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


def article_search_text(standfirst, body):
    """`Article.search_text`: the standfirst (plain text) and the body's text, normalised."""
    return normalise_for_search(f"{standfirst} {html.unescape(_TAGS.sub(' ', body or ''))}")


def search_headline_text(headline):
    """The SQLite column's headline part: its text, normalised."""
    return normalise_for_search(html.unescape(_TAGS.sub(" ", headline or "")))


def register_sqlite_function(sender, connection, **kwargs):
    """Make the normalisers callable from SQLite's generated column."""
    if connection.vendor == "sqlite":
        connection.connection.create_function(
            SQLITE_FUNCTION, 1, search_headline_text, deterministic=True
        )
        # Databases migrating through 0008-0014 still compute the column of 0008.
        connection.connection.create_function(
            SQLITE_FUNCTION_0008, 3, search_document_text_0008, deterministic=True
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
    # An ellipsis where the window cuts the text, so a reader sees the quote is partial.
    if window.start > 0:
        pieces.insert(0, "…")
    if window.stop < len(words):
        pieces.append("…")
    return mark_safe(" ".join(pieces))  # noqa: S308 — every piece is escaped above


# The column as migration 0008 created it: the database folded all three texts. Kept for that
# migration and for databases migrating through it (0015 replaces the column), and for the
# tests that compare both documents.


class ArticleSearchDocument0008(_ArticleColumnsFunction):
    def __init__(self):
        super().__init__(F("headline"), F("standfirst"), F("body"))

    def as_sql(self, compiler, connection, **extra_context):
        (headline, standfirst, body), params = self._compiled_arguments(compiler, connection)
        return f"{SQLITE_FUNCTION_0008}({headline}, {standfirst}, {body})", params

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


def search_document_text_0008(headline, standfirst, body):
    """The SQLite search document of migration 0008: headline, standfirst and body text."""
    text = html.unescape(_TAGS.sub(" ", f"{headline} {standfirst} {body or ''}"))
    return normalise_for_search(text)
