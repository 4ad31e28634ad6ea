from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class PreviewLinkRevocation(models.Model):
    """An editor revoked every preview link of an article made until then: the audit record,
    and one step of the generation each link carries (articles/services/preview_links.py)."""

    article = models.ForeignKey(
        "articles.Article",
        verbose_name=_("article"),
        on_delete=models.CASCADE,
        related_name="preview_link_revocations",
    )
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("revoked by"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    revoked_at = models.DateTimeField(_("revoked at"), default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("preview link revocation")
        verbose_name_plural = _("preview link revocations")
        ordering = ["-revoked_at", "-id"]

    def __str__(self):
        return str(self.revoked_at)
