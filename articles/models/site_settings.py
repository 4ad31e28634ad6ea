from django.core.cache import cache
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from articles.public.hijri import MAX_OFFSET, moroccan_hijri_date, validate_month_offsets


class SiteSettings(models.Model):
    """The newspaper's site-wide settings: exactly one row, edited in the admin."""

    SINGLETON_ID = 1
    # Every public page reads this row: it is kept in the shared cache (Redis in production),
    # so a page costs no query for it. Changes go through site_settings_update
    # (articles/services/site_settings.py), which forgets it and purges the pages.
    CACHE_KEY = "newsroom:site-settings"

    name = models.CharField(_("newspaper name"), max_length=200, default="غرفة الأخبار")
    tagline = models.CharField(
        _("masthead tagline"),
        max_length=300,
        blank=True,
        default="أول جريدة إلكترونية مغربية تتجدد على مدار الساعة",
    )
    comments_enabled = models.BooleanField(
        _("reader comments enabled"),
        default=False,
        help_text=_(
            "When off, every article shows that comments are closed, whatever its own setting."
        ),
    )
    comments_auto_close_days = models.PositiveSmallIntegerField(
        _("close comments after (days)"),
        default=14,
        validators=[MaxValueValidator(3650)],
        help_text=_(
            "Readers can comment on an article for this many days after it is published. "
            "0 keeps comments open without a limit."
        ),
    )
    comments_trusted_threshold = models.PositiveSmallIntegerField(
        _("trusted commenters after (approved comments)"),
        default=0,
        validators=[MaxValueValidator(1000)],
        help_text=_(
            "A comment is published without moderation when its e-mail address already has "
            "this many approved comments. The address is never verified: anyone who types a "
            "trusted reader's address is published at once. 0 (the default) turns the rule "
            "off: every comment waits for an editor."
        ),
    )
    comments_banned_words = models.TextField(
        _("banned words in comments"),
        blank=True,
        help_text=_(
            "One word or phrase per line. A comment containing one is refused; letters are "
            "compared after Arabic normalisation (hamza forms, taa marbuta, diacritics)."
        ),
    )
    show_hijri_date = models.BooleanField(
        _("show the Hijri date"),
        default=True,
        help_text=_("On the masthead and on each article, next to the Gregorian date."),
    )
    hijri_default_offset = models.SmallIntegerField(
        _("default Hijri offset (days)"),
        default=0,
        validators=[MinValueValidator(-MAX_OFFSET), MaxValueValidator(MAX_OFFSET)],
        help_text=_(
            "Days the Moroccan month starts after the Umm al-Qura month, for every month not "
            "listed below. Usually 0 or 1."
        ),
    )
    hijri_month_offsets = models.JSONField(
        _("Hijri offsets by month"),
        default=dict,
        blank=True,
        validators=[validate_month_offsets],
        help_text=_(
            'Exceptions to the default, as announced by the Ministry of Habous: {"1447-09": 1, '
            '"1447-10": 0} means Ramadan 1447 started one day after Umm al-Qura and Shawwal on '
            "the same day."
        ),
    )
    # PROTECT, as an article's lead image: a picture in use is not deleted from the library.
    default_share_image = models.ForeignKey(
        "articles.Image",
        verbose_name=_("default share picture"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text=_(
            "Shown when an article with neither a share picture nor a lead image is shared."
        ),
    )

    class Meta:
        verbose_name = _("site settings")
        verbose_name_plural = _("site settings")
        constraints = [
            models.CheckConstraint(condition=models.Q(id=1), name="site_settings_single_row"),
        ]

    def __str__(self):
        return str(_("Site settings"))

    def hijri_date(self, day):
        """The Moroccan Hijri date of the Gregorian `day`, with the editors' corrections."""
        return moroccan_hijri_date(day, self.hijri_month_offsets, self.hijri_default_offset)

    @classmethod
    def load(cls):
        settings = cache.get(cls.CACHE_KEY)
        if settings is None:
            # The share picture is read with the row and cached with it: pages ask no query.
            settings, _created = cls.objects.select_related("default_share_image").get_or_create(
                id=cls.SINGLETON_ID
            )
            # Five minutes at most, should the row ever be changed behind the model's back (SQL).
            cache.set(cls.CACHE_KEY, settings, timeout=300)
        return settings

    @classmethod
    def forget_cached(cls):
        cache.delete(cls.CACHE_KEY)
