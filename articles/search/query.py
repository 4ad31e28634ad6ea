"""The reader's query: bounded, normalised, and run against the published articles."""

from django.db import connection

from articles.search import postgresql, sqlite
from newsroom.text import normalise_for_search

# Longer queries are cut here: nobody types more, and it bounds the work per request.
MAX_QUERY_LENGTH = 200
MAX_QUERY_WORDS = 12
# Results a search keeps (10 pages): enough for a reader, and bounded work per request.
MAX_RESULTS = 200


def clean_query(raw):
    """The reader's query, bounded and normalised; "" when nothing searchable is left."""
    words = normalise_for_search((raw or "")[:MAX_QUERY_LENGTH]).split()
    return " ".join(words[:MAX_QUERY_WORDS])


def search_articles(queryset, query, *, limit=None):
    """`queryset` narrowed to articles matching the normalised `query`, newest-relevant first
    (each database's way: articles/search/postgresql.py, articles/search/sqlite.py), at most
    `limit` of them (MAX_RESULTS unless given: the admin's search keeps more)."""
    backend = postgresql if connection.vendor == "postgresql" else sqlite
    return backend.search_articles(queryset, query, limit=limit or MAX_RESULTS)
