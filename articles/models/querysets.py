from django.db import models
from django.db.models import Exists, OuterRef, Prefetch, Q, Sum
from django.utils import timezone


class ArticleQuerySet(models.QuerySet):
    def update(self, **kwargs):
        self._check_search_text_follows(kwargs)
        return super().update(**kwargs)

    def bulk_update(self, objs, fields, batch_size=None):
        self._check_search_text_follows(fields)
        return super().bulk_update(objs, fields, batch_size=batch_size)

    def _check_search_text_follows(self, fields):
        """`Article.search_text` is made in Python from other fields (its `derived_from`): a
        write that skips `save()` must give it too, or search would keep finding the old text."""
        sources = self.model._meta.get_field("search_text").derived_from
        if set(sources) & set(fields) and "search_text" not in fields:
            raise ValueError(
                "Writing an article's standfirst or body without its search_text leaves search "
                "finding the old text: give search_text too (articles.search.article_search_text)."
            )

    def published(self, now=None):
        """The articles readers may see at `now`: the one definition of "public".

        Scheduled articles count as soon as their time comes, so they appear on time even
        when no background job has moved them to "published" yet.
        """
        from articles.models.article import PUBLIC_STATUSES

        now = now or timezone.now()
        return self.filter(status__in=PUBLIC_STATUSES, publish_at__lte=now).filter(
            Q(expires_at__isnull=True) | Q(expires_at__gt=now)
        )

    def due_for_publication(self, now=None):
        """Scheduled articles whose publish time has come (and whose expiry has not)."""
        from articles.models.article import Status

        now = now or timezone.now()
        return self.filter(status=Status.SCHEDULED, publish_at__lte=now).filter(
            Q(expires_at__isnull=True) | Q(expires_at__gt=now)
        )

    def due_for_takedown(self, now=None):
        """Scheduled or published articles whose expiry time has passed."""
        from articles.models.article import PUBLIC_STATUSES

        now = now or timezone.now()
        return self.filter(status__in=PUBLIC_STATUSES, expires_at__lte=now)

    def next_scheduled_publication(self, now=None):
        """The publish time of the next scheduled article to appear, or None: cached pages
        last no longer (newsroom/http/middleware.py), so it appears on time. One short
        walk of the status and publish time index."""
        from articles.models.article import Status

        now = now or timezone.now()
        upcoming = self.filter(status=Status.SCHEDULED, publish_at__gt=now).order_by("publish_at")
        return upcoming.values_list("publish_at", flat=True).first()

    def taken_down(self, now=None):
        """Articles readers saw and may no longer see: archived (taken down), or public ones
        whose expiry has passed before the scheduler archived them. Their addresses answer
        410 Gone, never-public ids 404 (docs/decisions/takedown-410.md)."""
        from articles.models.article import PUBLIC_STATUSES, Status

        now = now or timezone.now()
        return self.filter(
            Q(status=Status.ARCHIVED) | Q(status__in=PUBLIC_STATUSES, expires_at__lte=now)
        )

    def with_bylines(self):
        """Prefetch the ordered bylines with their authors (one query for the whole list)."""
        from articles.models import Byline

        return self.prefetch_related(
            Prefetch(
                "bylines",
                queryset=Byline.objects.select_related("author").order_by("position", "id"),
            )
        )

    def for_article_page(self):
        """The article page's row: with its section and lead image, and whether it has
        approved comments (`has_approved_comments`: most articles have none, and the page then
        skips the comments' query). A share picture, which few articles have, is read when
        there is one (joining it cost every page a tenth of its CPU). Its authors, tags and
        corrections are read by articles/public/article_page.py."""
        from articles.models.comment import Comment

        return (
            self.select_related("section", "lead_image")
            .defer("search_text", "search_document")
            .annotate(
                has_approved_comments=Exists(
                    Comment.objects.approved().filter(article=OuterRef("pk"))
                )
            )
        )

    def for_listing(self, *, with_body=False):
        """What a list of article cards shows: section and bylines, not the body (unless
        `with_body`: search results quote it in their snippets)."""
        unread = ("source", "source_id", "search_text", "search_document")
        return (
            # The lead image carries its renditions manifest: pictures cost no query of their own.
            self.select_related("section", "lead_image")
            .with_bylines()
            .defer(*unread if with_body else ("body", *unread))
            .order_by("-publish_at", "-id")
            # A safety net: a relation a template reaches for after all is fetched once for
            # the whole list, not once per card.
            .fetch_mode(models.FETCH_PEERS)
        )

    def most_read(self, *, since):
        """The articles most read since `since` (an hour's start), most read first, each with
        its `reads` over that period (ArticleReadCount's hourly rows, summed). Chain it after
        `published()`: only the articles readers may see."""
        return (
            self.filter(read_counts__hour__gte=since)
            .annotate(reads=Sum("read_counts__count"))
            .order_by("-reads", "-publish_at", "-id")
        )
