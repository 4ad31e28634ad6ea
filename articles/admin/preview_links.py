"""Previews from the article admin: the staff preview page, and signed preview links
(articles/services/preview_links.py) that editors create and revoke."""

from datetime import timedelta

from django.contrib import messages
from django.http import HttpResponseNotAllowed, HttpResponseRedirect
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from articles.admin.object_views import ArticleObjectViewsMixin
from articles.exceptions import WorkflowError
from articles.services import permissions
from articles.services.preview_links import (
    preview_links_revoke,
    preview_max_age,
    preview_token_create,
)


class ArticlePreviewLinksAdminMixin(ArticleObjectViewsMixin):
    """Adds the preview button and the preview-link views to ArticleAdmin."""

    def get_urls(self):
        views = [
            ("preview-link/", self.preview_link_view, "preview_link"),
            ("preview-links/revoke/", self.preview_links_revoke_view, "preview_links_revoke"),
        ]
        return [*self.object_urls(views), *super().get_urls()]

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if obj is not None and obj.pk is not None:
            if permissions.can_preview(request.user, obj):
                context["preview_url"] = reverse("articles:preview", args=[obj.pk])
            if permissions.can_review(request.user):
                context["preview_link_url"] = self._url("preview_link", obj.pk)
                context["preview_links_revoke_url"] = self._url("preview_links_revoke", obj.pk)
                context["last_preview_revocation"] = obj.preview_link_revocations.select_related(
                    "revoked_by"
                ).first()
        return super().render_change_form(request, context, add, change, form_url, obj)

    def preview_link_view(self, request, object_id):
        """POST: create a signed preview link (editors) and show it in a message."""
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        article = self._article_for_editor(request, object_id)
        token = preview_token_create(article=article)
        link = request.build_absolute_uri(reverse("articles:preview-link", args=[token]))
        expires = timezone.localtime() + timedelta(seconds=preview_max_age())
        self.message_user(
            request,
            _("Preview link, valid until %(time)s: %(link)s")
            % {"time": date_format(expires, "DATETIME_FORMAT"), "link": link},
            messages.SUCCESS,
        )
        return HttpResponseRedirect(self._url("change", article.pk))

    def preview_links_revoke_view(self, request, object_id):
        """POST: end every preview link of the article made so far (editors), through the
        service, which records who did it and when."""
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        article = self._article_for_editor(request, object_id)
        try:
            preview_links_revoke(article=article, actor=request.user)
        except WorkflowError as error:
            self.message_user(request, str(error), messages.ERROR)
        else:
            self.message_user(
                request,
                _("Every preview link of this article made until now has stopped working."),
                messages.SUCCESS,
            )
        return HttpResponseRedirect(self._url("change", article.pk))
