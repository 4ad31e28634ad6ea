"""Who may do what to an article: the one place the admin and the services ask.

These functions may query (ownership goes through bylines); the pure question "may this status
follow that one" is `Article.can_transition_to`.
"""

from articles.models import Article, Byline, Status, SystemActor

REVIEW_PERMISSION = "articles.review_article"
PUBLISH_PERMISSION = "articles.publish_article"


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


def can_publish(user):
    return is_staff_actor(user) and user.has_perm(PUBLISH_PERMISSION)


def can_submit(user, article):
    """Editors submit any article; a reporter only their own."""
    if can_review(user):
        return True
    return (
        is_staff_actor(user)
        and user.has_perm("articles.change_article")
        and user_owns_article(user, article)
    )


def can_edit_article(user, article):
    """Editors edit every article; a reporter only their own, and only while it is a draft."""
    if can_review(user):
        return True
    return article.status == Status.DRAFT and can_submit(user, article)


def own_articles_filter(user):
    """A queryset of the ids of the articles `user` created or signs."""
    from django.db.models import Q

    return Article.objects.filter(Q(created_by_id=user.pk) | Q(bylines__author__user_id=user.pk))


# Workflow actions as offered to people: name -> (target status, permission rule).
ACTIONS = {
    "submit": (Status.IN_REVIEW, can_submit),
    "return_to_draft": (Status.DRAFT, lambda user, article: can_review(user)),
    "schedule": (Status.SCHEDULED, lambda user, article: can_publish(user)),
    "publish": (Status.PUBLISHED, lambda user, article: can_publish(user)),
    "archive": (Status.ARCHIVED, lambda user, article: can_publish(user)),
}


def can_correct(user, article):
    """Editors attach corrections to published articles."""
    return article.status == Status.PUBLISHED and can_publish(user)


def can_mark_substantive_update(user, article):
    """Editors decide whether an edit of a published article is shown to readers as an update."""
    return article.status == Status.PUBLISHED and can_review(user)


def available_actions(user, article):
    """The workflow actions `user` may take on `article` now, in ACTIONS order, then
    "correct" when a correction may be attached."""
    actions = [
        name
        for name, (target, rule) in ACTIONS.items()
        if article.can_transition_to(target) and rule(user, article)
    ]
    if can_correct(user, article):
        actions.append("correct")
    return actions
