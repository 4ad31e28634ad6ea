import uuid

from django.conf import settings
from django.core.files.storage import default_storage
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

# The responsive widths every picture is offered in (never wider than the upload itself).
RENDITION_WIDTHS = (320, 640, 960, 1280, 1920)


def unit_interval_validators():
    return [MinValueValidator(0.0), MaxValueValidator(1.0)]


class Image(models.Model):
    """A photo in the library, reusable by any number of articles.

    `renditions` is the manifest of the files made from the original, e.g.
    {"w640.webp": {"name": "images/renditions/…/w640.webp", "width": 640, "height": 427}}.
    Keeping it on the row means showing a picture never costs a query of its own.
    """

    key = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    # A fresh name under images/originals/: the uploader's file name is never kept, because it
    # can name a source ("from_ahmed.jpg").
    file = models.FileField(_("file"), max_length=255, editable=False)
    width = models.PositiveIntegerField(_("width"), editable=False)
    height = models.PositiveIntegerField(_("height"), editable=False)
    alt_text = models.CharField(
        _("alternative text"),
        max_length=300,
        blank=True,
        help_text=_(
            "What the picture shows, in Arabic, for readers who cannot see it. "
            "Required before an article that uses the picture is published."
        ),
    )
    caption = models.CharField(_("caption"), max_length=500, blank=True)
    credit = models.CharField(
        _("credit"),
        max_length=200,
        blank=True,
        help_text=_(
            "Who took the picture or owns it. "
            "Required before an article that uses the picture is published."
        ),
    )
    focal_x = models.FloatField(
        _("focal point (across)"),
        default=0.5,
        validators=unit_interval_validators(),
        help_text=_("0 is the left edge, 1 the right edge."),
    )
    focal_y = models.FloatField(
        _("focal point (down)"),
        default=0.5,
        validators=unit_interval_validators(),
        help_text=_("0 is the top edge, 1 the bottom edge."),
    )
    renditions = models.JSONField(_("renditions"), default=dict, blank=True, editable=False)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
    )
    created_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("image")
        verbose_name_plural = _("images")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(focal_x__gte=0) & Q(focal_x__lte=1),
                name="image_focal_x_in_unit_interval",
            ),
            models.CheckConstraint(
                condition=Q(focal_y__gte=0) & Q(focal_y__lte=1),
                name="image_focal_y_in_unit_interval",
            ),
        ]

    def __str__(self):
        return self.alt_text or self.caption or str(_("Image %(id)s") % {"id": self.pk})

    # Pure questions, answered without queries.

    def rendition_url(self, key):
        entry = self.renditions.get(key)
        return default_storage.url(entry["name"]) if entry else None

    def srcset(self, extension):
        """ "url 320w, url 640w, …" for the width renditions in one format, narrowest first."""
        entries = sorted(
            (entry for key, entry in self.renditions.items() if is_width_key(key, extension)),
            key=lambda entry: entry["width"],
        )
        return ", ".join(f"{default_storage.url(e['name'])} {e['width']}w" for e in entries)

    @property
    def srcset_webp(self):
        return self.srcset("webp")

    @property
    def srcset_jpeg(self):
        return self.srcset("jpg")

    @property
    def fallback_url(self):
        """The JPEG a browser without srcset support loads: a mid-size one, else the original."""
        for width in (960, 640, 1280, 320, 1920):
            url = self.rendition_url(f"w{width}.jpg")
            if url:
                return url
        return self.file.url if self.file else ""

    @property
    def share_url(self):
        """The 1200×630 crop around the focal point, for Open Graph (a relative URL)."""
        return self.rendition_url("share.jpg") or self.fallback_url

    @property
    def square_url(self):
        return self.rendition_url("square.jpg")

    def missing_metadata(self, *, alt_text=""):
        """Which of the fields a published picture needs are still empty.

        `alt_text`: the alternative text the picture is shown with in one place (a body
        <img alt>), which stands in for the library's own.
        """
        missing = []
        if not (alt_text.strip() or self.alt_text.strip()):
            missing.append(_("alternative text"))
        if not self.credit.strip():
            missing.append(_("credit"))
        return missing


def is_width_key(key, extension):
    return key.startswith("w") and key.endswith(f".{extension}")
