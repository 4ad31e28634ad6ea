from datetime import timedelta
from urllib.parse import quote

import pytest
from django.db import IntegrityError, transaction

from articles.models import Article, CommentPolicy, SiteSettings, Status


@pytest.mark.parametrize(
    ("status", "publish_offset", "expires_offset", "public"),
    [
        (Status.PUBLISHED, timedelta(0), None, True),  # publish time reached exactly
        (Status.PUBLISHED, timedelta(seconds=1), None, False),  # one second early
        (Status.SCHEDULED, -timedelta(seconds=1), None, True),  # scheduled and due
        (Status.SCHEDULED, timedelta(minutes=5), None, False),
        (Status.PUBLISHED, -timedelta(days=1), timedelta(0), False),  # expires now
        (Status.PUBLISHED, -timedelta(days=1), timedelta(seconds=1), True),
        (Status.PUBLISHED, -timedelta(days=1), -timedelta(seconds=1), False),
        (Status.DRAFT, -timedelta(days=1), None, False),
        (Status.IN_REVIEW, -timedelta(days=1), None, False),
        (Status.ARCHIVED, -timedelta(days=1), None, False),
    ],
)
def test_published_is_public_exactly_at_the_edges_of_time(
    make_article, now, status, publish_offset, expires_offset, public
):
    article = make_article(
        status=status,
        publish_at=now + publish_offset,
        expires_at=None if expires_offset is None else now + expires_offset,
    )

    assert (article in Article.objects.published(now=now)) is public
    assert article.is_public(now) is public


def test_a_draft_without_publish_time_is_not_public(make_article, now):
    article = make_article(status=Status.DRAFT, publish_at=None)

    assert not Article.objects.published(now=now).filter(pk=article.pk).exists()
    assert not article.is_public(now)


@pytest.mark.parametrize("status", [Status.PUBLISHED, Status.SCHEDULED])
def test_database_refuses_a_public_status_without_publish_time(make_section, status):
    with pytest.raises(IntegrityError), transaction.atomic():
        Article.objects.create(headline="بلا تاريخ", section=make_section(), status=status)


def test_database_refuses_expiry_before_publish_time(make_section, now):
    with pytest.raises(IntegrityError), transaction.atomic():
        Article.objects.create(
            headline="ينتهي قبل أن يبدأ",
            section=make_section(),
            status=Status.PUBLISHED,
            publish_at=now,
            expires_at=now - timedelta(hours=1),
        )


def test_database_refuses_two_articles_from_the_same_source_item(make_article):
    make_article(source="wxr:https://example.ma", source_id="42")

    with pytest.raises(IntegrityError), transaction.atomic():
        make_article(source="wxr:https://example.ma", source_id="42")


def test_articles_without_a_source_do_not_collide(make_article):
    make_article(source="", source_id="")
    make_article(source="", source_id="")

    assert Article.objects.filter(source="").count() == 2


def test_bylines_keep_their_order(make_article, make_author):
    second, first = make_author(name="سعاد"), make_author(name="يوسف")

    article = make_article(authors=[first, second])

    assert [b.author for b in article.bylines.all()] == [first, second]


def test_slug_is_made_from_the_arabic_headline(make_article):
    article = make_article(headline="تطوان: حملاتٌ تشهيرية تستهدف رجال الأمن", slug="")

    assert article.slug == "تطوان-حملات-تشهيرية-تستهدف-رجال-الأمن"
    # reverse() percent-encodes: every URL the site emits is ASCII.
    assert article.get_absolute_url() == f"/article/{article.pk}/{quote(article.slug)}/"


@pytest.mark.parametrize(
    ("site_enabled", "policy", "open_"),
    [
        (False, CommentPolicy.SITE_DEFAULT, False),
        (False, CommentPolicy.OPEN, False),  # the site switch wins
        (True, CommentPolicy.SITE_DEFAULT, True),
        (True, CommentPolicy.OPEN, True),
        (True, CommentPolicy.CLOSED, False),
    ],
)
def test_comments_are_open_only_when_the_site_and_the_article_allow(
    make_article, site_enabled, policy, open_
):
    article = make_article(comment_policy=policy)

    assert article.comments_open(SiteSettings(comments_enabled=site_enabled)) is open_


def test_site_settings_is_a_single_row_with_comments_off_by_default(db):
    settings = SiteSettings.load()

    assert settings.comments_enabled is False
    assert SiteSettings.load().pk == settings.pk
    with pytest.raises(IntegrityError), transaction.atomic():
        SiteSettings.objects.create(id=2)


def test_text_direction_follows_the_article_language(make_article):
    assert make_article(language="ar").text_direction == "rtl"
    assert make_article(language="fr").text_direction == "ltr"
    assert make_article(language="zgh").text_direction == "ltr"


def test_site_settings_are_read_once_then_from_the_cache_until_changed(
    change_site_settings, django_assert_num_queries, django_capture_on_commit_callbacks
):
    SiteSettings.load()
    with django_assert_num_queries(0):
        assert SiteSettings.load().comments_enabled is False
    with django_capture_on_commit_callbacks(execute=True):
        change_site_settings(comments_enabled=True)
    with django_assert_num_queries(1):
        assert SiteSettings.load().comments_enabled is True
    with django_assert_num_queries(0):
        assert SiteSettings.load().comments_enabled is True
