"""The "Home page" screen: the editors' pins of articles to the home page's places.

Every add, change and removal goes through articles/services/home.py (permission, audit row
on the article, purge of the home page). The article list offers "Pin to the home page",
which opens this screen's add form with the article chosen.
"""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from articles.exceptions import HomePinError
from articles.models import HomePin
from articles.services import home as home_services


class HomePinForm(forms.ModelForm):
    class Meta:
        model = HomePin
        fields = ["article", "slot", "position", "starts_at", "ends_at"]

    def clean(self):
        cleaned = super().clean()
        article, slot = cleaned.get("article"), cleaned.get("slot")
        if article is None or not slot:
            return cleaned
        try:
            home_services.check_pin(
                article=article,
                slot=slot,
                position=cleaned.get("position") or 1,
                starts_at=cleaned.get("starts_at"),
                ends_at=cleaned.get("ends_at"),
            )
        except HomePinError as error:
            raise ValidationError(str(error)) from None
        return cleaned


@admin.register(HomePin)
class HomePinAdmin(admin.ModelAdmin):
    form = HomePinForm
    list_display = ["article", "slot", "position", "starts_at", "ends_at", "state", "created_by"]
    list_filter = ["slot"]
    list_select_related = ["article", "created_by"]
    autocomplete_fields = ["article"]
    fields = ["article", "slot", "position", "starts_at", "ends_at"]

    # Only the editors who publish place articles on the home page.

    def has_module_permission(self, request):
        return home_services.may_pin(request.user)

    def has_view_permission(self, request, obj=None):
        return home_services.may_pin(request.user)

    def has_add_permission(self, request):
        return home_services.may_pin(request.user)

    def has_change_permission(self, request, obj=None):
        return home_services.may_pin(request.user)

    def has_delete_permission(self, request, obj=None):
        return home_services.may_pin(request.user)

    @admin.display(description=gettext_lazy("on the home page"))
    def state(self, pin):
        now = timezone.now()
        if pin.ends_at and pin.ends_at <= now:
            return _("Ended")
        if pin.starts_at and pin.starts_at > now:
            return _("Not started")
        if not pin.article.is_public(now):
            return _("Not shown: the article is not public")
        return _("Showing")

    def save_model(self, request, obj, form, change):
        """Through the service: it checks, records on the article's trail and purges."""
        data = form.cleaned_data
        saved = home_services.home_pin(
            article=data["article"],
            slot=data["slot"],
            position=data["position"],
            starts_at=data.get("starts_at"),
            ends_at=data.get("ends_at"),
            actor=request.user,
            pin=obj if change else None,
        )
        # The admin's messages and redirect name the saved row.
        obj.pk = saved.pk

    def delete_model(self, request, obj):
        home_services.home_unpin(pin=obj, actor=request.user)

    def delete_queryset(self, request, queryset):
        for pin in queryset:
            home_services.home_unpin(pin=pin, actor=request.user)

    def log_addition(self, request, obj, message):
        """The service has recorded it on the article's trail."""

    def log_change(self, request, obj, message):
        """The service has recorded it on the article's trail."""

    def log_deletions(self, request, queryset):
        """The service records each removal on the article's trail."""


class ArticleHomePinAdminMixin:
    """Adds "Pin to the home page" to the article list's actions."""

    def has_pin_permission(self, request):
        return home_services.may_pin(request.user)

    @admin.action(description=gettext_lazy("Pin to the home page"), permissions=["pin"])
    def pin_to_home_page(self, request, queryset):
        """Opens the home page's add form with the (one) selected article chosen."""
        articles = list(queryset.values_list("pk", flat=True)[:2])
        if len(articles) != 1:
            self.message_user(
                request, _("Select one article to pin to the home page."), messages.WARNING
            )
            return None
        url = reverse("admin:articles_homepin_add", current_app=self.admin_site.name)
        return HttpResponseRedirect(f"{url}?{urlencode({'article': articles[0]})}")
