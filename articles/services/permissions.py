"""Who may do what to an article: the one place the admin, the views and the services ask.

The workflow's rules are the table in articles/models/workflow.py; these functions apply them
to a person and may query (ownership goes through bylines).
"""

from articles.exceptions import TransitionNotPermitted
from articles.models import Article, Byline, Status, SystemActor
from articles.models.workflow import (
    LIVE_COVERAGE,
    LIVE_ENTRIES,
    LIVE_OTHERS_ENTRIES,
    PREVIEW,
    WORKFLOW,
)

REVIEW_PERMISSION = "articles.review_article"


def is_system_actor(actor):
    """A command acting on the operator's behalf (an importer, the scheduler): no account."""
    return isinstance(actor, SystemActor)


def is_staff_actor(user):
    if user is None or is_system_actor(user):
        return False
    return user.is_authenticated and user.is_active


def user_owns_article(user, article):
    """The user created the article or is one of its bylines (through Author.user)."""
    if not is_staff_actor(user) or article.pk is None:
        return False
    if article.created_by_id == user.pk:
        return True
    return Byline.objects.filter(article_id=article.pk, author__user_id=user.pk).exists()


def can_review(user):
    return is_staff_actor(user) and user.has_perm(REVIEW_PERMISSION)


def follows_rule(user, rule, article):
    """Whether `user` may act under `rule` (articles/models/workflow.py) on `article`."""
    if not is_staff_actor(user):
        return False
    if user.has_perm(rule.permission):
        return True
    return bool(rule.own_permission) and (
        user.has_perm(rule.own_permission) and user_owns_article(user, article)
    )


def may(user, action, article):
    """Whether `user` may take the workflow action named `action` on `article`, wherever the
    article stands (the services check the move itself; `available_actions` both)."""
    return follows_rule(user, WORKFLOW[action].rule, article)


def may_ever(user, action):
    """Whether `user` may take `action` on some article (their own, where the rule allows):
    what the admin asks before offering a bulk action."""
    rule = WORKFLOW[action].rule
    return is_staff_actor(user) and (
        user.has_perm(rule.permission)
        or bool(rule.own_permission)
        and user.has_perm(rule.own_permission)
    )


def require(user, action, article):
    """Raise TransitionNotPermitted, with the table's refusal, unless `user` may act."""
    if not may(user, action, article):
        raise TransitionNotPermitted(WORKFLOW[action].refusal)


def can_preview(user, article):
    """Editors preview every article; a reporter only the ones they created or sign."""
    return bool(user is not None and getattr(user, "is_staff", False)) and follows_rule(
        user, PREVIEW, article
    )


def can_edit_article(user, article):
    """Editors edit every article; a reporter only their own, and only while it is a draft."""
    if can_review(user):
        return True
    return article.status == Status.DRAFT and may(user, "submit", article)


def own_articles_filter(user):
    """A queryset of the ids of the articles `user` created or signs."""
    from django.db.models import Q

    return Article.objects.filter(Q(created_by_id=user.pk) | Q(bylines__author__user_id=user.pk))


def can_mark_substantive_update(user, article):
    """Editors decide whether an edit of a published article is shown to readers as an update."""
    return article.status == Status.PUBLISHED and can_review(user)


def can_schedule_update(user, article, *, status_matters=True):
    """Editors who publish prepare, change and cancel scheduled updates of a published article
    (articles/services/scheduled_updates.py)."""
    if not (is_staff_actor(user) and user.has_perm("articles.publish_article")):
        return False
    return article.status == Status.PUBLISHED or not status_matters


def can_post_live(user, article):
    """Post, edit, withdraw and pin entries of the article's live blog (any status)."""
    return follows_rule(user, LIVE_ENTRIES, article)


def can_change_live_entry(user, entry, article):
    """Edit, withdraw or pin `entry` of `article`'s live blog: its poster, while they may post
    there, or an editor."""
    if not can_post_live(user, article):
        return False
    return entry.created_by_id == getattr(user, "pk", None) or follows_rule(
        user, LIVE_OTHERS_ENTRIES, article
    )


def can_run_live_coverage(user, article):
    """Start and end the article's live coverage: editors."""
    return follows_rule(user, LIVE_COVERAGE, article)


def available_actions(user, article):
    """The workflow actions `user` may take on `article` now, in the table's order."""
    return [
        name
        for name, action in WORKFLOW.items()
        if article.status in action.sources and may(user, name, article)
    ]
