from django.db import models
from django.utils.translation import gettext_lazy as _


class SiteSettings(models.Model):
    """The newspaper's site-wide settings: exactly one row, edited in the admin."""

    SINGLETON_ID = 1

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

    class Meta:
        verbose_name = _("site settings")
        verbose_name_plural = _("site settings")
        constraints = [
            models.CheckConstraint(condition=models.Q(id=1), name="site_settings_single_row"),
        ]

    def __str__(self):
        return str(_("Site settings"))

    @classmethod
    def load(cls):
        settings, _created = cls.objects.get_or_create(id=cls.SINGLETON_ID)
        return settings
