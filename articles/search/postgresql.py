"""Search on PostgreSQL: the `arabic` text-search configuration over the GIN-indexed column."""

from django.contrib.postgres.search import SearchQuery
from django.db.models import BooleanField
from django.db.models.expressions import RawSQL


def search_articles(queryset, query, *, limit):
    """`queryset` narrowed to articles matching the normalised `query`, newest-relevant first.

    On PostgreSQL the newest `limit` matches are kept (found through the GIN index, or
    by walking the newest articles when the words are common), and among them articles whose
    headline matches come first, newest first within each group. A reader wants today's
    story about a word, not one from years ago that happens to repeat it.
    """
    ts_query = SearchQuery(query, config="arabic", search_type="plain")
    newest_matches = (
        queryset.filter(search_document=ts_query)
        .order_by("-publish_at", "-id")
        .values("pk")[:limit]
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
