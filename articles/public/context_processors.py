from django.utils.functional import SimpleLazyObject

from articles.models import SiteSettings


def site(request):
    """The site settings row, read only if a template uses it, and at most once a request."""
    return {
        "site_settings": SimpleLazyObject(
            lambda: getattr(request, "site_settings", None) or SiteSettings.load()
        )
    }
