"""The newspaper's pages at /page/<slug>/ (articles/models/page.py), and their old addresses.

Only a published page answers; a draft answers 404 like an address that never existed, so
its title reveals nothing. The page is cached like the others, named by its own surrogate key
(`page-<id>`), which articles/services/pages.py purges when its text changes.
"""

from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.html import strip_tags
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from articles.embeds.providers import embeds_in
from articles.models import Page, PageRedirect
from articles.public.absolute import absolute_url
from articles.public.embeds import allow_embed_frames
from newsroom.http.surrogate_keys import cache_publicly, object_key

DESCRIPTION_WORDS = 30


def page_detail(request, slug):
    page = (
        Page.objects.published()
        .only("pk", "title", "slug", "description", "body", "updated_at")
        .filter(slug=slug)
        .first()
    )
    if page is None:
        raise Http404(_("No page at this address."))
    cache_publicly(request, object_key("page", page.pk))
    description = page.description or Truncator(" ".join(strip_tags(page.body).split())).words(
        DESCRIPTION_WORDS
    )
    embeds = embeds_in(page.body)
    response = TemplateResponse(
        request,
        "articles/page_detail.html",
        {
            "static_page": page,
            "description": description,
            "canonical": absolute_url(request, page.get_absolute_url()),
            "embeds": embeds,
        },
    )
    return allow_embed_frames(response, embeds)


def page_redirect_target(bare_path):
    """The address of the published page that `bare_path` (no trailing slash) once named,
    or None. Only asked when no article's old path matched."""
    found = (
        PageRedirect.objects.filter(old_path__in=[bare_path, bare_path + "/"])
        .select_related("page")
        .only("page__slug", "page__status")
        .first()
    )
    if found is None or not found.page.is_public:
        return None
    return found.page.get_absolute_url()


def redirect_to_page(request, target):
    """301 to a page; cached under the site key (a page's slug is among the linked fields
    whose change purges every page)."""
    cache_publicly(request)
    return redirect(target, permanent=True)
