from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NewsroomHttpConfig(AppConfig):
    name = "newsroom.http"
    label = "newsroom_http"
    verbose_name = _("Page cache")

    def ready(self):
        from django.db.models.signals import post_delete, post_save

        from articles.models import (
            Article,
            Comment,
            HomePin,
            LiveEntry,
            MenuItem,
            Page,
            Section,
            SiteSettings,
            Tag,
        )
        from articles.signals import (
            article_changed_publicly,
            articles_imported,
            comment_changed_publicly,
            home_changed,
            live_entries_changed,
            navigation_changed,
            page_changed_publicly,
            site_settings_changed,
            tag_changed,
            tags_merged,
        )
        from authors.models import Author
        from newsroom.http import purge

        # In this order: the pages showing the article, then those that listed it before.
        article_changed_publicly.connect(
            purge.purge_pages_showing, sender=Article, dispatch_uid="newsroom-http-purge"
        )
        article_changed_publicly.connect(
            purge.purge_pages_no_longer_listing,
            sender=Article,
            dispatch_uid="newsroom-http-purge-listings",
        )
        site_settings_changed.connect(
            purge.purge_every_page, sender=SiteSettings, dispatch_uid="newsroom-http-purge-site"
        )
        tags_merged.connect(
            purge.purge_pages_of_merged_tags, sender=Tag, dispatch_uid="newsroom-http-purge-tags"
        )
        tag_changed.connect(
            purge.purge_pages_of_changed_tag, sender=Tag, dispatch_uid="newsroom-http-purge-tag"
        )
        comment_changed_publicly.connect(
            purge.purge_article_page, sender=Comment, dispatch_uid="newsroom-http-purge-comments"
        )
        # A live blog's entries: the article's page and its live endpoint (both named by the
        # article's key).
        live_entries_changed.connect(
            purge.purge_article_page, sender=LiveEntry, dispatch_uid="newsroom-http-purge-live"
        )
        articles_imported.connect(
            purge.purge_every_page, sender=Article, dispatch_uid="newsroom-http-purge-import"
        )
        for model in (Section, Author):
            for signal in (post_save, post_delete):
                signal.connect(
                    purge.purge_pages_naming,
                    sender=model,
                    dispatch_uid=f"newsroom-http-purge-{model._meta.model_name}-{signal is post_save}",
                )
        # The menu and the footer's links are on every page.
        for sender in (MenuItem, Page):
            navigation_changed.connect(
                purge.purge_every_page,
                sender=sender,
                dispatch_uid=f"newsroom-http-purge-navigation-{sender.__name__}",
            )
        page_changed_publicly.connect(
            purge.purge_page, sender=Page, dispatch_uid="newsroom-http-purge-page"
        )
        home_changed.connect(
            purge.purge_home, sender=HomePin, dispatch_uid="newsroom-http-purge-home"
        )
