"""Autosave of the article form: the endpoint its script posts to, and the offer on the page.

The script (static/articles/js/autosave.js) posts the unsaved form as JSON every few seconds
to one endpoint under the admin (its staff, second-factor and CSRF checks); the copy is kept
per person and article (articles/services/autosave.py), never written over the article. When
the person opens the form again, the page carries their copy and the script offers it back.
"""

import json

from django.core.exceptions import PermissionDenied
from django.http import (
    Http404,
    HttpResponseBadRequest,
    HttpResponseNotAllowed,
    JsonResponse,
)
from django.urls import path
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from articles.models import Article
from articles.services import autosave

# Seconds between two sends of a changed form.
AUTOSAVE_SECONDS = 5
# The hidden field the script adds to the form: saving the form deletes that copy.
FORM_ID_FIELD = "_autosave_form"


class ArticleAutosaveAdminMixin:
    def get_urls(self):
        info = self.opts.app_label, self.opts.model_name
        return [
            path(
                "autosave/",
                self.admin_site.admin_view(self.autosave_view),
                name="{}_{}_autosave".format(*info),
            ),
            *super().get_urls(),
        ]

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        article = obj if obj is not None and obj.pk is not None else None
        if article is None and not add:
            return super().render_change_form(request, context, add, change, form_url, obj)
        if article is None or self.has_change_permission(request, article):
            context["autosave"] = {
                "url": self._url("autosave"),
                "seconds": AUTOSAVE_SECONDS,
                "article": article.pk if article else "",
                "version": article.version if article else "",
                # A form sent back with errors already holds the person's text: no offer, and
                # the page goes on with the same copy.
                "copy": ""
                if request.method == "POST"
                else _offer_json(autosave.autosave_offer(user=request.user, article=article)),
                "form": request.POST.get(FORM_ID_FIELD, "") if request.method == "POST" else "",
            }
        return super().render_change_form(request, context, add, change, form_url, obj)

    def autosave_view(self, request):
        """POST (CSRF-protected) JSON {"article": id or null, "form": id, "version": n,
        "fields": {name: text or [texts]}, "labels": {name: {value: text}}} stores the person's copy; with "discard": true it
        deletes it. 400 for anything else, 413 past the size limit; nothing is stored then."""
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        limit = autosave.max_bytes()
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        if length > limit:
            return JsonResponse({"error": "too large"}, status=413)
        body = request.body
        if len(body) > limit:
            return JsonResponse({"error": "too large"}, status=413)
        try:
            payload = json.loads(body)
        except (ValueError, UnicodeDecodeError):
            return HttpResponseBadRequest("not JSON")
        if not isinstance(payload, dict):
            return HttpResponseBadRequest("not a JSON object")
        article = self._autosave_article(request, payload.get("article"))
        form_id = payload.get("form") or ""
        if payload.get("discard") is True:
            autosave.autosave_forget(user=request.user, article=article, form_id=form_id)
            return JsonResponse({"discarded": True})
        version = payload.get("version")
        if version is not None and (not isinstance(version, int) or version < 0):
            return HttpResponseBadRequest("version must be a whole number")
        try:
            copy = autosave.autosave_store(
                user=request.user,
                article=article,
                form_id=form_id,
                fields=payload.get("fields"),
                labels=payload.get("labels"),
                article_version=version,
            )
        except autosave.AutosaveRefused as error:
            return HttpResponseBadRequest(str(error))
        return JsonResponse({"saved_at": _time(copy.saved_at)})

    def _autosave_article(self, request, article_id):
        """The article whose copy this is (None: a new one's), which the person may edit."""
        if article_id in (None, ""):
            if not self.has_add_permission(request):
                raise PermissionDenied
            return None
        if not isinstance(article_id, int):
            raise Http404(_("This article no longer exists."))
        article = Article.objects.filter(pk=article_id).first()
        if article is None:
            raise Http404(_("This article no longer exists."))
        if not self.has_change_permission(request, article):
            raise PermissionDenied
        return article


def _time(moment):
    return date_format(timezone.localtime(moment), "H:i")


def _offer_json(offer):
    if offer is None:
        return ""
    return json.dumps(
        {
            "form": offer.copy.form_id,
            "time": _time(offer.copy.saved_at),
            "older": offer.older_than_article,
            "fields": offer.copy.fields,
            "labels": offer.copy.labels,
        },
        ensure_ascii=False,
    )
