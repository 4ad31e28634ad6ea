"""The one write path for the site's menu (articles/models/menu.py): save and delete items.

The editor-in-chief manages the menu (`change_menuitem` and friends, by role). Every change is
checked (one target, one level of nesting), recorded in the admin's history of the item, and
after the commit forgets the cached navigation and purges every page (`navigation_changed`:
every public page shows the menu).
"""

from functools import partial

from django.contrib.admin.models import ADDITION, CHANGE, DELETION, LogEntry
from django.db import transaction
from django.utils.translation import gettext as _

from articles.exceptions import PageNotPermitted
from articles.models import MenuItem
from articles.public import navigation
from articles.services.permissions import is_staff_actor
from articles.signals import send_navigation_changed


def _require(actor, codename):
    if not (is_staff_actor(actor) and actor.has_perm(f"articles.{codename}_menuitem")):
        raise PageNotPermitted(_("Only the editor-in-chief can change the site's menu."))


def menu_item_save(*, item, actor):
    """Validate and save `item` (new or changed); ValidationError saves nothing."""
    adding = item.pk is None
    _require(actor, "add" if adding else "change")
    item.full_clean()
    with transaction.atomic():
        item.save()
        _log(actor, item, ADDITION if adding else CHANGE)
        _after_commit()
    return item


def menu_item_delete(*, item, actor):
    """Delete `item` and the items under it."""
    _require(actor, "delete")
    with transaction.atomic():
        _log(actor, item, DELETION)
        item.delete()
        _after_commit()


def _log(actor, item, flag):
    LogEntry.objects.log_actions(
        user_id=actor.pk, queryset=[item], action_flag=flag, change_message="", single_object=True
    )


def _after_commit():
    # Forgotten now and again after the commit: another request may cache the menu as it was
    # while this transaction is open.
    navigation.forget_cached()
    transaction.on_commit(navigation.forget_cached)
    transaction.on_commit(partial(send_navigation_changed, MenuItem))
