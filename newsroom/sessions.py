"""The idle timeout of sessions, and the requests that must not renew it.

Every request renews the session (SESSION_SAVE_EVERY_REQUEST): it ends SESSION_COOKIE_AGE
seconds after the person last did something. A request a page's script sends on its own,
such as the editing-presence heartbeat, is not the person doing something: a view marked
`leaves_session_idle` neither saves the session nor re-sends its cookie, so the timeout runs
on from the last real request, whatever the session backend.
"""

from functools import wraps

from django.contrib.sessions.middleware import SessionMiddleware
from django.utils.cache import patch_vary_headers


def leaves_session_idle(view):
    """Mark a view whose requests do not count as activity for the session's idle timeout."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        request.leaves_session_idle = True
        return view(request, *args, **kwargs)

    return wrapper


class IdleTimeoutSessionMiddleware(SessionMiddleware):
    """Django's session middleware, except for requests marked by `leaves_session_idle`."""

    def process_response(self, request, response):
        session = getattr(request, "session", None)
        if (
            getattr(request, "leaves_session_idle", False)
            and session is not None
            and not session.modified
        ):
            if session.accessed:
                patch_vary_headers(response, ("Cookie",))
            return response
        return super().process_response(request, response)
