"""Scheduled updates in the admin: "save as a scheduled update" on a published article's
change form, the pending updates on its change page (cancel buttons), and a list of them all.

Every write calls articles/services/scheduled_updates.py and reports its success or refusal
with `message_user`; nothing here writes an article or an update.
"""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponseNotAllowed, HttpResponseRedirect
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from articles.admin.object_views import ArticleObjectViewsMixin
from articles.exceptions import WorkflowError
from articles.models import ScheduledUpdate, ScheduledUpdateState
from articles.services import permissions
from articles.services import scheduled_updates as services

# The name of the change form's extra submit button.
SCHEDULE_BUTTON = "_schedule_update"
DATETIME_INPUT_FORMATS = [
    "%Y-%m-%dT%H:%M",
    "%Y-%m-%dT%H:%M:%S",
    "%Y-%m-%d %H:%M",
    "%Y-%m-%d %H:%M:%S",
]


def go_live_field(**kwargs):
    return forms.DateTimeField(
        label=gettext_lazy("Time the update goes live"),
        input_formats=DATETIME_INPUT_FORMATS,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        **kwargs,
    )


def clean_scheduling(form, cleaned):
    """The change form's part: with the schedule button, a time in the future is required,
    and only an editor who publishes may press it on a published article."""
    if SCHEDULE_BUTTON not in form.data or form.instance.pk is None:
        return False
    actor = getattr(form, "schedule_actor", None)
    if not permissions.can_schedule_update(actor, form.instance):
        raise forms.ValidationError(
            _("Only editors who publish can schedule updates, of a published article only.")
        )
    go_live_at = cleaned.get("update_go_live_at")
    if go_live_at is None:
        form.add_error("update_go_live_at", _("Give the time the update goes live."))
    elif go_live_at <= timezone.now():
        form.add_error(
            "update_go_live_at", _("The time of a scheduled update must be in the future.")
        )
    return True


class ArticleScheduledUpdatesAdminMixin(ArticleObjectViewsMixin):
    """Adds scheduling an update from the change form, and cancelling it, to ArticleAdmin."""

    def get_urls(self):
        return [
            *self.object_urls(
                [
                    (
                        "scheduled-updates/<int:update_id>/cancel/",
                        self.scheduled_update_cancel_view,
                        "scheduled_update_cancel",
                    )
                ]
            ),
            *super().get_urls(),
        ]

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        form.schedule_actor = request.user  # clean_scheduling asks who presses the button
        return form

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if obj is None or not permissions.can_schedule_update(request.user, obj):
            return fieldsets
        return [
            *fieldsets,
            (
                _("Scheduled update"),
                {
                    "fields": ["update_go_live_at"],
                    "description": _(
                        "To publish these changes later instead of now, give a time and press "
                        "“Save as a scheduled update”. Readers see the article as it is until "
                        "then."
                    ),
                },
            ),
        ]

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if obj is not None and obj.pk is not None:
            may = permissions.can_schedule_update(request.user, obj, status_matters=False)
            context["can_schedule_update"] = permissions.can_schedule_update(request.user, obj)
            context["schedule_button"] = SCHEDULE_BUTTON
            context["scheduled_updates"] = [
                {
                    "update": update,
                    "fields": services.describe_fields(update),
                    "cancel_url": self._url("scheduled_update_cancel", obj.pk, update.pk)
                    if may and update.state == ScheduledUpdateState.PENDING
                    else None,
                }
                for update in ScheduledUpdate.objects.filter(
                    article=obj,
                    state__in=[ScheduledUpdateState.PENDING, ScheduledUpdateState.CONFLICT],
                ).select_related("created_by")
            ]
        return super().render_change_form(request, context, add, change, form_url, obj)

    def save_scheduled_update(self, request, form, changes):
        """The form's changes become a pending update instead of being written now."""
        substantive = bool(form.cleaned_data.get("substantive_update"))
        changes = {
            name: value for name, value in changes.items() if name in services.SCHEDULABLE_FIELDS
        }
        try:
            request.scheduled_update = services.scheduled_update_create(
                article=form.instance,
                actor=request.user,
                changes=changes,
                go_live_at=form.cleaned_data["update_go_live_at"],
                substantive=substantive,
            )
        except WorkflowError as error:
            request.scheduled_update_refusal = str(error)

    def log_change(self, request, obj, message):
        update = getattr(request, "scheduled_update", None)
        if update is not None:
            message = _("Prepared scheduled update #%(number)s for %(time)s.") % {
                "number": update.pk,
                "time": _when(update),
            }
        elif hasattr(request, "scheduled_update_refusal"):
            return None
        return super().log_change(request, obj, message)

    def response_change(self, request, obj):
        update = getattr(request, "scheduled_update", None)
        refusal = getattr(request, "scheduled_update_refusal", None)
        if update is None and refusal is None:
            return super().response_change(request, obj)
        if update is not None:
            self.message_user(
                request,
                _(
                    "The update goes live at %(time)s: %(fields)s. Until then readers see the "
                    "article as it was."
                )
                % {"time": _when(update), "fields": services.describe_fields(update)},
                messages.SUCCESS,
            )
        else:
            self.message_user(request, refusal, messages.ERROR)
        return HttpResponseRedirect(self._url("change", obj.pk))

    def scheduled_update_cancel_view(self, request, object_id, update_id):
        """POST (CSRF-protected): cancel one pending update of the article."""
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        article = self.get_object(request, unquote(object_id))
        if article is None:
            raise Http404(_("This article no longer exists."))
        if not permissions.can_schedule_update(request.user, article, status_matters=False):
            raise PermissionDenied
        update = ScheduledUpdate.objects.filter(pk=update_id, article=article).first()
        if update is None:
            raise Http404(_("No such scheduled update."))
        try:
            services.scheduled_update_cancel(update=update, actor=request.user)
        except WorkflowError as error:
            self.message_user(request, str(error), messages.ERROR)
        else:
            self.message_user(
                request,
                _("Scheduled update #%(number)s for %(time)s cancelled.")
                % {"number": update.pk, "time": _when(update)},
                messages.SUCCESS,
            )
        return HttpResponseRedirect(self._url("change", article.pk))


def _when(update):
    return date_format(timezone.localtime(update.go_live_at), "DATETIME_FORMAT")


class ScheduledUpdateForm(forms.ModelForm):
    go_live_at = go_live_field()

    class Meta:
        model = ScheduledUpdate
        fields = ["go_live_at", "substantive"]

    def clean_go_live_at(self):
        go_live_at = self.cleaned_data["go_live_at"]
        if "go_live_at" in self.changed_data and go_live_at <= timezone.now():
            raise forms.ValidationError(_("The time of a scheduled update must be in the future."))
        return go_live_at


@admin.register(ScheduledUpdate)
class ScheduledUpdateAdmin(admin.ModelAdmin):
    """Every scheduled update: the pending ones first by time, the conflicts for the desk."""

    form = ScheduledUpdateForm
    list_display = ["article_link", "go_live_at", "state", "changed_fields", "created_by", "note"]
    list_filter = ["state"]
    list_select_related = ["article", "created_by"]
    search_fields = ["article__headline"]
    actions = ["cancel_selected"]
    readonly_fields = [
        "article_link",
        "state",
        "changed_fields",
        "created_by",
        "created_at",
        "note",
    ]
    fields = [
        "article_link",
        "state",
        "go_live_at",
        "substantive",
        "changed_fields",
        "created_by",
        "created_at",
        "note",
    ]

    def has_module_permission(self, request):
        return permissions.can_review(request.user)

    def has_view_permission(self, request, obj=None):
        return permissions.can_review(request.user)

    def has_change_permission(self, request, obj=None):
        if not request.user.has_perm("articles.publish_article"):
            return False
        return obj is None or obj.state == ScheduledUpdateState.PENDING

    def has_add_permission(self, request):
        return False  # prepared from the article's change form

    def has_delete_permission(self, request, obj=None):
        return False  # cancelled, so the audit trail keeps it

    @admin.display(description=gettext_lazy("article"), ordering="article__headline")
    def article_link(self, update):
        url = reverse("admin:articles_article_change", args=[update.article_id])
        return format_html('<a href="{}">{}</a>', url, update.article.headline)

    @admin.display(description=gettext_lazy("changes"))
    def changed_fields(self, update):
        return services.describe_fields(update)

    def save_model(self, request, obj, form, change):
        # Through the service: permission, a time in the future, the audit row.
        try:
            services.scheduled_update_edit(
                update=obj,
                actor=request.user,
                go_live_at=form.cleaned_data["go_live_at"],
                substantive=form.cleaned_data["substantive"],
            )
        except WorkflowError as error:
            raise PermissionDenied(str(error)) from error

    @admin.action(description=gettext_lazy("Cancel the selected scheduled updates"))
    def cancel_selected(self, request, queryset):
        done = 0
        for update in queryset.filter(state=ScheduledUpdateState.PENDING):
            try:
                services.scheduled_update_cancel(update=update, actor=request.user)
                done += 1
            except WorkflowError as error:
                self.message_user(request, f"#{update.pk}: {error}", messages.ERROR)
        if done:
            self.message_user(
                request, _("Scheduled updates cancelled: %(count)d.") % {"count": done}
            )
