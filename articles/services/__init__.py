"""Every write to an article, one function per change (`<entity>_<action>`, keyword-only).

workflow.py holds the status transitions, content.py the content service, revisions.py the
snapshots and their restore; permissions.py and roles.py say who may do what, preview_links.py
signs staff preview links and presence.py records who has an article open; site_settings.py
changes the site's settings; comments.py (with comment_spam.py) readers' comments. The functions callers
use are importable from here: `from articles import services; services.article_publish(...)`.
"""

from articles.services.comments import (
    comment_approve,
    comment_delete,
    comment_mark_spam,
    comment_reject,
    comment_reply,
    comment_submit,
    comments_forget_reader,
)
from articles.services.content import article_create, article_update_content, audit_row_create
from articles.services.revisions import article_restore_revision
from articles.services.site_settings import site_settings_update
from articles.services.workflow import (
    DueResult,
    article_add_correction,
    article_archive,
    article_publish,
    article_publish_due,
    article_publish_due_detailed,
    article_return_to_draft,
    article_schedule,
    article_submit_for_review,
)

__all__ = [
    "DueResult",
    "comment_approve",
    "comment_delete",
    "comment_mark_spam",
    "comment_reject",
    "comment_reply",
    "comment_submit",
    "comments_forget_reader",
    "article_add_correction",
    "article_archive",
    "article_create",
    "article_publish",
    "article_publish_due",
    "article_publish_due_detailed",
    "article_restore_revision",
    "article_return_to_draft",
    "article_schedule",
    "article_submit_for_review",
    "article_update_content",
    "audit_row_create",
    "site_settings_update",
]
