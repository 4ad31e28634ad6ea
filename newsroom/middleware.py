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
    """Every admin response is private, never stored and never indexed.

    Drafts must not linger in a cache; the admin stays out of search engines by this header
    rather than by a robots.txt line, which would publish its secret address. The admin's
    path is matched on `path_info`, which is the same whatever prefix (SCRIPT_NAME) the site
    is mounted under.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.prefix = "/" + settings.ADMIN_URL

    def __call__(self, request):
        response = self.get_response(request)
        if request.path_info.startswith(self.prefix):
            response["Cache-Control"] = "private, no-store"
            response["X-Robots-Tag"] = "noindex, nofollow"
        return response
