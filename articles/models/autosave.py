from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class Autosave(models.Model):
    """A copy of one person's unsaved article form, sent by its page every few seconds.

    Never the article itself: it is offered back to the same person when they open the form
    again (static/articles/js/autosave.js), and deleted when they save or discard it. A change
    form's copy is keyed by person and article; an add form's by person and the id the page
    made up (`form_id`). Written only by articles/services/autosave.py.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    article = models.ForeignKey(
        "articles.Article",
        verbose_name=_("article"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
    )
    form_id = models.CharField(_("form id"), max_length=64, blank=True)
    article_version = models.PositiveIntegerField(
        _("article version"),
        null=True,
        blank=True,
        help_text=_("The version the form was opened at."),
    )
    fields = models.JSONField(_("form fields"))
    # The text of chosen options whose <option> the page only has once chosen (the
    # autocomplete boxes: section, tags, bylines), so a restore can show them.
    labels = models.JSONField(_("labels of chosen options"), default=dict, blank=True)
    saved_at = models.DateTimeField(_("saved at"), db_index=True)

    class Meta:
        verbose_name = _("autosaved copy")
        verbose_name_plural = _("autosaved copies")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "article"],
                condition=Q(article__isnull=False),
                name="autosave_one_per_user_article",
            ),
            models.UniqueConstraint(
                fields=["user", "form_id"],
                condition=Q(article__isnull=True),
                name="autosave_one_per_user_new_form",
            ),
        ]

    def __str__(self):
        return f"{self.user_id}@{self.article_id or self.form_id}"
