"""Live coverage in the admin: a screen under the article's change page (`<id>/live/`) to start
and end the coverage and to post, edit, withdraw and pin its entries.

Every write calls articles/services/live.py and reports its success or refusal with
`message_user`; nothing here writes an article or an entry.
"""

from django import forms
from django.contrib import messages
from django.contrib.admin.utils import unquote
from django.contrib.admin.widgets import AutocompleteSelect
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponseNotAllowed, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.utils.html import linebreaks
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from articles.admin.object_views import ArticleObjectViewsMixin
from articles.exceptions import WorkflowError
from articles.models import Article, Image, LiveEntry
from articles.services import live as services
from articles.services import permissions


class LiveEntryForm(forms.Form):
    body = forms.CharField(
        label=gettext_lazy("Text"),
        widget=forms.Textarea(attrs={"rows": 5, "dir": "auto"}),
        help_text=gettext_lazy(
            "Plain text, or the HTML the article body allows. A blank line starts a paragraph."
        ),
    )
    image = forms.ModelChoiceField(
        label=gettext_lazy("Picture"),
        queryset=Image.objects.all(),
        required=False,
        help_text=gettext_lazy("A picture of the library, with alternative text and a credit."),
    )
    pinned = forms.BooleanField(
        label=gettext_lazy("Pin on top"),
        required=False,
        help_text=gettext_lazy("The entry pinned before is unpinned."),
    )

    def __init__(self, *args, admin_site, with_pin=True, **kwargs):
        super().__init__(*args, **kwargs)
        # The library's search, through the lead image's autocomplete (the same pictures).
        image = self.fields["image"]
        image.widget = AutocompleteSelect(Article._meta.get_field("lead_image"), admin_site)
        image.widget.choices = image.choices
        if not with_pin:
            del self.fields["pinned"]

    def clean_body(self):
        body = self.cleaned_data["body"].strip()
        # Text typed without markup becomes paragraphs; the service sanitises either.
        return body if "<" in body else linebreaks(body)


class ArticleLiveAdminMixin(ArticleObjectViewsMixin):
    """Adds the live coverage screen and its buttons to ArticleAdmin."""

    def get_urls(self):
        return [
            *self.object_urls(
                [
                    ("live/", self.live_view, "live"),
                    ("live/start/", self.live_start_view, "live_start"),
                    ("live/end/", self.live_end_view, "live_end"),
                    ("live/<int:entry_id>/edit/", self.live_entry_edit_view, "live_entry_edit"),
                    (
                        "live/<int:entry_id>/withdraw/",
                        self.live_entry_withdraw_view,
                        "live_entry_withdraw",
                    ),
                    ("live/<int:entry_id>/pin/", self.live_entry_pin_view, "live_entry_pin"),
                ]
            ),
            *super().get_urls(),
        ]

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if obj is not None and obj.pk is not None and permissions.can_post_live(request.user, obj):
            context["live_url"] = self._url("live", obj.pk)
        return super().render_change_form(request, context, add, change, form_url, obj)

    # Views.

    def live_view(self, request, object_id):
        """The live blog's entries, newest first, and the form to post one (POST)."""
        article = self._article_for_live(request, object_id)
        form = LiveEntryForm(request.POST or None, admin_site=self.admin_site)
        if request.method == "POST" and form.is_valid():
            try:
                entry = services.live_entry_post(
                    article=article,
                    actor=request.user,
                    body=form.cleaned_data["body"],
                    image=form.cleaned_data["image"],
                    pinned=form.cleaned_data["pinned"],
                )
            except WorkflowError as error:
                form.add_error(None, str(error))
            else:
                self.message_user(
                    request,
                    _("Live entry #%(number)s posted.") % {"number": entry.pk},
                    messages.SUCCESS,
                )
                return HttpResponseRedirect(self._url("live", article.pk))
        entries = [
            {
                "entry": entry,
                "edit_url": self._url("live_entry_edit", article.pk, entry.pk),
                "withdraw_url": self._url("live_entry_withdraw", article.pk, entry.pk),
                "pin_url": self._url("live_entry_pin", article.pk, entry.pk),
                "may_change": permissions.can_change_live_entry(request.user, entry, article),
            }
            for entry in LiveEntry.objects.filter(article=article)
            .select_related("author", "created_by", "image")
            .order_by("-pinned", "-id")
        ]
        return self._render(
            request,
            article,
            "admin/articles/article/live.html",
            _("Live coverage of “%(headline)s”") % {"headline": article.headline},
            form=form,
            entries=entries,
            can_run=permissions.can_run_live_coverage(request.user, article),
            start_url=self._url("live_start", article.pk),
            end_url=self._url("live_end", article.pk),
        )

    def live_start_view(self, request, object_id):
        return self._coverage_action(
            request, object_id, services.live_coverage_start, _("The live coverage runs.")
        )

    def live_end_view(self, request, object_id):
        return self._coverage_action(
            request, object_id, services.live_coverage_end, _("The live coverage has ended.")
        )

    def live_entry_edit_view(self, request, object_id, entry_id):
        """An entry's text and picture (GET: the form; POST: the edit)."""
        article = self._article_for_live(request, object_id)
        entry = self._entry(article, entry_id)
        if not permissions.can_change_live_entry(request.user, entry, article):
            raise PermissionDenied
        initial = {"body": entry.body, "image": entry.image_id}
        form = LiveEntryForm(
            request.POST or None, initial=initial, admin_site=self.admin_site, with_pin=False
        )
        if request.method == "POST" and form.is_valid():
            try:
                services.live_entry_edit(
                    entry=entry,
                    actor=request.user,
                    body=form.cleaned_data["body"],
                    image=form.cleaned_data["image"],
                    keep_image=False,
                )
            except WorkflowError as error:
                form.add_error(None, str(error))
            else:
                self.message_user(
                    request,
                    _("Live entry #%(number)s edited.") % {"number": entry.pk},
                    messages.SUCCESS,
                )
                return HttpResponseRedirect(self._url("live", article.pk))
        return self._render(
            request,
            article,
            "admin/articles/article/live_entry_edit.html",
            _("Edit live entry #%(number)s") % {"number": entry.pk},
            form=form,
            entry=entry,
            live_url=self._url("live", article.pk),
        )

    def live_entry_withdraw_view(self, request, object_id, entry_id):
        return self._entry_action(
            request,
            object_id,
            entry_id,
            lambda entry: services.live_entry_withdraw(entry=entry, actor=request.user),
            _("Live entry #%(number)s withdrawn: readers no longer see it."),
        )

    def live_entry_pin_view(self, request, object_id, entry_id):
        pinned = request.POST.get("pinned") != "0"
        return self._entry_action(
            request,
            object_id,
            entry_id,
            lambda entry: services.live_entry_pin(entry=entry, actor=request.user, pinned=pinned),
            _("Live entry #%(number)s pinned.")
            if pinned
            else _("Live entry #%(number)s unpinned."),
        )

    # Steps.

    def _article_for_live(self, request, object_id):
        article = self.get_object(request, unquote(object_id))
        if article is None:
            raise Http404(_("This article no longer exists."))
        if not permissions.can_post_live(request.user, article):
            raise PermissionDenied
        return article

    def _entry(self, article, entry_id):
        entry = LiveEntry.objects.filter(pk=entry_id, article=article).first()
        if entry is None:
            raise Http404(_("This live entry no longer exists."))
        return entry

    def _coverage_action(self, request, object_id, service, success):
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        article = self._article_for_live(request, object_id)
        try:
            service(article=article, actor=request.user)
        except WorkflowError as error:
            self.message_user(request, str(error), messages.ERROR)
        else:
            self.message_user(request, success, messages.SUCCESS)
        return HttpResponseRedirect(self._url("live", article.pk))

    def _entry_action(self, request, object_id, entry_id, action, success):
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        article = self._article_for_live(request, object_id)
        entry = self._entry(article, entry_id)
        try:
            action(entry)
        except WorkflowError as error:
            self.message_user(request, str(error), messages.ERROR)
        else:
            self.message_user(request, success % {"number": entry.pk}, messages.SUCCESS)
        return HttpResponseRedirect(self._url("live", article.pk))

    def _render(self, request, article, template, title, **extra):
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "original": article,
            "title": title,
            "change_url": self._url("change", article.pk),
            **extra,
        }
        return TemplateResponse(request, template, context)
