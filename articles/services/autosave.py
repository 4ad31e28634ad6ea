"""Autosaved copies of the article form (articles/models/autosave.py).

The form's script (static/articles/js/autosave.js) sends the unsaved form every few seconds;
`autosave_store` keeps one copy per person and article (or, for a new article, per person and
the id its page made up), never touching the article or anyone else's copy. The change page
offers the copy back (`autosave_offer`); a save of the form deletes it (`autosave_forget`), and
the scheduler deletes copies older than AUTOSAVE_MAX_AGE (`autosaves_delete_old`).
"""

import re
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.utils import timezone

from articles.models import Autosave

# A form's field names: the article form's and its inlines' (bylines-0-author).
FIELD_NAME = re.compile(r"^[\w-]{1,100}$")
FORM_ID = re.compile(r"^[A-Za-z0-9-]{8,64}$")
MAX_FIELDS = 300


def max_bytes():
    """The largest copy accepted: a long article's body with its markup fits many times."""
    return getattr(settings, "NEWSROOM_AUTOSAVE_MAX_BYTES", 512 * 1024)


def max_age():
    return timedelta(days=getattr(settings, "NEWSROOM_AUTOSAVE_MAX_AGE_DAYS", 7))


class AutosaveRefused(ValueError):
    """The copy sent is not a form's fields (bad shape, bad names): nothing is stored."""


@dataclass(frozen=True)
class Offer:
    copy: Autosave
    # The article was saved after the copy's form was opened: restoring the copy would
    # replace those changes in the form, so the page says so.
    older_than_article: bool


def clean_fields(fields):
    """Check the shape of a copy: {name: text or [texts]}. Raises AutosaveRefused."""
    if not isinstance(fields, dict) or len(fields) > MAX_FIELDS:
        raise AutosaveRefused(f"fields must be an object of at most {MAX_FIELDS} names")
    for name, value in fields.items():
        if not FIELD_NAME.match(name):
            raise AutosaveRefused(f"bad field name: {name[:100]!r}")
        values = value if isinstance(value, list) else [value]
        if not all(isinstance(item, str) for item in values):
            raise AutosaveRefused(f"field {name} must hold text")
    return fields


def clean_labels(labels):
    """{name: {value: text}} for the chosen options of select boxes. Raises AutosaveRefused."""
    if labels is None:
        return {}
    if not isinstance(labels, dict) or len(labels) > MAX_FIELDS:
        raise AutosaveRefused("labels must be an object")
    for name, texts in labels.items():
        if not FIELD_NAME.match(name) or not isinstance(texts, dict):
            raise AutosaveRefused(f"bad labels for {name[:100]!r}")
        if not all(isinstance(v, str) and isinstance(t, str) for v, t in texts.items()):
            raise AutosaveRefused(f"labels of {name} must be text")
    return labels


def clean_form_id(form_id):
    if not isinstance(form_id, str) or not FORM_ID.match(form_id):
        raise AutosaveRefused("form must be the id the page made (8 to 64 letters, digits, -)")
    return form_id


def autosave_store(*, user, article, form_id, fields, labels=None, article_version=None, now=None):
    """Keep `fields` as `user`'s copy of `article`'s form (of the new-article form `form_id`
    when `article` is None), replacing only that person's earlier copy."""
    clean_fields(fields)
    labels = clean_labels(labels)
    now = now or timezone.now()
    if article is None:
        key = {"user": user, "article": None, "form_id": clean_form_id(form_id)}
    else:
        key = {"user": user, "article": article}
    copy, _created = Autosave.objects.update_or_create(
        **key,
        defaults={
            "fields": fields,
            "labels": labels,
            "saved_at": now,
            "article_version": article_version,
        },
    )
    return copy


def autosave_forget(*, user, article=None, form_id=None):
    """Delete the person's copy (saved or discarded). Returns how many rows went."""
    if article is not None:
        copies = Autosave.objects.filter(user=user, article=article)
    elif form_id:
        copies = Autosave.objects.filter(user=user, article=None, form_id=form_id)
    else:
        return 0
    return copies.delete()[0]


def autosave_offer(*, user, article=None):
    """The copy to offer `user` opening `article`'s form (the newest new-article copy when
    `article` is None), or None."""
    if article is None:
        copy = Autosave.objects.filter(user=user, article=None).order_by("-saved_at").first()
        return Offer(copy, older_than_article=False) if copy else None
    copy = Autosave.objects.filter(user=user, article=article).first()
    if copy is None:
        return None
    older = copy.article_version is not None and copy.article_version < article.version
    return Offer(copy, older_than_article=older)


def autosaves_delete_old(*, now=None):
    """Delete copies nobody touched for AUTOSAVE_MAX_AGE. Returns how many."""
    now = now or timezone.now()
    return Autosave.objects.filter(saved_at__lt=now - max_age()).delete()[0]
