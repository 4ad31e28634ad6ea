"""Keep signed-out-everywhere sessions out.

The second factor is not a middleware: it is part of the admin's permission check
(authors/staff/admin_site.py), which every staff page asks, whatever its address."""

from django.contrib.auth import logout

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
