"""Absolute, percent-encoded ASCII URLs for feeds, sitemaps, canonical links and metadata."""

from django.conf import settings
from django.utils.encoding import iri_to_uri


def site_root(request=None):
    """`DJANGO_SITE_URL` when set (behind proxies and CDNs), else the request's own origin."""
    if settings.SITE_URL:
        return settings.SITE_URL.rstrip("/")
    return f"{request.scheme}://{request.get_host()}"


def absolute_url(request, path):
    """The absolute form of a site path, with every non-ASCII character percent-encoded."""
    if path.startswith(("http://", "https://")):
        return iri_to_uri(path)
    return iri_to_uri(site_root(request) + path)
