"""The newsroom's admin site: the one gate in front of every staff-only page.

`NewsroomAdminSite.has_permission` is the rule: an active staff account, signed in, that has
verified the second factor its role requires (editors, the editor-in-chief and superusers
always; anybody who set one up). Every admin page and every staff page outside the admin's
URLs (previews, through `admin.site.admin_view`) asks it, whatever the address the page is
mounted at: no check looks at the URL, so a `SCRIPT_NAME` prefix changes nothing.

A password alone opens only the pages that finish signing in (verify or set up the second
factor) and signing out: `password_step_view`.
"""

from functools import update_wrapper

from django.contrib import admin
from django.contrib.admin.utils import unquote
from django.contrib.auth import REDIRECT_FIELD_NAME
from django.contrib.auth.views import redirect_to_login
from django.contrib.contenttypes.models import ContentType
from django.contrib.contenttypes.views import shortcut
from django.http import Http404
from django.shortcuts import redirect
from django.urls import URLPattern, reverse
from django.utils.http import urlencode
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_protect
from django_otp import user_has_device

from authors.staff.roles import second_factor_required


def second_factor_pending(user):
    """Signed in with the password, but the second factor the account needs is not verified."""
    if not user.is_authenticated:
        return False
    # Without django-otp's middleware nothing is verified: fail closed.
    is_verified = getattr(user, "is_verified", None)
    if is_verified is not None and is_verified():
        return False
    return second_factor_required(user) or user_has_device(user)


def second_factor_redirect(user, next_url):
    """To the verification page, or to the set-up page for an account without a device yet."""
    target = "staff:verify" if user_has_device(user) else "staff:setup"
    return redirect(f"{reverse(target)}?{urlencode({REDIRECT_FIELD_NAME: next_url})}")


class NewsroomAdminSite(admin.AdminSite):
    def has_permission(self, request):
        return super().has_permission(request) and not second_factor_pending(request.user)

    def has_password_step_permission(self, request):
        """Active staff signed in with their password, second factor verified or not."""
        return super().has_permission(request)

    def password_step_view(self, view):
        """`admin_view` for the pages that complete the sign-in: `has_password_step_permission`."""

        def inner(request, *args, **kwargs):
            if not self.has_password_step_permission(request):
                return redirect_to_login(
                    request.get_full_path(), reverse("admin:login", current_app=self.name)
                )
            return view(request, *args, **kwargs)

        return update_wrapper(csrf_protect(never_cache(inner)), view)

    def login(self, request, extra_context=None):
        # Sent here by `admin_view` because the password was typed but the second factor was
        # not: on to the second factor, rather than a sign-in form saying "not authorised".
        if self.has_password_step_permission(request) and second_factor_pending(request.user):
            next_url = request.GET.get(REDIRECT_FIELD_NAME) or reverse(
                "admin:index", current_app=self.name
            )
            return second_factor_redirect(request.user, next_url)
        return super().login(request, extra_context)

    def get_urls(self):
        replaced = {
            # Signing out must work before the second factor too.
            "logout": self.password_step_view(self.logout),
            "view_on_site": self.admin_view(self.view_on_site),
        }
        return [
            URLPattern(url.pattern, replaced[url.name], url.default_args, url.name)
            if isinstance(url, URLPattern) and url.name in replaced
            else url
            for url in super().get_urls()
        ]

    def view_on_site(self, request, content_type_id, object_id):
        """The "view on site" redirect (/r/<type>/<id>/), for objects the person may open here.

        The address it answers reveals the object's slug (an article's headline): a reporter
        must not learn it for a draft they may not open. 404 either way, so it confirms nothing.
        """
        try:
            model = ContentType.objects.get_for_id(int(content_type_id)).model_class()
        except (ValueError, ContentType.DoesNotExist):
            raise Http404 from None
        model_admin = self._registry.get(model)
        if model_admin is None:
            raise Http404
        obj = model_admin.get_object(request, unquote(object_id))
        if obj is None or not model_admin.has_view_or_change_permission(request, obj):
            raise Http404
        return shortcut(request, content_type_id, object_id)
