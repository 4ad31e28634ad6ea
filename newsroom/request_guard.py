"""Refuse, in one place, addresses the database cannot store: a NUL byte in the path or in the
query string.

PostgreSQL text cannot hold NUL (0x00): a search, slug or old permalink carrying one made the
query fail with a 500, and bots send `%00` every day. Django decodes everything else a client
can put in an address into storable text (invalid UTF-8, lone surrogates included, becomes
U+FFFD), so NUL is the one character that has to be stopped before any view reads it. The
request gets a 400 with the Arabic error page naming the parameter; nothing is looked up.

Placed after the page cache (newsroom/settings.py): a 400 is never stored, and the page
cache's WSGI fast path stays possible.
"""

from django.http import HttpResponseBadRequest
from django.template.loader import render_to_string
from django.utils.translation import gettext as _

NUL = "\x00"


def nul_byte_place(request):
    """Where the request carries a NUL byte (the path, or the parameter's name), else None."""
    if NUL in request.path_info:
        return _("the address")
    for name, values in request.GET.lists():
        if NUL in name or any(NUL in value for value in values):
            # The name is shown without its NULs: it is quoted back to the reader.
            return _("the parameter “%(name)s”") % {"name": name.replace(NUL, "")}
    return None


class NulByteGuardMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        # A cookie can carry NUL too (a quoted "\000" is decoded): such a cookie (a forged
        # session key) is dropped, not refused, so the reader is not locked out until it expires.
        if any(NUL in name or NUL in value for name, value in request.COOKIES.items()):
            request.COOKIES = {
                name: value
                for name, value in request.COOKIES.items()
                if NUL not in name and NUL not in value
            }
        place = nul_byte_place(request)
        if place is None:
            return self.get_response(request)
        return HttpResponseBadRequest(
            render_to_string("400.html", {"place": place}),
            content_type="text/html; charset=utf-8",
        )
