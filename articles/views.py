from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.views.generic import DetailView, ListView, TemplateView

from articles.models import Article, Redirect, Section, SiteSettings, Tag

# How many latest articles the home page groups by section.
HOME_ARTICLE_COUNT = 30
PAGE_SIZE = 20


class PublishedArticlesMixin:
    """Every public view starts from `Article.objects.published()` and nothing else."""

    def published_articles(self):
        return Article.objects.published()


class HomeView(PublishedArticlesMixin, TemplateView):
    template_name = "articles/home.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        latest = list(self.published_articles().for_listing()[:HOME_ARTICLE_COUNT])
        context["lead_articles"] = latest[:5]
        context["section_blocks"] = group_by_section(latest)
        return context


def group_by_section(articles):
    """[(section, [articles…]), …] in section order, keeping each section's newest first."""
    groups = {}
    for article in articles:
        if article.section is not None:
            groups.setdefault(article.section, []).append(article)
    return sorted(groups.items(), key=lambda item: (item[0].order, item[0].name))


class ArticleDetailView(PublishedArticlesMixin, DetailView):
    template_name = "articles/article_detail.html"
    context_object_name = "article"

    def get_queryset(self):
        return self.published_articles().for_article_page()

    def get(self, request, *args, **kwargs):
        self.object = self.get_object()
        # The id decides; a missing or outdated slug is sent to the canonical address.
        if kwargs.get("slug") != self.object.slug:
            return redirect(self.object.get_absolute_url(), permanent=True)
        return render_article_page(request, self.object, template_name=self.template_name)


def render_article_page(request, article, *, template_name, **context):
    """The reader's article page: the public view and the previews (articles/views_preview.py)
    both render through here, so a preview shows exactly what readers will see."""
    site_settings = SiteSettings.load()
    request.site_settings = site_settings
    return TemplateResponse(
        request,
        template_name,
        {
            "article": article,
            "object": article,
            "comments_open": article.comments_open(site_settings),
            **context,
        },
    )


class PaginatedArticlesView(PublishedArticlesMixin, ListView):
    """A paginated list of public articles filtered by one object (section, tag, author)."""

    paginate_by = PAGE_SIZE
    context_object_name = "articles"
    owner_model = None  # the model the list belongs to, found by its slug
    owner_lookup = None  # how an article refers to it, e.g. "section"

    def get_queryset(self):
        self.owner = get_object_or_404(self.owner_model, slug=self.kwargs["slug"])
        articles = self.published_articles().filter(**{self.owner_lookup: self.owner})
        return articles.for_listing()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["owner"] = self.owner
        return context

    def paginate_queryset(self, queryset, page_size):
        paginator = Paginator(queryset, page_size)
        try:
            number = int(self.request.GET.get("page", 1))
        except ValueError:
            raise Http404(_("That page number is not valid.")) from None
        if number < 1 or (number > 1 and number > paginator.num_pages):
            raise Http404(_("That page does not exist."))
        page = paginator.page(number)
        return paginator, page, page.object_list, page.has_other_pages()


class SectionView(PaginatedArticlesView):
    template_name = "articles/section_detail.html"
    owner_model = Section
    owner_lookup = "section"


class TagView(PaginatedArticlesView):
    template_name = "articles/tag_detail.html"
    owner_model = Tag
    owner_lookup = "tags"


def old_path_redirect(request, path):
    """Old WordPress permalinks and former slugs answer 301 to the article, if it is public."""
    target = (
        Redirect.objects.filter(old_path__in=[f"/{path}", f"/{path}".rstrip("/") + "/"])
        .select_related("article")
        .first()
    )
    if target is None or not target.article.is_public():
        raise Http404(_("No page at this address."))
    return redirect(target.article.get_absolute_url(), permanent=True)
