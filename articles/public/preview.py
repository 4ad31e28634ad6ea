"""Previews of articles in any state, through the reader's template (articles/public/views.py).

Staff preview what they may see (editors every article, reporters their own); anybody with a
signed link (articles/services/preview_links.py) previews that one article until the link expires, the
article is published or taken down, or an editor revokes its links. Every
preview is marked as such, never cached and never indexed.
"""

from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from articles.admin.staff_gate import staff_view
from articles.models import Article
from articles.public.views import render_article_page
from articles.services import permissions
from articles.services.preview_links import (
    PreviewLinkExpired,
    PreviewLinkInvalid,
    PreviewLinkRevoked,
    preview_token_article_id,
    preview_token_check_current,
)

PREVIEW_TEMPLATE = "articles/article_preview.html"


def preview_response(view):
    """Never cached, never indexed, whatever the view answers (errors included)."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        response["X-Robots-Tag"] = "noindex, nofollow"
        return response

    return never_cache(wrapper)


@preview_response
@staff_view
def article_preview(request, pk):
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    article = get_object_or_404(Article.objects.for_article_page(), pk=pk)
    if not permissions.can_preview(request.user, article):
        raise PermissionDenied(_("You may only preview your own articles."))
    return render_article_page(request, article, template_name=PREVIEW_TEMPLATE, is_preview=True)


@preview_response
def article_preview_link(request, token):
    try:
        article_id = preview_token_article_id(token)
    except PreviewLinkExpired:
        return _link_error(request, _("This preview link has expired."), status=403)
    except PreviewLinkInvalid:
        return _link_error(request, _("This preview link is not valid."), status=404)
    article = Article.objects.for_article_page().filter(pk=article_id).first()
    if article is None:
        return _link_error(request, _("This article no longer exists."), status=404)
    try:
        preview_token_check_current(token, article=article)
    except PreviewLinkRevoked:
        message = _(
            "This preview link no longer works: the article was published or taken down, "
            "or an editor revoked its links."
        )
        return _link_error(request, message, status=410)
    return render_article_page(
        request, article, template_name=PREVIEW_TEMPLATE, is_preview=True, via_link=True
    )


def _link_error(request, message, *, status):
    return render(request, "articles/preview_link_error.html", {"message": message}, status=status)
