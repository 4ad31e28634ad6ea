"""The desk: what the signed-in person has to look at, above the admin's list of models.

Each list is one query, bounded, newest or most urgent first, and built from what the article
admin lets this person see (`ArticleAdmin.get_queryset`: a reporter sees their own articles and
the public ones). Take-downs, whose reasons may quote a court order, are for those who may read
the audit trail; readers' comments for those who moderate them. The page's queries do not grow
with the number of items (tests/articles/admin/test_dashboard.py).
"""

from dataclasses import dataclass, field
from datetime import datetime, time, timedelta

from django.contrib import admin
from django.db.models import OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _

from articles.models import (
    Article,
    Comment,
    CommentStatus,
    Correction,
    LiveEntry,
    Status,
    StatusChange,
)
from articles.services import permissions
from articles.services.notifications import live_quiet_since

# Items per list: a glance, not a listing; each list links to the full, filtered one.
LIMIT = 10
MODERATE_PERMISSION = "articles.moderate_comment"
AUDIT_PERMISSION = "articles.view_statuschange"


@dataclass
class DeskItem:
    title: str
    url: str
    when: datetime | None = None
    detail: str = ""
    day: str = ""  # "today" or "tomorrow", for the scheduled list


@dataclass
class DeskList:
    key: str
    title: str
    empty: str
    more_url: str = ""
    items: list = field(default_factory=list)


def desk_lists(request, *, now=None, site=None):
    """The dashboard's lists for `request.user`; [] for staff who do not work on articles."""
    site = site or admin.site
    article_admin = site._registry.get(Article)
    user = request.user
    if article_admin is None or not article_admin.has_view_or_change_permission(request):
        return []
    now = now or timezone.now()
    visible = (
        article_admin.get_queryset(request)
        .prefetch_related(None)
        .only(
            "pk",
            "headline",
            "status",
            "publish_at",
            "modified_at",
            "created_at",
            "live_started_at",
        )
    )
    changelist = reverse("admin:articles_article_changelist", current_app=site.name)
    lists = [
        _live_now(visible, site),
        _waiting_for_review(visible, changelist, site),
        _scheduled_soon(visible, changelist, site, now),
        _my_drafts(visible, changelist, site, user),
        _published_lately(visible, changelist, site, now),
        _corrections(visible, site),
    ]
    if user.has_perm(AUDIT_PERMISSION):
        lists.append(_take_downs(visible, changelist, site))
    if user.has_perm(MODERATE_PERMISSION):
        lists.append(_pending_comments(site))
    return lists


def _change_url(article_id, site):
    return reverse("admin:articles_article_change", args=[article_id], current_app=site.name)


def _filtered(changelist, **params):
    return f"{changelist}?{urlencode(params)}"


def _article_items(rows, site, when):
    return [
        DeskItem(title=article.headline, url=_change_url(article.pk, site), when=when(article))
        for article in rows
    ]


def _live_now(visible, site):
    """Articles whose live coverage runs, the one silent longest first (counted as the
    scheduler's reminder counts it), with the time of their last entry (else of the coverage's
    start)."""
    last_entry = (
        LiveEntry.objects.visible()
        .filter(article_id=OuterRef("pk"))
        .order_by("-id")
        .values("created_at")[:1]
    )
    rows = (
        visible.filter(live_started_at__isnull=False, live_ended_at__isnull=True)
        .annotate(
            last_entry_at=Subquery(last_entry),
            quiet_since=live_quiet_since(last_entry),
        )
        .order_by("quiet_since", "pk")[:LIMIT]
    )
    return DeskList(
        key="live",
        title=_("Live coverage running"),
        empty=_("No live coverage is running."),
        items=[
            DeskItem(
                title=article.headline,
                url=reverse(
                    "admin:articles_article_live", args=[article.pk], current_app=site.name
                ),
                when=article.last_entry_at or article.live_started_at,
                detail=str(_("last entry") if article.last_entry_at else _("no entry yet")),
            )
            for article in rows
        ],
    )


def _waiting_for_review(visible, changelist, site):
    # Oldest first: the article waiting longest, since it was (last) submitted.
    submitted_at = (
        StatusChange.objects.filter(article_id=OuterRef("pk"), to_status=Status.IN_REVIEW)
        .order_by("-created_at", "-id")
        .values("created_at")[:1]
    )
    rows = (
        visible.filter(status=Status.IN_REVIEW)
        .annotate(submitted_at=Coalesce(Subquery(submitted_at), "modified_at"))
        .order_by("submitted_at", "pk")[:LIMIT]
    )
    return DeskList(
        key="review",
        title=_("Waiting for review"),
        empty=_("Nothing is waiting for review."),
        more_url=_filtered(changelist, status__exact=Status.IN_REVIEW),
        items=_article_items(rows, site, lambda article: article.submitted_at),
    )


def _scheduled_soon(visible, changelist, site, now):
    # Days as the newsroom counts them: midnight to midnight in Casablanca (TIME_ZONE).
    today = timezone.localdate(now)
    start = timezone.make_aware(datetime.combine(today, time.min))
    tomorrow = timezone.make_aware(datetime.combine(today + timedelta(days=1), time.min))
    end = timezone.make_aware(datetime.combine(today + timedelta(days=2), time.min))
    rows = visible.filter(
        status=Status.SCHEDULED, publish_at__gte=start, publish_at__lt=end
    ).order_by("publish_at", "pk")[:LIMIT]
    items = _article_items(rows, site, lambda article: article.publish_at)
    for item in items:
        item.day = "today" if item.when < tomorrow else "tomorrow"
    return DeskList(
        key="scheduled",
        title=_("Scheduled for today and tomorrow"),
        empty=_("Nothing is scheduled for today or tomorrow."),
        more_url=_filtered(
            changelist,
            status__exact=Status.SCHEDULED,
            publish_at__gte=start.isoformat(),
            publish_at__lt=end.isoformat(),
        ),
        items=items,
    )


def _my_drafts(visible, changelist, site, user):
    rows = visible.filter(
        status=Status.DRAFT, pk__in=permissions.own_articles_filter(user).values("pk")
    ).order_by("-modified_at", "-pk")[:LIMIT]
    return DeskList(
        key="drafts",
        title=_("My drafts"),
        empty=_("You have no drafts."),
        more_url=_filtered(changelist, status__exact=Status.DRAFT),
        items=_article_items(rows, site, lambda article: article.modified_at),
    )


def _published_lately(visible, changelist, site, now):
    since = now - timedelta(hours=24)
    rows = visible.filter(
        status=Status.PUBLISHED, publish_at__gte=since, publish_at__lte=now
    ).order_by("-publish_at", "-pk")[:LIMIT]
    return DeskList(
        key="published",
        title=_("Published in the last 24 hours"),
        empty=_("Nothing was published in the last 24 hours."),
        more_url=_filtered(
            changelist, status__exact=Status.PUBLISHED, publish_at__gte=since.isoformat()
        ),
        items=_article_items(rows, site, lambda article: article.publish_at),
    )


def _corrections(visible, site):
    rows = (
        Correction.objects.filter(article_id__in=visible.values("pk"))
        .select_related("article")
        .only("kind", "created_at", "article__headline")
        .order_by("-created_at", "-pk")[:LIMIT]
    )
    return DeskList(
        key="corrections",
        title=_("Recent corrections"),
        empty=_("No corrections yet."),
        items=[
            DeskItem(
                title=row.article.headline,
                url=_change_url(row.article_id, site),
                when=row.created_at,
                detail=row.get_kind_display(),
            )
            for row in rows
        ],
    )


def _take_downs(visible, changelist, site):
    rows = (
        StatusChange.objects.filter(to_status=Status.ARCHIVED, article_id__in=visible.values("pk"))
        .select_related("article")
        .only("created_at", "note", "article__headline")
        .order_by("-created_at", "-pk")[:LIMIT]
    )
    return DeskList(
        key="takedowns",
        title=_("Recent take-downs"),
        empty=_("No article was taken down."),
        more_url=_filtered(changelist, status__exact=Status.ARCHIVED),
        items=[
            DeskItem(
                title=row.article.headline,
                url=_change_url(row.article_id, site),
                when=row.created_at,
                detail=row.note,
            )
            for row in rows
        ],
    )


def _pending_comments(site):
    rows = (
        Comment.objects.filter(status=CommentStatus.PENDING)
        .select_related("article")
        .only("name", "created_at", "article__headline")
        .order_by("created_at", "pk")[:LIMIT]
    )
    changelist = reverse("admin:articles_comment_changelist", current_app=site.name)
    return DeskList(
        key="comments",
        title=_("Comments waiting for moderation"),
        empty=_("No comment is waiting."),
        more_url=_filtered(changelist, status__exact=CommentStatus.PENDING),
        items=[
            DeskItem(
                title=row.article.headline,
                url=reverse("admin:articles_comment_change", args=[row.pk], current_app=site.name),
                when=row.created_at,
                detail=row.name,
            )
            for row in rows
        ],
    )
