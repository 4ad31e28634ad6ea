"""The one write path for the site's settings: the newspaper's name and tagline, the comments
switch, the Hijri date and its corrections.

Every public page shows some of them (the masthead, the comments line, the dates), so a change
reaches readers only once every cached page is purged. The row itself is cached too
(`SiteSettings.load`); both happen after the commit, never in `save()`.
"""

from functools import partial

from django.contrib.admin.models import CHANGE, LogEntry
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _

from articles.exceptions import SiteSettingsNotPermitted
from articles.models import SiteSettings
from articles.services.permissions import is_staff_actor
from articles.signals import send_site_settings_changed

CHANGE_PERMISSION = "articles.change_sitesettings"


def site_settings_update(*, actor, changes):
    """Apply `changes` ({field name: value}) to the settings row and return it.

    Refuses an actor without the change permission (SiteSettingsNotPermitted) and invalid
    values (ValidationError, nothing saved), saves only the fields whose value changes, records
    the change in the row's admin history, and after the commit forgets the cached row and
    purges every page (`articles.signals.site_settings_changed`).
    """
    if not _may_change(actor):
        raise SiteSettingsNotPermitted(_("Only the editor-in-chief can change the site settings."))
    editable = {field.name for field in SiteSettings._meta.concrete_fields if field.editable}
    unknown = sorted(set(changes) - editable)
    if unknown:
        raise ValueError(f"Not a site setting: {', '.join(unknown)}")
    with transaction.atomic():
        row = _locked_row()
        changed = [name for name, value in changes.items() if getattr(row, name) != value]
        for name in changed:
            setattr(row, name, changes[name])
        row.full_clean()
        if changed:
            row.save(update_fields=changed)
            _record(row, actor, changed)
            # Forgotten now and again after the commit: another request may cache the row as
            # it was before while this transaction is open.
            SiteSettings.forget_cached()
            transaction.on_commit(SiteSettings.forget_cached)
            transaction.on_commit(partial(send_site_settings_changed, changed))
    return row


def _may_change(user):
    return is_staff_actor(user) and user.has_perm(CHANGE_PERMISSION)


def _locked_row():
    row, _created = SiteSettings.objects.get_or_create(id=SiteSettings.SINGLETON_ID)
    return SiteSettings.objects.select_for_update().get(pk=row.pk)


def _record(row, actor, changed):
    """The admin's history of the row lists every change, whoever made it."""
    with translation.override(None):  # stored untranslated, shown in the reader's language
        fields = [str(SiteSettings._meta.get_field(name).verbose_name) for name in changed]
    LogEntry.objects.log_actions(
        user_id=actor.pk,
        queryset=[row],
        action_flag=CHANGE,
        change_message=[{"changed": {"fields": fields}}],
        single_object=True,
    )
