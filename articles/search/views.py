"""The search page."""

from django.views.generic import ListView

from articles.models import Article
from articles.public.views import PaginatedListMixin, PublishedArticlesMixin
from articles.search.query import clean_query, search_articles
from articles.search.snippets import with_snippets


class SearchView(PaginatedListMixin, PublishedArticlesMixin, ListView):
    """`/search/?q=`: Arabic full-text search; a helpful page for empty or junk queries."""

    template_name = "articles/search.html"
    context_object_name = "articles"

    def get_queryset(self):
        self.raw_query = self.request.GET.get("q", "")[:500]
        self.query = clean_query(self.raw_query)
        if not self.query:
            return Article.objects.none()
        # The snippets quote the body, so it is read with the page rather than deferred.
        articles = self.published_articles().for_listing(with_body=True)
        return search_articles(articles, self.query)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["raw_query"] = self.raw_query.strip()
        context["query"] = self.query
        context["articles"] = with_snippets(context["articles"], self.query)
        return context
