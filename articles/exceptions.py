"""Errors raised by the editorial workflow (articles/services/workflow.py).

The admin, commands and any future API catch these and show their (translated) message.
"""

from django.core.exceptions import PermissionDenied


class WorkflowError(Exception):
    """Base class of every refusal of a workflow step."""

    def __init__(self, message):
        super().__init__(message)
        self.message = message

    def __str__(self):
        return str(self.message)


class InvalidTransition(WorkflowError, ValueError):
    """The move is not allowed from the article's current state or with its current content."""


class TransitionNotPermitted(WorkflowError, PermissionDenied):
    """The person asking may not make this move on this article."""


class StaleVersion(WorkflowError, ValueError):
    """The article was saved by someone else since the caller read it (its version moved)."""


class SiteSettingsNotPermitted(PermissionDenied):
    """The person asking may not change the site's settings."""


class TagError(WorkflowError, ValueError):
    """A tag cannot be created or merged as asked (an empty name, a tag merged into itself)."""


class CommentRefused(WorkflowError, ValueError):
    """A reader's comment is not accepted; `http_status` is the HTTP status the public endpoint
    answers with (400 a form problem, 403 closed or spam, 404 comments off, 429 too many)."""

    def __init__(self, message, *, status=400):
        super().__init__(message)
        self.http_status = status


class CommentNotPermitted(WorkflowError, PermissionDenied):
    """The person asking may not moderate, reply to or delete comments."""


class PageNotPermitted(WorkflowError, PermissionDenied):
    """The person asking may not make this change to a page or to the menu."""


class HomePinError(WorkflowError, ValueError):
    """A pin cannot be placed as asked (no such place, an end before its start)."""


class HomePinNotPermitted(WorkflowError, PermissionDenied):
    """The person asking may not pin articles to the home page."""
