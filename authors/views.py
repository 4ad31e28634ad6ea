from articles.public.views import PaginatedArticlesView
from authors.models import Author


class AuthorView(PaginatedArticlesView):
    template_name = "authors/author_detail.html"
    owner_model = Author
    owner_lookup = "bylines__author"
    owner_kind = "author"
