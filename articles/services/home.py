"""The one write path for the home page's pins: an editor places an article in a slot of the
home page (the top story, a place of the band under it, the first place of its section's
block) for a time, or takes it off.

Like the other services: atomic, the rows locked, the actor's permission checked (the
`publish_article` permission: the editors who decide what readers see), an audit row on the
article's trail, and after the commit the home page purged (`articles.signals.home_changed`,
newsroom/http/purge.py). The home page reads the pins (articles/public/views.py
`home_page_articles`); the scheduler purges it again when a pin starts or ends
(`home_purge_due`).
"""

from datetime import timedelta

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from articles.exceptions import HomePinError, HomePinNotPermitted
from articles.models import HOME_BAND_PLACES, Article, HomePin, HomeSlot
from articles.public.pins import forget_pin_rows
from articles.services import permissions
from articles.services.content import audit_row_create
from articles.signals import send_home_changed

PIN_PERMISSION = "articles.publish_article"
# How far back the scheduler looks (`home_purge_due`): its runs are a minute apart, and one
# may be late; a moment seen twice costs one more purge of one page.
SCHEDULER_LOOKBACK = timedelta(minutes=2)


def may_pin(user):
    """Whether `user` may pin articles to the home page and take them off."""
    return permissions.is_staff_actor(user) and user.has_perm(PIN_PERMISSION)


def home_pin(*, article, slot, actor, position=1, starts_at=None, ends_at=None, pin=None):
    """Pin `article` to `slot` (a HomeSlot) at `position` (1 to HOME_BAND_PLACES in the band,
    1 elsewhere) from `starts_at` (None: now) until `ends_at` (None: until unpinned).

    `pin`: an existing pin to change instead of adding one. Refuses (HomePinNotPermitted) an
    actor without the publish permission, (HomePinError) a place that does not exist, an end
    not after the start or already passed, an article in no section pinned to its section's
    block. An article not public may be pinned (for a publication to come): readers see it
    there only while it is public. Returns the pin.
    """
    if not may_pin(actor):
        raise HomePinNotPermitted(_("Only editors who publish can pin articles to the home page."))
    with transaction.atomic():
        try:
            locked_article = Article.objects.select_for_update().get(pk=article.pk)
        except Article.DoesNotExist:
            raise HomePinError(_("This article no longer exists.")) from None
        check_pin(
            article=locked_article,
            slot=slot,
            position=position,
            starts_at=starts_at,
            ends_at=ends_at,
        )
        if pin is None:
            pin = HomePin(created_by=actor)
            before = None
        else:
            pin = _lock_pin(pin)
            before = _describe(pin)
            if pin.article_id != locked_article.pk:
                # Moved to another article: the old one's trail says it left the home page.
                _audit(
                    pin.article, actor, _("Unpinned from the home page: %(pin)s.") % {"pin": before}
                )
        pin.article = locked_article
        pin.slot = slot
        pin.position = position
        pin.starts_at = starts_at
        pin.ends_at = ends_at
        pin.save()
        _end_replaced_pins(pin, actor)
        if before is None:
            note = _("Pinned to the home page: %(pin)s.") % {"pin": _describe(pin)}
        else:
            note = _("Home page pin changed: %(pin)s.") % {"pin": _describe(pin)}
        _audit(locked_article, actor, note)
        forget_pin_rows()
        transaction.on_commit(send_home_changed)
    return pin


def check_pin(*, article, slot, position, starts_at, ends_at, now=None):
    """Raise HomePinError unless `article` may be pinned so (the admin's form asks first)."""
    if slot not in HomeSlot.values:
        raise HomePinError(_("The home page has no such place."))
    if slot == HomeSlot.BAND:
        if not 1 <= position <= HOME_BAND_PLACES:
            raise HomePinError(
                _("The band's places are numbered 1 to %(count)d.") % {"count": HOME_BAND_PLACES}
            )
    elif position != 1:
        raise HomePinError(_("The top story and a section's first place have one position."))
    if starts_at and ends_at and ends_at <= starts_at:
        raise HomePinError(_("A pin must end after it starts."))
    if ends_at and ends_at <= (now or timezone.now()):
        raise HomePinError(_("This pin's end has already passed."))
    if slot == HomeSlot.SECTION and article.section_id is None:
        raise HomePinError(_("An article in no section cannot lead a section's block."))


def home_unpin(*, pin, actor):
    """Take `pin` off the home page (deleting it); its article's trail records it."""
    if not may_pin(actor):
        raise HomePinNotPermitted(_("Only editors who publish can pin articles to the home page."))
    with transaction.atomic():
        locked = _lock_pin(pin)
        article = Article.objects.select_for_update().get(pk=locked.article_id)
        note = _("Unpinned from the home page: %(pin)s.") % {"pin": _describe(locked)}
        locked.delete()
        _audit(article, actor, note)
        forget_pin_rows()
        transaction.on_commit(send_home_changed)


def home_purge_due(*, since, now=None):
    """Purge the home page when, between `since` and `now`, a pin started or ended, or an
    article's breaking label ended: the cached home page learns that time passed.

    Run every minute by publish_scheduled_articles with `since` a little before its previous
    run; the home page's own cache time (`cache_until` in articles/public/views.py) already
    ends at the next such moment, so this only hurries a CDN that ignores it. Returns whether
    it purged.
    """
    now = now or timezone.now()
    window = Q(starts_at__gt=since, starts_at__lte=now) | Q(ends_at__gt=since, ends_at__lte=now)
    due = HomePin.objects.filter(window).exists() or (
        Article.objects.filter(breaking_until__gt=since, breaking_until__lte=now).exists()
    )
    if due:
        transaction.on_commit(send_home_changed)
    return due


# Steps.


def _lock_pin(pin):
    locked = HomePin.objects.select_for_update().select_related("article").filter(pk=pin.pk)
    locked = locked.first()
    if locked is None:
        raise HomePinError(_("This pin no longer exists."))
    return locked


def _describe(pin):
    """ "Band, place 3, from … until …" for the audit trail."""
    text = HomeSlot(pin.slot).label
    if pin.slot == HomeSlot.BAND:
        text = _("%(slot)s, place %(position)d") % {"slot": text, "position": pin.position}
    if pin.starts_at:
        text += " " + _("from %(time)s") % {"time": _time(pin.starts_at)}
    if pin.ends_at:
        text += " " + _("until %(time)s") % {"time": _time(pin.ends_at)}
    return text


def _time(moment):
    return date_format(timezone.localtime(moment), "DATETIME_FORMAT")


def _end_replaced_pins(pin, actor):
    """An open-ended pin takes its place for good: the older pins of that place that started
    by then would never show again (the newest pin wins), so they end at its start, named so
    on their article's trail, rather than stay listed as showing and be read by every render
    of the home page. A pin with an end only covers the older one for a while: left alone,
    the older one shows again after it. A section block's place is its article's section."""
    if pin.ends_at is not None:
        return
    start = pin.starts_at or timezone.now()
    replaced = (
        HomePin.objects.not_ended(start)
        .filter(slot=pin.slot, position=pin.position, created_at__lte=pin.created_at)
        .filter(Q(starts_at__isnull=True) | Q(starts_at__lt=start))
        .exclude(pk=pin.pk)
        .select_related("article")
        .select_for_update()
    )
    if pin.slot == HomeSlot.SECTION:
        replaced = replaced.filter(article__section_id=pin.article.section_id)
    for old in replaced:
        old.ends_at = start
        old.save(update_fields=["ends_at"])
        _audit(
            old.article,
            actor,
            _("Unpinned from the home page: replaced by a newer pin (%(pin)s).")
            % {"pin": _describe(old)},
        )


def _audit(article, actor, note):
    """A row of the article's audit trail; its status does not change."""
    audit_row_create(
        article=article,
        from_status=article.status,
        to_status=article.status,
        actor=actor,
        note=note,
    )
