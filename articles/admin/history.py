"""The article's history on the admin: every content save takes a revision
(`articles.services.revisions.revision_create`); editors list, compare and restore them.
"""

from django.contrib import messages
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from articles.admin.diff import body_text, word_diff
from articles.admin.object_views import ArticleObjectViewsMixin
from articles.exceptions import WorkflowError
from articles.services import permissions
from articles.services.revisions import article_restore_revision

COMPARED_FIELDS = [
    ("kicker", gettext_lazy("kicker")),
    ("headline", gettext_lazy("headline")),
    ("standfirst", gettext_lazy("standfirst")),
    ("body", gettext_lazy("body")),
]


class ArticleHistoryAdminMixin(ArticleObjectViewsMixin):
    """Adds the revisions, compare and restore views to ArticleAdmin."""

    def get_urls(self):
        views = [
            ("revisions/", self.revisions_view, "revisions"),
            ("revisions/compare/", self.compare_view, "compare"),
            ("revisions/<int:number>/restore/", self.restore_view, "restore"),
        ]
        return [*self.object_urls(views), *super().get_urls()]

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if obj is not None and obj.pk is not None and permissions.can_review(request.user):
            context["revisions_url"] = self._url("revisions", obj.pk)
        return super().render_change_form(request, context, add, change, form_url, obj)

    def _context(self, request, article, title, **extra):
        return {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "original": article,
            "title": title,
            "change_url": self._url("change", article.pk),
            "revisions_url": self._url("revisions", article.pk),
            "compare_url": self._url("compare", article.pk),
            **extra,
        }

    def revisions_view(self, request, object_id):
        """The article's revisions, newest first, with a form to compare any two."""
        article = self._article_for_editor(request, object_id)
        revisions = list(article.revisions.select_related("created_by"))
        context = self._context(
            request,
            article,
            _("History of “%(headline)s”") % {"headline": article.headline},
            revisions=revisions,
        )
        return TemplateResponse(request, "admin/articles/article/revisions.html", context)

    def compare_view(self, request, object_id):
        """Two revisions side by side, with the word-level difference of each field."""
        article = self._article_for_editor(request, object_id)
        numbers = []
        for key in ("old", "new"):
            try:
                numbers.append(int(request.GET.get(key, "")))
            except ValueError:
                raise Http404(_("Choose two revisions to compare.")) from None
        old, new = (get_object_or_404(article.revisions, number=number) for number in numbers)
        rows = []
        for name, label in COMPARED_FIELDS:
            before, after = old.content.get(name) or "", new.content.get(name) or ""
            if name == "body":
                before, after = body_text(before), body_text(after)
            rows.append(
                {
                    "label": label,
                    "old": before,
                    "new": after,
                    "diff": word_diff(before, after),
                    "changed": before != after,
                }
            )
        context = self._context(
            request,
            article,
            _("Revision #%(old)s compared with #%(new)s") % {"old": old.number, "new": new.number},
            old=old,
            new=new,
            rows=rows,
        )
        return TemplateResponse(request, "admin/articles/article/compare.html", context)

    def restore_view(self, request, object_id, number):
        """GET: what would be restored, and a button. POST: the restore (a service)."""
        article = self._article_for_editor(request, object_id)
        revision = get_object_or_404(article.revisions, number=number)
        if request.method == "POST":
            try:
                article_restore_revision(article=article, revision=revision, actor=request.user)
            except WorkflowError as refusal:
                self.message_user(request, str(refusal), messages.ERROR)
            else:
                self.message_user(
                    request,
                    _("Revision #%(number)s was restored.") % {"number": revision.number},
                    messages.SUCCESS,
                )
            return HttpResponseRedirect(self._url("change", article.pk))
        context = self._context(
            request,
            article,
            _("Restore revision #%(number)s?") % {"number": revision.number},
            revision=revision,
            body=body_text(revision.content.get("body", "")),
        )
        return TemplateResponse(request, "admin/articles/article/restore.html", context)
