"""History, conflicts, presence and previews on the article admin.

- Every content save takes a revision (`articles.services.revisions.revision_create`); editors list,
  compare and restore them.
- The change form carries the version it was loaded at; a save made after someone else's is
  refused by `check_not_changed_since_loaded`, naming who saved and when, and the form keeps
  what was typed.
- The change page's script posts a heartbeat (articles/services/presence.py); the page shows who else
  has the article open.
- Editors create signed preview links (articles/services/preview_links.py) and revoke all of an article's.
"""

from datetime import timedelta

from django import forms
from django.contrib import messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponseNotAllowed, HttpResponseRedirect, JsonResponse
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from articles.admin.diff import body_text, word_diff
from articles.exceptions import WorkflowError
from articles.models import Article, Revision
from articles.public.preview import can_preview
from articles.services import permissions, presence
from articles.services.preview_links import (
    preview_links_revoke,
    preview_max_age,
    preview_token_create,
)
from articles.services.revisions import article_restore_revision
from newsroom.sessions import leaves_session_idle

COMPARED_FIELDS = [
    ("kicker", gettext_lazy("kicker")),
    ("headline", gettext_lazy("headline")),
    ("standfirst", gettext_lazy("standfirst")),
    ("body", gettext_lazy("body")),
]


class LoadedVersionField(forms.IntegerField):
    widget = forms.HiddenInput

    def __init__(self, **kwargs):
        kwargs.setdefault("label", gettext_lazy("version loaded"))
        super().__init__(required=False, min_value=1, **kwargs)


def check_not_changed_since_loaded(form, loaded_version):
    """Refuse the save when the article was saved by someone else since the form was loaded.

    Runs inside the admin's transaction and locks the row, so nobody can save between this
    check and our save. On refusal the re-displayed form carries the current version: saving
    it again (after a look at the other person's changes) replaces them knowingly.
    """
    article = form.instance
    if article.pk is None:
        return
    current = Article.objects.select_for_update().filter(pk=article.pk).first()
    if current is None:
        raise ValidationError(_("This article no longer exists."))
    if loaded_version is None:
        loaded_version = article.version  # a form without the field: nothing to compare
    if current.version == loaded_version:
        return
    latest = Revision.objects.filter(article_id=article.pk).select_related("created_by").first()
    who = latest.created_by if latest else current.last_edited_by
    when = latest.created_at if latest else current.modified_at
    data = form.data.copy()
    data[form.add_prefix("loaded_version")] = str(current.version)
    form.data = data
    raise ValidationError(
        _(
            "Your changes were not saved: %(who)s saved this article at %(when)s, after you "
            "opened it. Your text is still in the form below. Look at their changes "
            "(history), then save again to replace them."
        ),
        code="conflict",
        params={
            "who": _display_name(who) if who else _("someone"),
            "when": date_format(timezone.localtime(when), "DATETIME_FORMAT"),
        },
    )


def _display_name(user):
    return user.get_full_name() or user.get_username()


class ArticleHistoryAdminMixin:
    """Adds the history, presence and preview-link views to ArticleAdmin."""

    def get_urls(self):
        info = self.opts.app_label, self.opts.model_name
        views = [
            ("revisions/", self.revisions_view, "revisions"),
            ("revisions/compare/", self.compare_view, "compare"),
            ("revisions/<int:number>/restore/", self.restore_view, "restore"),
            ("presence/", self.presence_view, "presence"),
            ("preview-link/", self.preview_link_view, "preview_link"),
            ("preview-links/revoke/", self.preview_links_revoke_view, "preview_links_revoke"),
        ]
        return [
            *(
                path(
                    f"<path:object_id>/{route}",
                    self.admin_site.admin_view(view),
                    name="{}_{}_{}".format(*info, name),
                )
                for route, view, name in views
            ),
            *super().get_urls(),
        ]

    def _url(self, name, *args):
        return reverse(
            f"admin:{self.opts.app_label}_{self.opts.model_name}_{name}",
            args=args,
            current_app=self.admin_site.name,
        )

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if obj is not None and obj.pk is not None:
            context["others_editing"] = presence.others_editing(article=obj, user=request.user)
            if self.has_change_permission(request, obj):
                # Only people who may edit count as "editing"; readers of the page do not.
                context["presence_url"] = self._url("presence", obj.pk)
                context["heartbeat_seconds"] = presence.HEARTBEAT_SECONDS
            if can_preview(request.user, obj):
                context["preview_url"] = reverse("articles:preview", args=[obj.pk])
            if permissions.can_review(request.user):
                context["revisions_url"] = self._url("revisions", obj.pk)
                context["preview_link_url"] = self._url("preview_link", obj.pk)
                context["preview_links_revoke_url"] = self._url("preview_links_revoke", obj.pk)
                context["last_preview_revocation"] = obj.preview_link_revocations.select_related(
                    "revoked_by"
                ).first()
        return super().render_change_form(request, context, add, change, form_url, obj)

    def _article_for_editor(self, request, object_id):
        article = self.get_object(request, unquote(object_id))
        if article is None:
            raise Http404(_("This article no longer exists."))
        if not permissions.can_review(request.user):
            raise PermissionDenied
        return article

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

    # An open change page is not someone at work: its heartbeat leaves the idle timeout running.
    @method_decorator(leaves_session_idle)
    def presence_view(self, request, object_id):
        """POST (CSRF-protected): the heartbeat of an open change page, or `leave`.

        Answers with the other people editing the article now, for the page to show.
        """
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        article = self.get_object(request, unquote(object_id))
        if article is None:
            raise Http404(_("This article no longer exists."))
        if not self.has_change_permission(request, article):
            raise PermissionDenied
        if request.POST.get("leave"):
            presence.editing_session_end(article=article, user=request.user)
            return JsonResponse({"others": []})
        presence.editing_session_heartbeat(article=article, user=request.user)
        others = presence.others_editing(article=article, user=request.user)
        return JsonResponse(
            {
                "others": [
                    _("%(name)s is editing since %(time)s")
                    % {
                        "name": _display_name(session.user),
                        "time": date_format(timezone.localtime(session.started_at), "H:i"),
                    }
                    for session in others
                ]
            }
        )

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
