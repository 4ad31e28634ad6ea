"""Every write to a reader's comment (`<entity>_<action>`, keyword-only).

Readers submit through `comment_submit` (the public endpoint, articles/public/comments.py);
editors approve, reject, mark as spam, reply as the newspaper and delete through the others
(the moderation queue, articles/admin/comments.py); a reader's request under law 09-08 goes
through `comments_forget_reader` (the `forget_commenter` command); the WordPress importer
through `comment_import`. Each runs in a transaction, locks the row, checks the actor, saves only
what changed, writes a `CommentModeration` row and, after the commit, purges the article's page
when what readers see changed (`articles.signals.comment_changed_publicly`).
"""

import ipaddress
from dataclasses import dataclass
from datetime import timedelta
from functools import partial

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext as _

from articles.exceptions import CommentNotPermitted, CommentRefused
from articles.models import (
    Article,
    Comment,
    CommentAction,
    CommentModeration,
    CommentStatus,
    SiteSettings,
)
from articles.models.comment import BODY_MAX_LENGTH, EMAIL_MAX_LENGTH, NAME_MAX_LENGTH
from articles.services.permissions import is_staff_actor, is_system_actor
from articles.signals import send_comment_changed_publicly

MODERATE_PERMISSION = "articles.moderate_comment"
DELETE_PERMISSION = "articles.delete_comment"
# The salt of the keyed hash of readers' addresses: the key derives from SECRET_KEY.
ADDRESS_HASH_SALT = "newsroom.comments.address"


def address_hash(ip_address):
    """The keyed hash (HMAC-SHA256 with a SECRET_KEY-derived key) of a client address: equal
    for one address, useless to anyone without the key. Empty when the address is unknown.
    An IPv6 address counts as its /64 network (one subscriber's line, whose addresses change
    at will); an IPv4 address (mapped into IPv6 or not) as itself."""
    if not ip_address:
        return ""
    return salted_hmac(ADDRESS_HASH_SALT, rate_scope(ip_address), algorithm="sha256").hexdigest()


def rate_scope(ip_address):
    """What one client is for the rate limits: an IPv4 address, or an IPv6 /64 network."""
    try:
        parsed = ipaddress.ip_address(str(ip_address).strip())
    except ValueError:
        return str(ip_address)
    if parsed.version == 6 and parsed.ipv4_mapped:
        parsed = parsed.ipv4_mapped
    if parsed.version == 4:
        return str(parsed)
    return str(ipaddress.ip_network(f"{parsed}/64", strict=False))


def comments_accepted(article, site_settings=None, now=None):
    """Whether `article` takes readers' comments now: the site switch, its policy, its age."""
    site_settings = site_settings or SiteSettings.load()
    return article.comments_open(site_settings, now)


def comment_submit(
    *,
    article,
    name,
    body,
    email="",
    ip_address=None,
    parent=None,
    form_seconds=None,
    honeypot="",
    now=None,
):
    """A reader's comment on `article`, pending moderation (or approved at once by the
    trusted-commenter rule). Returns the saved comment.

    `parent` (an approved comment of the article) makes it a reply, one level deep;
    `form_seconds` (seconds since the reader's form was loaded) and `honeypot` (the hidden field
    a person leaves empty) come from the public form, for the spam rules. Raises CommentRefused,
    with the HTTP status to answer and a message for the reader; nothing is stored then.
    """
    now = now or timezone.now()
    site_settings = SiteSettings.load()
    if not site_settings.comments_enabled:
        raise CommentRefused(_("Comments are closed."), status=404)
    if not Article.objects.published(now=now).filter(pk=article.pk).exists():
        raise CommentRefused(_("This article is not available."), status=404)
    if not article.comments_open(site_settings, now):
        raise CommentRefused(_("Comments are closed."), status=403)
    submission = _cleaned(name=name, body=body, email=email)
    parent = _parent(article, parent)
    hashed = address_hash(ip_address)
    from articles.services import comment_spam

    comment_spam.check(
        article=article,
        submission=submission,
        address_hash=hashed,
        form_seconds=form_seconds,
        honeypot=honeypot,
        site_settings=site_settings,
        now=now,
    )
    trusted = _is_trusted(submission.email, site_settings)
    with transaction.atomic():
        comment = Comment.objects.create(
            article=article,
            parent=parent,
            name=submission.name,
            email=submission.email,
            body=submission.body,
            status=CommentStatus.APPROVED if trusted else CommentStatus.PENDING,
            address_hash=hashed,
            created_at=now,
            moderated_at=now if trusted else None,
        )
        _audit(comment, CommentAction.SUBMIT, note=_("trusted commenter") if trusted else "")
        if trusted:
            _purge_after_commit(article.pk)
    return comment


def comment_approve(*, comment, actor):
    """Publish `comment` under its article (an editor's decision)."""
    return _moderate(comment, actor, CommentStatus.APPROVED, CommentAction.APPROVE)


def comment_reject(*, comment, actor):
    """Keep `comment` off the page (or take it down again)."""
    return _moderate(comment, actor, CommentStatus.REJECTED, CommentAction.REJECT)


def comment_mark_spam(*, comment, actor):
    """File `comment` as spam (off the page)."""
    return _moderate(comment, actor, CommentStatus.SPAM, CommentAction.SPAM)


def comment_reply(*, parent, actor, body, now=None):
    """An editor's reply in the newspaper's name, published at once under `parent` (a reply
    to a reply goes under its top-level comment: one level deep). A parent still awaiting
    moderation is approved with it: a reply under a hidden comment would make no sense."""
    _require(actor, MODERATE_PERMISSION)
    now = now or timezone.now()
    body = _plain(body)
    if not body:
        raise CommentRefused(_("Write the reply."))
    if len(body) > BODY_MAX_LENGTH:
        raise CommentRefused(_too_long(BODY_MAX_LENGTH))
    with transaction.atomic():
        parent = Comment.objects.select_for_update().get(pk=parent.pk)
        if parent.parent_id:
            parent = Comment.objects.select_for_update().get(pk=parent.parent_id)
        if parent.status in (CommentStatus.REJECTED, CommentStatus.SPAM):
            raise CommentRefused(_("Only a published comment can be answered."))
        if parent.status == CommentStatus.PENDING:
            _set_status(parent, actor, CommentStatus.APPROVED, CommentAction.APPROVE, now)
        reply = Comment.objects.create(
            article_id=parent.article_id,
            parent=parent,
            name=SiteSettings.load().name,
            body=body,
            status=CommentStatus.APPROVED,
            by_newspaper=True,
            staff_author=actor,
            created_at=now,
            moderated_at=now,
            moderated_by=actor,
        )
        _audit(reply, CommentAction.REPLY, actor=actor)
        _purge_after_commit(parent.article_id)
    return reply


def comment_delete(*, comment, actor):
    """Delete `comment` and the replies under it for good (the editor-in-chief)."""
    _require(actor, DELETE_PERMISSION)
    with transaction.atomic():
        comment = Comment.objects.select_for_update().filter(pk=comment.pk).first()
        if comment is None:
            return 0
        shown = comment.status == CommentStatus.APPROVED
        CommentModeration.objects.create(
            comment=None,
            article_id=comment.article_id,
            action=CommentAction.DELETE,
            actor=actor,
            # The id only: a reader's name must not outlive a request to forget them.
            note=_("Comment %(id)s") % {"id": comment.pk},
        )
        deleted, _rows = comment.delete()
        if shown:
            _purge_after_commit(comment.article_id)
    return deleted


def comments_forget_reader(*, email, actor):
    """Delete every comment written with `email` (and the newspaper's replies to them): a
    reader's request under law 09-08. Other readers' replies to them are kept, moved to the top
    level. The audit rows keep the count per article, not the address or the name. Returns the
    number of comments deleted."""
    if not (is_system_actor(actor) or _may(actor, DELETE_PERMISSION)):
        raise CommentNotPermitted(_("Only the editor-in-chief can delete a reader's comments."))
    email = (email or "").strip()
    if not email:
        raise CommentRefused(_("Give the reader's e-mail address."))
    total = 0
    with transaction.atomic():
        comments = list(Comment.objects.by_email(email).select_for_update())
        by_article = {}
        for comment in comments:
            by_article.setdefault(comment.article_id, []).append(comment)
        for article_id, found in by_article.items():
            ids = [c.pk for c in found]
            # Other readers' replies to the forgotten reader's comments are theirs, not this
            # reader's: they stay, as top-level comments. The newspaper's replies go with the
            # comments they answered.
            Comment.objects.filter(parent_id__in=ids, by_newspaper=False).exclude(
                pk__in=ids
            ).update(parent=None)
            deleted, _rows = Comment.objects.filter(pk__in=ids).delete()
            total += deleted
            CommentModeration.objects.create(
                article_id=article_id,
                action=CommentAction.FORGET,
                actor=actor if is_staff_actor(actor) else None,
                system_actor=actor if is_system_actor(actor) else "",
                note=_("%(count)s comments deleted") % {"count": deleted},
            )
            if any(c.status == CommentStatus.APPROVED for c in found):
                _purge_after_commit(article_id)
    return total


def comments_import(*, article_id, records, source, actor):
    """Write an importer's comments of one article (`records`: ImportedComment, see
    articles/importers/wxr/comments.py), skipping those already imported (by `source` and
    their source id), threaded one level deep. Audited (one row per article), and the page
    purged after the commit when a published one was added. Returns a Counter of "approved",
    "pending" and "existing"."""
    from collections import Counter

    tally = Counter()
    with transaction.atomic():
        known = dict(
            Comment.objects.filter(source=source, article_id=article_id).values_list(
                "source_id", "pk"
            )
        )
        tops = dict(
            Comment.objects.filter(source=source, article_id=article_id).values_list(
                "source_id", "parent_id"
            )
        )
        by_id = {record.source_id: record for record in records}
        created = []
        order = sorted(records, key=lambda r: (_depth(r, by_id), r.created_at, r.source_id))
        for record in order:
            if record.source_id in known:
                tally["existing"] += 1
                continue
            parent_pk = _imported_parent(record, known, tops)
            comment = Comment.objects.create(
                article_id=article_id,
                parent_id=parent_pk,
                name=record.name,
                email=record.email.lower(),
                body=record.body,
                status=record.status,
                created_at=record.created_at,
                moderated_at=record.created_at if record.status == CommentStatus.APPROVED else None,
                source=source,
                source_id=record.source_id,
            )
            known[record.source_id] = comment.pk
            tops[record.source_id] = parent_pk
            created.append(comment)
            tally[str(record.status)] += 1
        if created:
            CommentModeration.objects.create(
                article_id=article_id,
                action=CommentAction.IMPORT,
                system_actor=actor if is_system_actor(actor) else "",
                actor=actor if is_staff_actor(actor) else None,
                note=_("%(count)s comments imported") % {"count": len(created)},
            )
        if tally["approved"]:
            _purge_after_commit(article_id)
    return tally


def _imported_parent(record, known, tops):
    """The pk of the top-level comment `record` answers (one level deep), or None. A parent
    that was skipped (spam, trash) or is unknown makes the reply a top-level comment."""
    parent_id = record.parent_source_id
    if not parent_id or parent_id not in known:
        return None
    # A reply to a reply goes under the top-level comment its parent answers.
    return tops.get(parent_id) or known[parent_id]


def _depth(record, by_id):
    """How many comments of the same export stand above `record` (parents are written first)."""
    depth, parent_id, seen = 0, record.parent_source_id, set()
    while parent_id in by_id and parent_id not in seen:
        seen.add(parent_id)
        depth += 1
        parent_id = by_id[parent_id].parent_source_id
    return depth


def comment_addresses_purge(*, now=None, days=None, dry_run=False):
    """Forget the keyed hash of the client address of every comment older than `days`
    (NEWSROOM_COMMENT_ADDRESS_DAYS, 30): it only serves the rate limits and the duplicate rule
    of the days after. Returns how many comments had one. Nothing readers see changes."""
    now = now or timezone.now()
    if days is None:
        days = getattr(settings, "NEWSROOM_COMMENT_ADDRESS_DAYS", 30)
    old = Comment.objects.filter(created_at__lt=now - timedelta(days=days)).exclude(address_hash="")
    if dry_run:
        return old.count()
    return old.update(address_hash="")


def comments_count_by_email(email):
    """How many comments are kept for `email` (the reader's request, before deleting)."""
    return Comment.objects.by_email(email).count()


# Steps.


@dataclass(frozen=True)
class Submission:
    name: str
    email: str
    body: str


def _plain(text):
    """Plain text: line ends unified, control characters (but line breaks) dropped."""
    text = (text or "").replace("\r\n", "\n").replace("\r", "\n")
    text = "".join(ch for ch in text if ch == "\n" or ch == "\t" or ord(ch) >= 32)
    return text.replace("\x7f", "").strip()


def _too_long(limit):
    return _("Keep it under %(limit)s characters.") % {"limit": limit}


def _cleaned(*, name, body, email):
    name = " ".join(_plain(name).split())
    body = _plain(body)
    email = (email or "").strip()
    if not name:
        raise CommentRefused(_("Write your name."))
    if len(name) > NAME_MAX_LENGTH:
        raise CommentRefused(_too_long(NAME_MAX_LENGTH))
    if not body:
        raise CommentRefused(_("Write your comment."))
    if len(body) > BODY_MAX_LENGTH:
        raise CommentRefused(_too_long(BODY_MAX_LENGTH))
    if len(email) > EMAIL_MAX_LENGTH:
        # Django's validator takes up to 320 characters; the column holds 254 (RFC 5321).
        raise CommentRefused(_("This e-mail address is too long."))
    if email:
        try:
            validate_email(email)
        except ValidationError:
            raise CommentRefused(_("This e-mail address is not valid.")) from None
    return Submission(name=name, email=email.lower(), body=body)


def _parent(article, parent):
    if parent is None:
        return None
    parent_id = parent.pk if isinstance(parent, Comment) else parent
    found = (
        Comment.objects.approved()
        .filter(article_id=article.pk, pk=parent_id)
        .only("pk", "parent_id")
        .first()
    )
    if found is None:
        raise CommentRefused(_("The comment you answer is not available."))
    return Comment(pk=found.parent_id) if found.parent_id else found


def _is_trusted(email, site_settings):
    threshold = site_settings.comments_trusted_threshold
    if not threshold or not email:
        return False
    approved = Comment.objects.by_email(email).approved().filter(by_newspaper=False)
    return approved.count() >= threshold


def _may(actor, permission):
    return is_staff_actor(actor) and actor.has_perm(permission)


def _require(actor, permission):
    if not _may(actor, permission):
        if permission == DELETE_PERMISSION:
            raise CommentNotPermitted(_("Only the editor-in-chief can delete comments."))
        raise CommentNotPermitted(_("Only editors can moderate comments."))


def _moderate(comment, actor, status, action, now=None):
    _require(actor, MODERATE_PERMISSION)
    with transaction.atomic():
        comment = Comment.objects.select_for_update().get(pk=comment.pk)
        if comment.by_newspaper and status != CommentStatus.APPROVED:
            # The newspaper's own replies are taken down by deleting them.
            raise CommentRefused(_("A reply by the newspaper can only be deleted."))
        if comment.status != status:
            _set_status(comment, actor, status, action, now or timezone.now())
    return comment


def _set_status(comment, actor, status, action, now):
    was_shown = comment.status == CommentStatus.APPROVED
    comment.status = status
    comment.moderated_at = now
    comment.moderated_by = actor
    comment.save(update_fields=["status", "moderated_at", "moderated_by"])
    _audit(comment, action, actor=actor)
    if was_shown or status == CommentStatus.APPROVED:
        _purge_after_commit(comment.article_id)


def _audit(comment, action, *, actor=None, note=""):
    return CommentModeration.objects.create(
        comment=comment,
        article_id=comment.article_id,
        action=action,
        actor=actor if is_staff_actor(actor) else None,
        system_actor=actor if is_system_actor(actor) else "",
        note=str(note),
    )


def _purge_after_commit(article_id):
    transaction.on_commit(partial(send_comment_changed_publicly, article_id))
