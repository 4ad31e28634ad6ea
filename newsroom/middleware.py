"""Response headers that Django's own security middleware does not set."""

from django.conf import settings


def permissions_policy_header(policy):
    """`{"camera": [], "publickey-credentials-get": ["self"]}` -> `camera=(), publickey-…=(self)`."""
    return ", ".join(f"{feature}=({' '.join(allowlist)})" for feature, allowlist in policy.items())


class PermissionsPolicyMiddleware:
    """Switch off the browser features (camera, microphone, location…) no page needs."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.header = permissions_policy_header(settings.PERMISSIONS_POLICY)

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", self.header)
        return response


class AdminNeverCachedMiddleware:
    """Every admin response is private and never stored: drafts must not linger in a cache."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.prefix = "/" + settings.ADMIN_URL

    def __call__(self, request):
        response = self.get_response(request)
        if request.path.startswith(self.prefix):
            response["Cache-Control"] = "private, no-store"
        return response
