from django.db import models
from django.utils.translation import gettext_lazy as _


class ImportedAttachment(models.Model):
    """A media file named by a WordPress export, remembered for a later media import.

    The WXR importer does not download files: it keeps where each attachment lives, which post
    it belonged to and its title, so that a media importer can fetch them later.
    """

    source = models.CharField(_("source"), max_length=200)
    source_id = models.CharField(_("source id"), max_length=200)
    parent_source_id = models.CharField(
        _("parent source id"), max_length=200, blank=True, help_text=_("The post it belonged to.")
    )
    url = models.CharField(_("file address"), max_length=1000)
    title = models.CharField(_("title"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("imported attachment")
        verbose_name_plural = _("imported attachments")
        constraints = [
            models.UniqueConstraint(
                fields=["source", "source_id"], name="imported_attachment_unique_source_id"
            ),
        ]

    def __str__(self):
        return self.url
