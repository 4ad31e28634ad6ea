"""What the article admin's own views share: their URLs and who may open them."""

from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.urls import path, reverse
from django.utils.translation import gettext as _

from articles.services import permissions


class ArticleObjectViewsMixin:
    """Views of one article under its change page (`<id>/<route>`), named `articles_article_<name>`."""

    def object_urls(self, views):
        """URL patterns for `(route, view, name)` triples."""
        info = self.opts.app_label, self.opts.model_name
        return [
            path(
                f"<path:object_id>/{route}",
                self.admin_site.admin_view(view),
                name="{}_{}_{}".format(*info, name),
            )
            for route, view, name in views
        ]

    def _url(self, name, *args):
        return reverse(
            f"admin:{self.opts.app_label}_{self.opts.model_name}_{name}",
            args=args,
            current_app=self.admin_site.name,
        )

    def _article_for_editor(self, request, object_id):
        article = self.get_object(request, unquote(object_id))
        if article is None:
            raise Http404(_("This article no longer exists."))
        if not permissions.can_review(request.user):
            raise PermissionDenied
        return article
