"""The gate of staff pages that live outside the admin's URLs (the preview of any article).

They are let in by the admin's own check, `admin.site.admin_view` (the site's
`has_permission`: active staff, signed in, second factor verified where the account needs
one), never by their address. A page added later that shows unpublished content uses
`staff_view` or lives in the admin.
"""

from django.contrib import admin


def staff_view(view):
    """Wrap `view` in the admin's permission check (and its never-cache and CSRF protection)."""
    return admin.site.admin_view(view)
