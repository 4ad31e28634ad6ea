"""The moderation queue of readers' comments, and the audit trail of their moderation.

Editors and the editor-in-chief moderate (`articles.moderate_comment`); the editor-in-chief also
deletes (`articles.delete_comment`). Every button and bulk action calls a service of
articles/services/comments.py and reports each success or refusal with `message_user`; nothing
here writes a comment. The queue opens on the comments awaiting moderation.
"""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.http import Http404, HttpResponseNotAllowed, HttpResponseRedirect
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from articles import services
from articles.exceptions import WorkflowError
from articles.models import Comment, CommentModeration, CommentStatus
from articles.services.comments import DELETE_PERMISSION, MODERATE_PERMISSION

PENDING = CommentStatus.PENDING.value
ALL = "all"


class ModerationStatusFilter(admin.SimpleListFilter):
    """Pending (the default), approved, rejected, spam or all, each with its count."""

    title = gettext_lazy("status")
    parameter_name = "status"

    def lookups(self, request, model_admin):
        counts = dict(
            Comment.objects.values_list("status").annotate(n=Count("id")).order_by("status")
        )
        choices = [
            (status.value, f"{status.label} ({counts.get(status.value, 0)})")
            for status in CommentStatus
        ]
        return [*choices, (ALL, _("All"))]

    def choices(self, changelist):
        current = self.value() or PENDING
        for value, label in self.lookup_choices:
            yield {
                "selected": current == value,
                "query_string": changelist.get_query_string({self.parameter_name: value}),
                "display": label,
            }

    def queryset(self, request, queryset):
        value = self.value() or PENDING
        if value == ALL:
            return queryset
        return queryset.filter(status=value)


class ReplyForm(forms.Form):
    body = forms.CharField(
        label=gettext_lazy("Reply as the newspaper"),
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 4, "cols": 60, "dir": "auto"}),
    )


MODERATION_BUTTONS = {
    # action name: (service, success message)
    "approve": (services.comment_approve, gettext_lazy("The comment is published.")),
    "reject": (services.comment_reject, gettext_lazy("The comment is rejected.")),
    "spam": (services.comment_mark_spam, gettext_lazy("The comment is filed as spam.")),
}


@admin.register(Comment)
class CommentAdmin(admin.ModelAdmin):
    change_form_template = "admin/articles/comment/change_form.html"
    list_display = ["excerpt", "name", "article_link", "in_reply", "status", "created_at"]
    list_display_links = ["excerpt"]
    list_filter = [ModerationStatusFilter, "by_newspaper"]
    list_select_related = ["article"]
    search_fields = ["name", "email", "body", "article__headline"]
    date_hierarchy = "created_at"
    ordering = ["-created_at", "-id"]
    actions = ["approve_selected", "reject_selected", "spam_selected", "delete_selected_comments"]
    fields = [
        "article_link",
        "parent_excerpt",
        "name",
        "email",
        "body",
        "status",
        "by_newspaper",
        "staff_author",
        "created_at",
        "moderated_at",
        "moderated_by",
    ]
    readonly_fields = fields

    # Permissions: editors moderate through the services; nobody edits a reader's text.

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        # Deleting goes through comment_delete (the bulk action), which writes the audit row.
        return False

    def has_moderate_permission(self, request):
        return request.user.has_perm(MODERATE_PERMISSION)

    def has_delete_comments_permission(self, request):
        return request.user.has_perm(DELETE_PERMISSION)

    # Columns.

    @admin.display(description=gettext_lazy("comment"))
    def excerpt(self, obj):
        return Truncator(obj.body).chars(90)

    @admin.display(description=gettext_lazy("article"), ordering="article__headline")
    def article_link(self, obj):
        return format_html(
            '<a href="{}">{}</a> (<a href="{}" target="_blank" rel="noopener">{}</a>)',
            reverse("admin:articles_article_change", args=[obj.article_id]),
            Truncator(obj.article.headline).chars(70),
            obj.article.get_absolute_url(),
            _("on the site"),
        )

    @admin.display(description=gettext_lazy("in reply to"), boolean=True)
    def in_reply(self, obj):
        return obj.parent_id is not None

    @admin.display(description=gettext_lazy("in reply to"))
    def parent_excerpt(self, obj):
        if obj.parent_id is None:
            return "—"
        parent = obj.parent
        return format_html(
            '<a href="{}">{}</a>: {}',
            reverse("admin:articles_comment_change", args=[parent.pk]),
            parent.name,
            Truncator(parent.body).chars(200),
        )

    # The change page: the comment in its context, the moderation buttons, the reply form.

    def get_urls(self):
        info = self.opts.app_label, self.opts.model_name
        return [
            path(
                "<path:object_id>/moderate/<str:action>/",
                self.admin_site.admin_view(self.moderate_view),
                name="{}_{}_moderate".format(*info),
            ),
            path(
                "<path:object_id>/reply/",
                self.admin_site.admin_view(self.reply_view),
                name="{}_{}_reply".format(*info),
            ),
            *super().get_urls(),
        ]

    def change_view(self, request, object_id, form_url="", extra_context=None):
        context = dict(extra_context or {})
        comment = self.get_object(request, unquote(object_id))
        if comment is not None and self.has_moderate_permission(request):
            thread_root = comment.parent or comment
            context.update(
                may_moderate=True,
                moderation_buttons=[
                    (
                        name,
                        reverse("admin:articles_comment_moderate", args=[comment.pk, name]),
                        label,
                    )
                    for name, label in (
                        ("approve", _("Approve")),
                        ("reject", _("Reject")),
                        ("spam", _("Spam")),
                    )
                    if not (comment.by_newspaper and name != "approve")
                ],
                reply_url=reverse("admin:articles_comment_reply", args=[comment.pk]),
                reply_form=ReplyForm(),
                thread=[thread_root, *thread_root.replies.order_by("created_at", "id")],
            )
        return super().change_view(request, object_id, form_url, context)

    def _comment_or_404(self, request, object_id):
        if request.method != "POST":
            return None, HttpResponseNotAllowed(["POST"])
        if not self.has_moderate_permission(request):
            raise PermissionDenied
        comment = self.get_object(request, unquote(object_id))
        if comment is None:
            raise Http404(_("No comment with this id."))
        return comment, None

    def moderate_view(self, request, object_id, action):
        """POST only (CSRF-protected by admin_view): approve, reject or file one comment."""
        if action not in MODERATION_BUTTONS:
            raise Http404(_("Unknown moderation action."))
        comment, refusal = self._comment_or_404(request, object_id)
        if refusal:
            return refusal
        service, success = MODERATION_BUTTONS[action]
        try:
            service(comment=comment, actor=request.user)
        except WorkflowError as error:
            self.message_user(request, str(error), messages.ERROR)
        else:
            self.message_user(request, success, messages.SUCCESS)
        return HttpResponseRedirect(self._queue_url())

    def reply_view(self, request, object_id):
        """POST only: the newspaper's reply under the comment (one level deep)."""
        comment, refusal = self._comment_or_404(request, object_id)
        if refusal:
            return refusal
        form = ReplyForm(request.POST)
        if not form.is_valid():
            self.message_user(request, _("Write the reply."), messages.ERROR)
            return HttpResponseRedirect(reverse("admin:articles_comment_change", args=[comment.pk]))
        try:
            services.comment_reply(
                parent=comment, actor=request.user, body=form.cleaned_data["body"]
            )
        except WorkflowError as error:
            self.message_user(request, str(error), messages.ERROR)
        else:
            self.message_user(request, _("Your reply is published."), messages.SUCCESS)
        return HttpResponseRedirect(reverse("admin:articles_comment_change", args=[comment.pk]))

    def _queue_url(self):
        return reverse("admin:articles_comment_changelist")

    # Bulk actions, each through the service, comment by comment.

    def _bulk(self, request, queryset, service, done_message):
        done, refused = 0, []
        for comment in queryset:
            try:
                service(comment=comment, actor=request.user)
            except WorkflowError as error:
                refused.append(f"{comment.pk}: {error}")
            else:
                done += 1
        if done:
            self.message_user(request, done_message(done) % {"count": done}, messages.SUCCESS)
        for message in refused:
            self.message_user(request, message, messages.ERROR)

    @admin.action(
        description=gettext_lazy("Approve the selected comments"), permissions=["moderate"]
    )
    def approve_selected(self, request, queryset):
        self._bulk(
            request,
            queryset,
            services.comment_approve,
            lambda n: ngettext("%(count)s comment published.", "%(count)s comments published.", n),
        )

    @admin.action(
        description=gettext_lazy("Reject the selected comments"), permissions=["moderate"]
    )
    def reject_selected(self, request, queryset):
        self._bulk(
            request,
            queryset,
            services.comment_reject,
            lambda n: ngettext("%(count)s comment rejected.", "%(count)s comments rejected.", n),
        )

    @admin.action(
        description=gettext_lazy("File the selected comments as spam"), permissions=["moderate"]
    )
    def spam_selected(self, request, queryset):
        self._bulk(
            request,
            queryset,
            services.comment_mark_spam,
            lambda n: ngettext(
                "%(count)s comment filed as spam.", "%(count)s comments filed as spam.", n
            ),
        )

    @admin.action(
        description=gettext_lazy("Delete the selected comments"), permissions=["delete_comments"]
    )
    def delete_selected_comments(self, request, queryset):
        self._bulk(
            request,
            queryset,
            services.comment_delete,
            lambda n: ngettext("%(count)s comment deleted.", "%(count)s comments deleted.", n),
        )


@admin.register(CommentModeration)
class CommentModerationAdmin(admin.ModelAdmin):
    """Who moderated which comment, and when: read-only for everyone."""

    list_display = ["created_at", "action", "comment", "article", "actor", "system_actor", "note"]
    list_filter = ["action", "created_at"]
    list_select_related = ["comment", "article", "actor"]
    search_fields = ["article__headline", "note"]
    date_hierarchy = "created_at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
