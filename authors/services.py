"""Writes to authors that the newsroom makes while writing.

`guest_author_create`: a guest writer's or an agency's byline, added from the article form by
editors and the editor-in-chief (`authors.add_guest_author`). Creating, linking and editing
staff authors stays in the author admin (the editor-in-chief's `add_author`).
"""

from django.contrib.admin.models import ADDITION, LogEntry
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _

from authors.models import Author
from newsroom.text import clean_name, normalise_name

ADD_GUEST_PERMISSION = "authors.add_guest_author"
NAME_MAX_LENGTH = Author._meta.get_field("name").max_length


class AuthorError(ValueError):
    """A byline cannot be created as asked (an empty or too long name). A ValueError, like the
    workflow's refusals of input, without making this app import the articles app."""


def can_add_guest_author(user):
    return bool(
        user is not None
        and getattr(user, "is_authenticated", False)
        and user.is_active
        and user.has_perm(ADD_GUEST_PERMISSION)
    )


def guest_author_create(*, name, actor):
    """The byline `name` without a staff account, for `actor`; or the author it already is.

    Returns `(author, created)`: a name that reads as an existing author's once spelling
    variants are folded (Author.normalised_name) gives that author and False. Refuses
    (PermissionDenied) an actor without `authors.add_guest_author`, and (AuthorError) a name
    without letters or longer than an author's name. The creation is written to the admin's
    history of the author, naming who added it.
    """
    if not can_add_guest_author(actor):
        raise PermissionDenied(_("Only editors and the editor-in-chief add guest bylines."))
    if "\x00" in (name or ""):
        raise AuthorError(_("A name cannot contain the NUL character."))
    name = clean_name(name)
    if not normalise_name(name):
        raise AuthorError(_("A byline needs a name."))
    if len(name) > NAME_MAX_LENGTH:
        raise AuthorError(
            _("A byline's name has at most %(count)d characters.") % {"count": NAME_MAX_LENGTH}
        )
    existing = Author.objects.find_by_name(name)
    if existing is not None:
        return existing, False
    with transaction.atomic():
        author = Author.objects.create(name=name)
        LogEntry.objects.log_actions(
            user_id=actor.pk,
            queryset=[author],
            action_flag=ADDITION,
            change_message=_("Added as a guest byline from the article form."),
            single_object=True,
        )
    return author, True
