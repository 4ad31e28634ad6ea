"""The article list's search box: headlines as typed, and the words of the whole article
through the readers' Arabic search (articles/search/), so that hamza, alef and taa marbuta
variants find the same article in the admin as on the site."""

from articles.models import Article
from articles.search.query import clean_query, search_articles

# Matches kept from the full-text search (newest first): more than a page of the list, and a
# bound on the work of one search on a large archive.
ADMIN_SEARCH_LIMIT = 1000


class ArticleSearchAdminMixin:
    search_fields = ["headline"]

    def get_search_results(self, request, queryset, search_term):
        by_headline, may_have_duplicates = super().get_search_results(
            request, queryset, search_term
        )
        query = clean_query(search_term)
        if not query:
            return by_headline, may_have_duplicates
        # Every status: the search document is computed for drafts too; `queryset` (what this
        # person may see) still bounds the result.
        matches = search_articles(Article.objects.all(), query, limit=ADMIN_SEARCH_LIMIT)
        return by_headline | queryset.filter(pk__in=matches.values("pk")), may_have_duplicates
