"""Search on SQLite: the normalised document searched word by word with LIKE."""


def search_articles(queryset, query, *, limit):
    """`queryset` narrowed to articles containing every word of `query`, newest first."""
    for word in query.split():
        queryset = queryset.filter(search_document__contains=word)
    return queryset.order_by("-publish_at", "-id")[:limit]
