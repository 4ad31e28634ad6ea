"""Conflicting saves on the article admin.

The change form carries the version it was loaded at; a save made after someone else's is
refused by `check_not_changed_since_loaded`, naming who saved and when, and the form keeps
what was typed.
"""

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from articles.models import Article, Revision


class LoadedVersionField(forms.IntegerField):
    widget = forms.HiddenInput

    def __init__(self, **kwargs):
        kwargs.setdefault("label", gettext_lazy("version loaded"))
        super().__init__(required=False, min_value=1, **kwargs)


def check_not_changed_since_loaded(form, loaded_version):
    """Refuse the save when the article was saved by someone else since the form was loaded.

    Runs inside the admin's transaction and locks the row, so nobody can save between this
    check and our save. On refusal the re-displayed form carries the current version: saving
    it again (after a look at the other person's changes) replaces them knowingly.
    """
    article = form.instance
    if article.pk is None:
        return
    current = Article.objects.select_for_update().filter(pk=article.pk).first()
    if current is None:
        raise ValidationError(_("This article no longer exists."))
    if loaded_version is None:
        loaded_version = article.version  # a form without the field: nothing to compare
    if current.version == loaded_version:
        return
    latest = Revision.objects.filter(article_id=article.pk).select_related("created_by").first()
    who = latest.created_by if latest else current.last_edited_by
    when = latest.created_at if latest else current.modified_at
    data = form.data.copy()
    data[form.add_prefix("loaded_version")] = str(current.version)
    form.data = data
    raise ValidationError(
        _(
            "Your changes were not saved: %(who)s saved this article at %(when)s, after you "
            "opened it. Your text is still in the form below. Look at their changes "
            "(history), then save again to replace them."
        ),
        code="conflict",
        params={
            "who": display_name(who) if who else _("someone"),
            "when": date_format(timezone.localtime(when), "DATETIME_FORMAT"),
        },
    )


def display_name(user):
    return user.get_full_name() or user.get_username()
