"""Readers' comments under an article, and the audit trail of their moderation.

A comment is written only by the services in articles/services/comments.py: readers submit
(pending, unless the trusted-commenter rule applies), editors approve, reject, mark as spam,
reply as the newspaper and delete. Readers see approved comments only, one level of replies.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from articles.models.status_change import SystemActor

NAME_MAX_LENGTH = 80
BODY_MAX_LENGTH = 3000
# The e-mail column's length (EmailField's default, RFC 5321's longest path).
EMAIL_MAX_LENGTH = 254


class CommentStatus(models.TextChoices):
    PENDING = "pending", _("Awaiting moderation")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")
    SPAM = "spam", _("Spam")


class CommentQuerySet(models.QuerySet):
    def approved(self):
        """What readers may see: approved comments (the article's policy decides whether the
        block is shown at all, `Article.comments_visible`)."""
        return self.filter(status=CommentStatus.APPROVED)

    def for_article_page(self, article):
        """The approved comments of `article`, oldest first, the newspaper's replies with
        their reader's comment."""
        return self.approved().filter(article_id=article.pk).order_by("created_at", "id")

    def by_email(self, email):
        """Every comment written with `email` (case-insensitive): a reader's request under
        law 09-08 to see or delete what is kept about them."""
        return self.filter(email__iexact=email.strip()) if email.strip() else self.none()


class Comment(models.Model):
    article = models.ForeignKey(
        "articles.Article",
        verbose_name=_("article"),
        on_delete=models.CASCADE,
        related_name="comments",
    )
    # One level of replies: a reply's parent is always a top-level comment (the services
    # attach a reply to a reply to its parent).
    parent = models.ForeignKey(
        "self",
        verbose_name=_("in reply to"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="replies",
    )
    name = models.CharField(_("name"), max_length=NAME_MAX_LENGTH)
    # Never shown on any page or feed: for the trusted-commenter rule and a reader's request
    # to find or delete their comments.
    email = models.EmailField(_("e-mail (private)"), max_length=EMAIL_MAX_LENGTH, blank=True)
    body = models.TextField(_("comment"), max_length=BODY_MAX_LENGTH)
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=CommentStatus.choices,
        default=CommentStatus.PENDING,
        db_index=True,
    )
    # A reply written by an editor in the newspaper's name (shown as such to readers).
    by_newspaper = models.BooleanField(_("by the newspaper"), default=False)
    staff_author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("written by (staff)"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    # A keyed hash (HMAC) of the reader's address for the rate limits, never the address
    # itself; emptied after 30 days (purge_comment_addresses).
    address_hash = models.CharField(
        _("address (keyed hash)"), max_length=64, blank=True, editable=False
    )
    created_at = models.DateTimeField(_("written at"), db_index=True)
    moderated_at = models.DateTimeField(_("moderated at"), null=True, blank=True)
    moderated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("moderated by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    source = models.CharField(_("source"), max_length=200, blank=True, editable=False)
    source_id = models.CharField(_("source id"), max_length=200, blank=True, editable=False)

    objects = CommentQuerySet.as_manager()

    class Meta:
        verbose_name = _("comment")
        verbose_name_plural = _("comments")
        ordering = ["-created_at", "-id"]
        permissions = [
            ("moderate_comment", _("Can approve, reject and reply to readers' comments")),
        ]
        indexes = [
            # The article page's comments and counts: one article's approved ones in order.
            models.Index(
                fields=["article", "status", "created_at"], name="comment_article_status_idx"
            ),
            # The trusted-commenter rule and a reader's request by e-mail.
            models.Index(fields=["email"], name="comment_email_idx"),
            # The duplicate rule (the same text from one address) and the 30-day purge.
            models.Index(fields=["address_hash", "created_at"], name="comment_address_idx"),
        ]
        constraints = [
            # An import run finds the comments it created before by their source id.
            models.UniqueConstraint(
                fields=["source", "source_id"],
                condition=~Q(source=""),
                name="comment_unique_source_id",
            ),
            models.CheckConstraint(
                condition=~Q(parent=models.F("id")), name="comment_not_its_own_parent"
            ),
        ]

    def __str__(self):
        return f"{self.name}: {self.body[:40]}"

    def get_absolute_url(self):
        return f"{self.article.get_absolute_url()}#comment-{self.pk}"


class CommentAction(models.TextChoices):
    SUBMIT = "submit", _("Submitted")
    APPROVE = "approve", _("Approved")
    REJECT = "reject", _("Rejected")
    SPAM = "spam", _("Marked as spam")
    REPLY = "reply", _("Replied as the newspaper")
    DELETE = "delete", _("Deleted")
    FORGET = "forget", _("Deleted on the reader's request")
    IMPORT = "import", _("Imported")


class CommentModeration(models.Model):
    """One moderation step (the audit trail), written only by the comment services. Kept when
    the comment is deleted: the trail says who deleted what, without the reader's text."""

    comment = models.ForeignKey(
        Comment,
        verbose_name=_("comment"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="moderations",
    )
    article = models.ForeignKey(
        "articles.Article",
        verbose_name=_("article"),
        on_delete=models.CASCADE,
        related_name="+",
        null=True,
        blank=True,
    )
    action = models.CharField(_("action"), max_length=10, choices=CommentAction.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    system_actor = models.CharField(
        _("by (system)"), max_length=20, choices=SystemActor.choices, blank=True
    )
    created_at = models.DateTimeField(_("when"), auto_now_add=True, db_index=True)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        verbose_name = _("comment moderation")
        verbose_name_plural = _("comment moderations")
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return self.get_action_display()
