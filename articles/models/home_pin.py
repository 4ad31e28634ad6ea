from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.functional import lazy
from django.utils.translation import gettext_lazy as _

# The places of the band under the top story (the home page's "Latest news" grid).
HOME_BAND_PLACES = 8


def _count_in(text):
    return str(text) % {"count": HOME_BAND_PLACES}


# Translated when shown, with the number of the band's places in it.
_with_count = lazy(_count_in, str)


class HomeSlot(models.TextChoices):
    TOP = "top", _("Top story")
    BAND = "band", _("Band under the top story")
    # The block of the article's own section: a pin follows the article if it changes section.
    SECTION = "section", _("First place of its section's block")


class HomePinQuerySet(models.QuerySet):
    def not_ended(self, now=None):
        """Pins whose end has not come: those showing now and those still to start."""
        now = now or timezone.now()
        return self.filter(Q(ends_at__isnull=True) | Q(ends_at__gt=now))

    def showing(self, now=None):
        """Pins in their time window now (the article's own publicity is asked separately)."""
        now = now or timezone.now()
        return self.not_ended(now).filter(Q(starts_at__isnull=True) | Q(starts_at__lte=now))


class HomePin(models.Model):
    """An article an editor placed on the home page, in a slot, for a time.

    Written only by articles/services/home.py. Places not pinned are filled by time
    (articles/public/views.py `home_page_articles`); a pinned article readers may not see
    (a draft, taken down, expired) is skipped there, and its place filled by time.
    """

    article = models.ForeignKey(
        "articles.Article",
        verbose_name=_("article"),
        on_delete=models.CASCADE,
        related_name="home_pins",
    )
    slot = models.CharField(_("place"), max_length=10, choices=HomeSlot.choices)
    position = models.PositiveSmallIntegerField(
        _("position"),
        default=1,
        help_text=_with_count(_("For the band: its place, 1 to %(count)d, right to left.")),
    )
    starts_at = models.DateTimeField(
        _("starts at"), null=True, blank=True, help_text=_("Leave empty to start now.")
    )
    ends_at = models.DateTimeField(
        _("ends at"), null=True, blank=True, help_text=_("Leave empty to keep it until unpinned.")
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("pinned by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
    )
    created_at = models.DateTimeField(_("pinned at"), auto_now_add=True)

    objects = HomePinQuerySet.as_manager()

    class Meta:
        verbose_name = _("home page pin")
        verbose_name_plural = _("home page pins")
        # Several pins on one place at once: the newest wins (articles/public/views.py).
        ordering = ["slot", "position", "-created_at", "-id"]
        indexes = [
            # The home page reads the pins not ended yet: a short walk whatever the history.
            models.Index(fields=["ends_at"], name="home_pin_ends_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(starts_at__isnull=True)
                | Q(ends_at__isnull=True)
                | Q(ends_at__gt=models.F("starts_at")),
                name="home_pin_ends_after_start",
                violation_error_message=_("A pin must end after it starts."),
            ),
            models.CheckConstraint(
                condition=Q(slot="band", position__gte=1, position__lte=HOME_BAND_PLACES)
                | Q(slot__in=["top", "section"], position=1),
                name="home_pin_position_in_slot",
                violation_error_message=_with_count(
                    _("The band's places are numbered 1 to %(count)d; the other places have one.")
                ),
            ),
        ]

    def __str__(self):
        # The admin loads the article with the pin (list_select_related).
        return f"{self.get_slot_display()} {self.position}: {self.article}"
