"""newsroom/http/purge.py: the page cache hears of public changes through the articles signal."""

from articles.signals import (
    ArticleListings,
    article_changed_publicly,
    send_article_changed_publicly,
)
from newsroom.http import purge
from newsroom.http.surrogate_keys import article_purge_keys, list_key


def test_the_article_signal_reaches_the_page_cache(make_article, monkeypatch):
    # Connected by the app's ready(): nothing in this test connects it.
    article = make_article()
    purged = []
    monkeypatch.setattr(purge, "purge", purged.append)
    send_article_changed_publicly(article)
    assert purged == [article_purge_keys(article)]


def test_saving_an_article_sends_nothing(make_article):
    article = make_article()
    seen = []

    def receiver(sender, article, **kwargs):
        seen.append(article.pk)

    article_changed_publicly.connect(receiver)
    try:
        article.headline = "عنوان آخر"
        article.save()
    finally:
        article_changed_publicly.disconnect(receiver)
    assert seen == []


def test_pages_that_listed_the_article_before_are_purged(make_article, make_section, monkeypatch):
    old_section, new_section = make_section(), make_section()
    article = make_article(section=old_section)
    listed_before = ArticleListings.of(article)
    article.section = new_section
    article.save()
    purged = []
    monkeypatch.setattr(purge, "purge", purged.append)
    purge.purge_pages_no_longer_listing(article=article, listed_before=listed_before)
    assert purged == [[list_key("section", old_section.pk)]]
