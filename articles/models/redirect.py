from django.db import models
from django.utils.translation import gettext_lazy as _


class Redirect(models.Model):
    """An old path (a WordPress permalink, a former slug) that now answers 301 to an article."""

    old_path = models.CharField(
        _("old path"),
        max_length=500,
        unique=True,
        help_text=_("The path only, decoded, starting with a slash: /2019/05/مقال/"),
    )
    article = models.ForeignKey(
        "articles.Article",
        verbose_name=_("article"),
        on_delete=models.CASCADE,
        related_name="redirects",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("redirect")
        verbose_name_plural = _("redirects")

    def __str__(self):
        return self.old_path
