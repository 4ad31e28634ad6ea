"""Who has an article's change page open: heartbeats stored in the database.

The change page's script (static/articles/js/editing-presence.js) posts a heartbeat every
HEARTBEAT_SECONDS; a person counts as "editing" while their last heartbeat is younger than
FRESH_FOR. Rows live in the database (not in a process's memory), so every web process sees
the same people.
"""

from datetime import timedelta

from django.db import IntegrityError, transaction
from django.utils import timezone

from articles.models import EditingSession

HEARTBEAT_SECONDS = 30
FRESH_FOR = timedelta(minutes=2)


def editing_session_heartbeat(*, article, user, now=None):
    """Record that `user` has `article` open now; returns their EditingSession.

    A heartbeat after a silence longer than FRESH_FOR starts a new session (a new "since").
    """
    now = now or timezone.now()
    for _attempt in range(2):
        try:
            with transaction.atomic():
                session = (
                    EditingSession.objects.select_for_update()
                    .filter(article_id=article.pk, user_id=user.pk)
                    .first()
                )
                if session is None:
                    return EditingSession.objects.create(
                        article_id=article.pk, user=user, started_at=now, last_seen_at=now
                    )
                if now - session.last_seen_at >= FRESH_FOR:
                    session.started_at = now
                session.last_seen_at = now
                session.save(update_fields=["started_at", "last_seen_at"])
                return session
        except IntegrityError:
            # Two first heartbeats raced (two tabs); the second attempt finds the row.
            continue
    raise RuntimeError("Could not record the heartbeat.")


def editing_session_end(*, article, user):
    """The person left the page (the script's beacon on unload)."""
    EditingSession.objects.filter(article_id=article.pk, user_id=user.pk).delete()


def others_editing(*, article, user, now=None):
    """The fresh editing sessions of `article` by people other than `user`, oldest first."""
    now = now or timezone.now()
    return (
        EditingSession.objects.filter(article_id=article.pk, last_seen_at__gt=now - FRESH_FOR)
        .exclude(user_id=user.pk)
        .select_related("user")
        .order_by("started_at")
    )
