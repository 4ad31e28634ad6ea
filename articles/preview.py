"""Signed preview links: an editor shares an unpublished article with someone without an account.

A link carries the article id and its expiry time, signed with the SECRET_KEY (salted), so it
cannot be forged or extended; it stops working after `NEWSROOM_PREVIEW_MAX_AGE` seconds
(48 hours unless the setting says otherwise). Nothing is stored: changing SECRET_KEY revokes
every link.
"""

import time

from django.conf import settings
from django.core import signing

SALT = "articles.preview-link"
DEFAULT_MAX_AGE = 48 * 60 * 60


class PreviewLinkInvalid(Exception):
    """The token was altered, truncated or signed with another key."""


class PreviewLinkExpired(Exception):
    """The token is genuine but its time is over."""


def preview_max_age():
    return int(getattr(settings, "NEWSROOM_PREVIEW_MAX_AGE", DEFAULT_MAX_AGE))


def preview_token_create(*, article, max_age=None, now=None):
    """A token for `article` valid for `max_age` seconds from `now` (epoch seconds)."""
    now = time.time() if now is None else now
    max_age = preview_max_age() if max_age is None else max_age
    return signing.dumps({"a": article.pk, "e": int(now + max_age)}, salt=SALT, compress=True)


def preview_token_article_id(token, *, now=None):
    """The article id a token grants, or PreviewLinkInvalid / PreviewLinkExpired."""
    now = time.time() if now is None else now
    try:
        payload = signing.loads(token, salt=SALT)
        article_id, expires = int(payload["a"]), int(payload["e"])
    except (signing.BadSignature, KeyError, TypeError, ValueError):
        raise PreviewLinkInvalid from None
    if now >= expires:
        raise PreviewLinkExpired
    return article_id


def preview_token_expiry(token):
    """Epoch seconds at which a (valid) token expires."""
    return int(signing.loads(token, salt=SALT)["e"])
