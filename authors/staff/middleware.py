"""Keep signed-out-everywhere sessions out, and keep unverified staff out of the admin."""

from django.conf import settings
from django.contrib.auth import logout
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode
from django_otp import user_has_device

from authors.staff.roles import second_factor_required
from authors.staff.services import SESSION_GENERATION_KEY, session_generation_of


class SessionGenerationMiddleware:
    """End a session started before its account signed out everywhere (or was reset)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if user.is_authenticated and request.session.get(
            SESSION_GENERATION_KEY, 0
        ) != session_generation_of(user):
            logout(request)
        return self.get_response(request)


class SecondFactorMiddleware:
    """Staff who must (or chose to) use a second factor verify it before any admin page.

    The sign-in, sign-out and two-factor pages themselves stay reachable, or nobody could
    verify. Must come after django-otp's OTPMiddleware, which tells whether the session is
    verified.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.admin_prefix = "/" + settings.ADMIN_URL

    def __call__(self, request):
        if self._must_verify_first(request):
            user = request.user
            target = "staff:verify" if user_has_device(user) else "staff:setup"
            query = urlencode({"next": request.get_full_path()})
            return redirect(f"{reverse(target)}?{query}")
        return self.get_response(request)

    def _must_verify_first(self, request):
        if not request.path.startswith(self.admin_prefix):
            return False
        user = request.user
        if not user.is_authenticated or user.is_verified():
            return False
        if request.path in self._open_paths() or request.path.startswith(
            reverse("staff:account") + "two-factor/"
        ):
            return False
        return second_factor_required(user) or user_has_device(user)

    @staticmethod
    def _open_paths():
        return {reverse("admin:login"), reverse("admin:logout")}
