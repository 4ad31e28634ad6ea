"""Signed preview links: an editor shares an unpublished article with someone without an account.

A link carries the article id, its expiry time and the article's preview-link generation,
signed with the SECRET_KEY (salted), so it cannot be forged or extended; it stops working after
`NEWSROOM_PREVIEW_MAX_AGE` seconds (48 hours unless the setting says otherwise), and at once
when the generation moves on: each publication, take-down and revocation by an editor
(`preview_links_revoke`) counts one, so a link made before any of them never works again, even
if the article goes back to draft. The generation is counted from the audit trail and the
revocations, so links themselves are not stored. Changing SECRET_KEY revokes every link.
"""

import logging
import time

from django.conf import settings
from django.core import signing
from django.utils.translation import gettext as _

from articles.exceptions import TransitionNotPermitted
from articles.models import PreviewLinkRevocation, Status, StatusChange
from articles.services import permissions

logger = logging.getLogger(__name__)

SALT = "articles.services.preview_links-link"
DEFAULT_MAX_AGE = 48 * 60 * 60


class PreviewLinkInvalid(Exception):
    """The token was altered, truncated or signed with another key."""


class PreviewLinkExpired(Exception):
    """The token is genuine but its time is over."""


class PreviewLinkRevoked(Exception):
    """The token is genuine but the article was published or taken down, or an editor revoked
    its links, since it was made."""


# The moves after which a preview has nothing left to show in confidence.
ENDING_STATUSES = (Status.PUBLISHED, Status.ARCHIVED)


def preview_link_generation(article_id):
    """How many times the article's links were ended: publications, take-downs, revocations
    (two counts on indexed foreign keys; links are opened rarely)."""
    ended = StatusChange.objects.filter(article_id=article_id, to_status__in=ENDING_STATUSES)
    revoked = PreviewLinkRevocation.objects.filter(article_id=article_id)
    return ended.count() + revoked.count()


def preview_max_age():
    return int(getattr(settings, "NEWSROOM_PREVIEW_MAX_AGE", DEFAULT_MAX_AGE))


def preview_token_create(*, article, max_age=None, now=None):
    """A token for `article` valid for `max_age` seconds from `now` (epoch seconds)."""
    now = time.time() if now is None else now
    max_age = preview_max_age() if max_age is None else max_age
    payload = {"a": article.pk, "e": int(now + max_age), "g": preview_link_generation(article.pk)}
    return signing.dumps(payload, salt=SALT, compress=True)


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


def preview_token_check_current(token, *, article):
    """PreviewLinkRevoked unless the (genuine, unexpired) token still applies to `article`:
    neither public nor taken down now, and no publication, take-down or revocation since the
    link was made. Links made before generations existed count as revoked."""
    if article.status in ENDING_STATUSES or article.is_public():
        raise PreviewLinkRevoked
    if signing.loads(token, salt=SALT).get("g") != preview_link_generation(article.pk):
        raise PreviewLinkRevoked


def preview_links_revoke(*, article, actor):
    """End every preview link of `article` made until now (editors). Returns the audit row."""
    if not permissions.can_review(actor):
        raise TransitionNotPermitted(_("Only editors can revoke preview links."))
    revocation = PreviewLinkRevocation.objects.create(article=article, revoked_by=actor)
    logger.info("Preview links of article %s revoked by %s", article.pk, actor.pk)
    return revocation
