from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from newsroom.paths import public_path
from newsroom.text import arabic_slugify, normalise_name, unique_slug


class AuthorQuerySet(models.QuerySet):
    def find_by_name(self, name):
        """The author whose byline reads as `name` once spelling variants are folded, or None."""
        return self.filter(normalised_name=normalise_name(name)).order_by("pk").first()


class Author(models.Model):
    """A byline: a staff reporter, a guest writer or an agency."""

    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=200, unique=True, allow_unicode=True)
    normalised_name = models.CharField(
        _("normalised name"), max_length=200, db_index=True, editable=False
    )
    job_title = models.CharField(_("job title"), max_length=200, blank=True)
    bio = models.TextField(_("short biography"), blank=True)
    photo = models.ImageField(_("photo"), upload_to="authors/", blank=True)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("staff account"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="author_profile",
        help_text=_("Leave empty for a guest or agency byline."),
    )
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    objects = AuthorQuerySet.as_manager()

    class Meta:
        verbose_name = _("author")
        verbose_name_plural = _("authors")
        ordering = ["name"]
        # Editors add a guest writer or an agency from the article form; managing authors
        # (staff links, photos, deleting) stays with the editor-in-chief (add_author…).
        permissions = [("add_guest_author", _("Can add guest and agency bylines"))]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        # Derived columns only: the name decides the lookup key and, once, the slug.
        self.normalised_name = normalise_name(self.name)
        if not self.slug:
            self.slug = unique_slug(Author, arabic_slugify(self.name) or "author")
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return public_path("authors:detail", slug=self.slug)


class NotificationPreferences(models.Model):
    """Which workflow e-mails a staff member gets; every one until they say otherwise.

    The field names are the events' values (articles.models.NotificationEvent). A person
    without a row gets everything: the row is written the first time they change a choice on
    their account page.
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("staff account"),
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="notification_preferences",
    )
    submitted = models.BooleanField(
        _("an article is submitted for review"),
        default=True,
        help_text=_("Sent to those who may publish."),
    )
    returned = models.BooleanField(
        _("my article is returned to draft"),
        default=True,
        help_text=_("With the editor's note."),
    )
    scheduled = models.BooleanField(_("my article is scheduled"), default=True)
    published = models.BooleanField(_("my article is published"), default=True)
    taken_down = models.BooleanField(
        _("my article is taken down"), default=True, help_text=_("With the reason.")
    )
    live_quiet = models.BooleanField(
        _("a live coverage gets no entry for a while"),
        default=True,
        help_text=_("Sent to the article's reporters and to those who may publish."),
    )

    EVENTS = ("submitted", "returned", "scheduled", "published", "taken_down", "live_quiet")

    class Meta:
        verbose_name = _("e-mail preferences")
        verbose_name_plural = _("e-mail preferences")

    def __str__(self):
        return str(self.user)
