from django.db import models
from django.utils.translation import gettext_lazy as _


class ImportedAttachment(models.Model):
    """A media file named by a WordPress export, and the library image made from it.

    The WXR importer does not download files: it keeps where each attachment lives, which post
    it belonged to and its texts. `import_wxr --media-dir` then reads the file from a local
    copy of `wp-content/uploads` and remembers the library image in `image`, so that a re-run
    finds it again instead of adding the picture twice.
    """

    source = models.CharField(_("source"), max_length=200)
    source_id = models.CharField(_("source id"), max_length=200)
    parent_source_id = models.CharField(
        _("parent source id"), max_length=200, blank=True, help_text=_("The post it belonged to.")
    )
    url = models.CharField(_("file address"), max_length=1000)
    title = models.CharField(_("title"), max_length=300, blank=True)
    file_path = models.CharField(
        _("file path"),
        max_length=1000,
        blank=True,
        help_text=_("Where the file lies under wp-content/uploads, e.g. 2019/05/photo.jpg."),
    )
    alt_text = models.CharField(_("alternative text"), max_length=300, blank=True)
    caption = models.CharField(_("caption"), max_length=500, blank=True)
    credit = models.CharField(_("credit"), max_length=200, blank=True)
    image = models.ForeignKey(
        "articles.Image",
        verbose_name=_("library image"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("imported attachment")
        verbose_name_plural = _("imported attachments")
        constraints = [
            models.UniqueConstraint(
                fields=["source", "source_id"], name="imported_attachment_unique_source_id"
            ),
        ]
        indexes = [
            # WordPress's /?attachment_id=<id> names the id but not the site (articles/
            # wordpress_links.py).
            models.Index(fields=["source_id"], name="attachment_source_id_idx"),
        ]

    def __str__(self):
        return self.url
