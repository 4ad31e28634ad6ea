"""The editorial workflow in the article admin: buttons on the change page, bulk actions.

Every button and action calls a function of articles/services/workflow.py and reports its success or
its refusal with `message_user`; nothing here writes `status`.
"""

from dataclasses import dataclass

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponseNotAllowed, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from articles import services
from articles.exceptions import WorkflowError
from articles.models import CorrectionKind
from articles.services.permissions import available_actions, may_ever


class NoInputForm(forms.Form):
    pass


class ReturnToDraftForm(forms.Form):
    note = forms.CharField(
        label=gettext_lazy("Note for the reporter"),
        widget=forms.Textarea(attrs={"rows": 2, "cols": 40}),
    )


class ScheduleForm(forms.Form):
    publish_at = forms.DateTimeField(
        label=gettext_lazy("Publish time"),
        input_formats=[
            "%Y-%m-%dT%H:%M",
            "%Y-%m-%dT%H:%M:%S",  # a browser sends seconds when they were typed
            "%Y-%m-%d %H:%M",
            "%Y-%m-%d %H:%M:%S",
        ],
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        help_text=gettext_lazy("A time already come publishes at once."),
    )


class ArchiveForm(forms.Form):
    reason = forms.CharField(
        label=gettext_lazy("Reason for taking it down"),
        widget=forms.Textarea(attrs={"rows": 2, "cols": 40}),
    )


class CorrectionForm(forms.Form):
    kind = forms.ChoiceField(label=gettext_lazy("Kind of notice"), choices=CorrectionKind.choices)
    text = forms.CharField(
        label=gettext_lazy("Text shown to readers"),
        widget=forms.Textarea(attrs={"rows": 2, "cols": 40}),
    )


@dataclass(frozen=True)
class WorkflowButton:
    """How the admin shows one action of the workflow's table: label, form, success message.
    Which actions exist and who may take them is the table's (articles/models/workflow.py)."""

    name: str
    label: str
    service: object
    form_class: type
    success: str


WORKFLOW_BUTTONS = {
    action.name: action
    for action in [
        WorkflowButton(
            "submit",
            gettext_lazy("Submit for review"),
            services.article_submit_for_review,
            NoInputForm,
            gettext_lazy("“%(headline)s” was submitted for review."),
        ),
        WorkflowButton(
            "return_to_draft",
            gettext_lazy("Send back to draft"),
            services.article_return_to_draft,
            ReturnToDraftForm,
            gettext_lazy("“%(headline)s” was sent back to draft."),
        ),
        WorkflowButton(
            "schedule",
            gettext_lazy("Schedule"),
            services.article_schedule,
            ScheduleForm,
            gettext_lazy("“%(headline)s” is now “%(status)s”."),
        ),
        WorkflowButton(
            "publish",
            gettext_lazy("Publish now"),
            services.article_publish,
            NoInputForm,
            gettext_lazy("“%(headline)s” was published."),
        ),
        WorkflowButton(
            "archive",
            gettext_lazy("Take down"),
            services.article_archive,
            ArchiveForm,
            gettext_lazy("“%(headline)s” was taken down."),
        ),
        WorkflowButton(
            "correct",
            gettext_lazy("Add the notice"),
            services.article_add_correction,
            CorrectionForm,
            gettext_lazy("The notice was added to “%(headline)s”."),
        ),
    ]
}


class ArchiveSelectedForm(ArchiveForm):
    """The intermediate page of the bulk "take down" action."""


class ArticleWorkflowAdminMixin:
    """Adds the workflow buttons, their POST views and the bulk actions to ArticleAdmin."""

    actions = ["submit_selected", "publish_selected", "archive_selected"]

    def get_urls(self):
        info = self.opts.app_label, self.opts.model_name
        return [
            path(
                "<path:object_id>/workflow/<str:action>/",
                self.admin_site.admin_view(self.workflow_view),
                name="{}_{}_workflow".format(*info),
            ),
            *super().get_urls(),
        ]

    # Who is offered each bulk action: whoever the workflow's table lets take it on some article
    # (articles/models/workflow.py); the service still decides for each article.

    def has_submit_permission(self, request):
        return may_ever(request.user, "submit")

    def has_publish_permission(self, request):
        return may_ever(request.user, "publish")

    def has_archive_permission(self, request):
        return may_ever(request.user, "archive")

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if obj is not None and obj.pk is not None:
            context["workflow_actions"] = [
                {
                    "name": name,
                    "label": WORKFLOW_BUTTONS[name].label,
                    "form": WORKFLOW_BUTTONS[name].form_class(auto_id=f"id_{name}_%s"),
                    "url": reverse(
                        f"admin:{self.opts.app_label}_{self.opts.model_name}_workflow",
                        args=[obj.pk, name],
                        current_app=self.admin_site.name,
                    ),
                }
                for name in available_actions(request.user, obj)
            ]
        return super().render_change_form(request, context, add, change, form_url, obj)

    def workflow_view(self, request, object_id, action):
        """POST only (CSRF-protected by admin_view): run one workflow service on one article."""
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        spec = WORKFLOW_BUTTONS.get(action)
        if spec is None:
            raise Http404(_("Unknown workflow action."))
        article = self.get_object(request, unquote(object_id))
        if article is None:
            return self._get_obj_does_not_exist_redirect(request, self.opts, object_id)
        if not self.has_view_or_change_permission(request, article):
            raise PermissionDenied
        form = spec.form_class(request.POST)
        if not form.is_valid():
            for field, errors in form.errors.items():
                label = form.fields[field].label if field in form.fields else ""
                for error in errors:
                    self.message_user(request, f"{label}: {error}", messages.ERROR)
        else:
            self._run(request, spec, article, **form.cleaned_data)
        return HttpResponseRedirect(self._after_workflow_url(request, article))

    def _run(self, request, spec, article, **kwargs):
        """Call the service; report success or refusal. True when it succeeded."""
        try:
            spec.service(article=article, actor=request.user, **kwargs)
        except WorkflowError as refusal:
            self.message_user(
                request,
                _("“%(headline)s”: %(error)s") % {"headline": article.headline, "error": refusal},
                messages.ERROR,
            )
            return False
        self.message_user(
            request,
            spec.success % {"headline": article.headline, "status": article.get_status_display()},
            messages.SUCCESS,
        )
        return True

    def _after_workflow_url(self, request, article):
        if self.has_view_or_change_permission(request, article):
            name = "change"
            args = [article.pk]
        else:
            name, args = "changelist", []
        return reverse(
            f"admin:{self.opts.app_label}_{self.opts.model_name}_{name}",
            args=args,
            current_app=self.admin_site.name,
        )

    # Bulk actions: the service per article, each success and each refusal reported.

    @admin.action(
        description=gettext_lazy("Submit selected articles for review"), permissions=["submit"]
    )
    def submit_selected(self, request, queryset):
        for article in queryset:
            self._run(request, WORKFLOW_BUTTONS["submit"], article)

    @admin.action(
        description=gettext_lazy("Publish selected articles now"), permissions=["publish"]
    )
    def publish_selected(self, request, queryset):
        for article in queryset:
            self._run(request, WORKFLOW_BUTTONS["publish"], article)

    @admin.action(description=gettext_lazy("Take down selected articles"), permissions=["archive"])
    def archive_selected(self, request, queryset):
        """Asks for the reason on an intermediate page, then takes each article down."""
        form = ArchiveSelectedForm(request.POST if "apply" in request.POST else None)
        if form.is_bound and form.is_valid():
            for article in queryset:
                self._run(request, WORKFLOW_BUTTONS["archive"], article, **form.cleaned_data)
            return None
        context = {
            **self.admin_site.each_context(request),
            "title": _("Take down articles"),
            "opts": self.opts,
            "articles": queryset,
            "form": form,
            "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
            "select_across": request.POST.get("select_across", "0"),
        }
        return TemplateResponse(request, "admin/articles/article/archive_selected.html", context)
