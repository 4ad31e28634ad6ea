"""The stored search document: `Article.search_text` and the generated `search_document`.

How the two columns are built, and why the split between Python and the database, is told in
articles/search/__init__.py. The classes keep their import path `articles.search.<name>` in
migrations (`deconstruct`), so moving them here changed no migration.
"""

import html
import re

from django.contrib.postgres.search import SearchVectorExact
from django.db.models import F, Field, Func, TextField
from django.utils.deconstruct import deconstructible

from newsroom.text import SEARCH_FOLDS, normalise_for_search

TAGS = re.compile(r"<[^>]*>")
SQLITE_FUNCTION = "newsroom_search_headline"
# The function of the column as migration 0008 created it (at the end of this module).
SQLITE_FUNCTION_0008 = "newsroom_search_document"


def _migration_path(path):
    """The path migrations name a class of this module by: the package's re-export."""
    return path.replace("articles.search.document.", "articles.search.", 1)


class SearchDocumentField(Field):
    """A `tsvector` on PostgreSQL, plain normalised text elsewhere.

    Not `SearchVectorField`, which would require django.contrib.postgres on SQLite too.
    """

    def db_type(self, connection):
        return "tsvector" if connection.vendor == "postgresql" else "text"

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        return name, _migration_path(path), args, kwargs


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

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        return name, _migration_path(path), args, kwargs


class _ArticleColumnsFunction(Func):
    output_field = TextField()

    def _compiled_arguments(self, compiler, connection):
        parts = [compiler.compile(expression) for expression in self.get_source_expressions()]
        return [sql for sql, _ in parts], [p for _, params in parts for p in params]


@deconstructible(path="articles.search.ArticleSearchDocument")
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


def article_search_text(standfirst, body):
    """`Article.search_text`: the standfirst (plain text) and the body's text, normalised."""
    return normalise_for_search(f"{standfirst} {html.unescape(TAGS.sub(' ', body or ''))}")


def search_headline_text(headline):
    """The SQLite column's headline part: its text, normalised."""
    return normalise_for_search(html.unescape(TAGS.sub(" ", headline or "")))


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


# The column as migration 0008 created it: the database folded all three texts. Kept for that
# migration and for databases migrating through it (0015 replaces the column), and for the
# tests that compare both documents.


@deconstructible(path="articles.search.ArticleSearchDocument0008")
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
    text = html.unescape(TAGS.sub(" ", f"{headline} {standfirst} {body or ''}"))
    return normalise_for_search(text)
