"""What the articles app tells the rest of the project.

`article_changed_publicly` is sent with `sender=Article, article=<the article>` once the
transaction that changed what readers see of an article has committed: a publish, schedule or
take-down, a correction, a content change of a public article. The services send it through
`transaction.on_commit` (never from `save()`), so a rolled-back change sends nothing. With a
content change it also carries `listed_before`: where the article was listed before (its
section, tags, authors and publish date), so that pages listing it no longer are refreshed too.

`site_settings_changed` is sent with `sender=SiteSettings, fields=[<names>]` once a change of
the site's settings (articles/services/site_settings.py) has committed: the masthead, the
comments line and the dates of every page may show them.

`comment_changed_publicly` is sent with `sender=Comment, article_id=<id>` once a change of
what readers see of an article's comments has committed: a comment approved, published by the
trusted-commenter rule, hidden again (rejected, spam) or deleted, a reply by the newspaper
(articles/services/comments.py). The article's page shows the comments and their count.

`tags_merged` is sent with `sender=Tag, kept=<the kept tag>, merged_id=<the merged tag's former
id>, article_ids=<the articles moved>` once a merge (articles/services/tags.py) has committed:
the pages of both tags, their feeds and the moved articles' pages show other tags now.

`tag_changed` is sent with `sender=Tag, tag_id=<the tag's id>, article_ids=<its articles>` once
a rename or deletion of a tag by the editor-in-chief (articles/services/tags.py) has committed:
the tag's page and feed, and the pages of its articles (they name it), show something else now.

`article_status_changed` is sent with `sender=Article, status_change=<the StatusChange>` once a
workflow move (articles/services/workflow.py) has committed, whether or not readers see it: a
submission, a return to draft, a schedule, a publication, a take-down. The staff's e-mail
notifications are queued from it (articles/services/notifications.py).

`articles_imported` is sent with `sender=Article, created=<count>` once an import run that
created articles has committed (articles/importers/runs.py): new articles, public ones among
them, may belong on any listing, so the receivers treat it as a change of every page. An
import updates existing articles through the content service, which sends
`article_changed_publicly` for each.

`navigation_changed` is sent with `sender=MenuItem` or `sender=Page` once a change of what
the header's menu or the footer's links show has committed: a menu item added, changed or
removed (articles/services/menu.py); a page published, unpublished, or a published page's
title, address or footer place changed (articles/services/pages.py). Every public page shows
both, so the receivers treat it as a change of every page.

`page_changed_publicly` is sent with `sender=Page, page_id=<id>` once a change of a published
page's own text (body, description) has committed: only that page's address shows it.

`live_entries_changed` is sent with `sender=LiveEntry, article_id=<id>` once a change of an
article's live blog has committed: an entry posted, edited, withdrawn, pinned or unpinned
(articles/services/live.py). The article's page and its live endpoint show the entries.
`home_changed` is sent with `sender=HomePin` once a change of the home page's pins
(articles/services/home.py) has committed: a pin added, changed or removed. Only the home
page shows pins.

Receivers connect in their app's `AppConfig.ready()` (the page cache's purge:
newsroom/http/purge.py); each should be quick. One failing receiver does not stop the others:
the `send_*` functions send robustly, and Django logs each failure with its traceback (logger
`django.dispatch`), once.
"""

from dataclasses import dataclass
from datetime import datetime

from django.dispatch import Signal

article_changed_publicly = Signal()
site_settings_changed = Signal()
comment_changed_publicly = Signal()
tags_merged = Signal()
tag_changed = Signal()
articles_imported = Signal()
article_status_changed = Signal()
navigation_changed = Signal()
page_changed_publicly = Signal()
live_entries_changed = Signal()
home_changed = Signal()


@dataclass(frozen=True)
class ArticleListings:
    """Where an article is listed: its section, tags and authors, and its publish time (the
    date archives)."""

    section_id: int | None
    tag_ids: tuple
    author_ids: tuple
    publish_at: datetime | None

    @classmethod
    def of(cls, article):
        """The article's listings as saved (two small queries)."""
        from articles.models import Article, Byline

        tag_ids = Article.tags.through.objects.filter(article_id=article.pk).values_list(
            "tag_id", flat=True
        )
        author_ids = Byline.objects.filter(article_id=article.pk).values_list(
            "author_id", flat=True
        )
        return cls(article.section_id, tuple(tag_ids), tuple(author_ids), article.publish_at)


def send_article_changed_publicly(article, *, listed_before=None):
    """Send `article_changed_publicly` to every receiver; one that fails is logged by Django
    (logger `django.dispatch`, with its traceback) and does not stop the others."""
    from articles.models import Article

    article_changed_publicly.send_robust(
        sender=Article, article=article, listed_before=listed_before
    )


def send_site_settings_changed(fields):
    """Send `site_settings_changed` to every receiver (failures logged as above)."""
    from articles.models import SiteSettings

    site_settings_changed.send_robust(sender=SiteSettings, fields=list(fields))


def send_tags_merged(*, kept, merged_id, article_ids):
    """Send `tags_merged` to every receiver (failures logged as above)."""
    from articles.models import Tag

    tags_merged.send_robust(sender=Tag, kept=kept, merged_id=merged_id, article_ids=article_ids)


def send_tag_changed(*, tag_id, article_ids):
    """Send `tag_changed` to every receiver (failures logged as above)."""
    from articles.models import Tag

    tag_changed.send_robust(sender=Tag, tag_id=tag_id, article_ids=article_ids)


def send_comment_changed_publicly(article_id):
    """Send `comment_changed_publicly` to every receiver (failures logged as above)."""
    from articles.models import Comment

    comment_changed_publicly.send_robust(sender=Comment, article_id=article_id)


def send_articles_imported(created):
    """Send `articles_imported` to every receiver (failures logged as above)."""
    from articles.models import Article

    articles_imported.send_robust(sender=Article, created=created)


def send_article_status_changed(status_change):
    """Send `article_status_changed` to every receiver (failures logged as above)."""
    from articles.models import Article

    article_status_changed.send_robust(sender=Article, status_change=status_change)


def send_navigation_changed(sender):
    """Send `navigation_changed` to every receiver (failures logged as above)."""
    navigation_changed.send_robust(sender=sender)


def send_page_changed_publicly(page_id):
    """Send `page_changed_publicly` to every receiver (failures logged as above)."""
    from articles.models import Page

    page_changed_publicly.send_robust(sender=Page, page_id=page_id)


def send_live_entries_changed(article_id):
    """Send `live_entries_changed` to every receiver (failures logged as above)."""
    from articles.models import LiveEntry

    live_entries_changed.send_robust(sender=LiveEntry, article_id=article_id)


def send_home_changed():
    """Send `home_changed` to every receiver (failures logged as above)."""
    from articles.models import HomePin

    home_changed.send_robust(sender=HomePin)
