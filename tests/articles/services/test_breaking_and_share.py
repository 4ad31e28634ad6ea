"""The breaking flag's end and the share fields, written by the content service
(articles/services/content.py): audited in the revisions, purged, restored."""

from datetime import timedelta

import pytest
from django.utils import timezone

from articles.exceptions import TransitionNotPermitted
from articles.models import Article, Image, Revision
from articles.services.content import article_create, article_update_content
from articles.services.revisions import article_restore_revision
from articles.signals import article_changed_publicly


def picture(name):
    return Image.objects.create(
        file=f"{name}.jpg",
        width=1200,
        height=630,
        renditions={"share.jpg": {"name": f"{name}.jpg"}},
    )


def test_raising_the_flag_shows_it_for_the_configured_hours(staff, make_article, settings):
    settings.NEWSROOM_BREAKING_HOURS = 5
    article = make_article()
    before = timezone.now()
    done = article_update_content(
        article=article, actor=staff["editor"], changes={"is_breaking": True}
    )
    assert set(done.changed) == {"is_breaking", "breaking_until"}
    article.refresh_from_db()
    assert before + timedelta(hours=5) <= article.breaking_until
    assert article.breaking_until <= timezone.now() + timedelta(hours=5)
    assert article.is_breaking_now()
    assert done.revision.content["is_breaking"] is True


def test_an_end_given_with_the_flag_is_kept(staff, make_article):
    article = make_article()
    end = timezone.now().replace(microsecond=0) + timedelta(minutes=40)
    article_update_content(
        article=article,
        actor=staff["editor"],
        changes={"is_breaking": True, "breaking_until": end},
    )
    article.refresh_from_db()
    assert article.breaking_until == end


def test_raising_the_flag_again_starts_afresh(staff, make_article):
    article = make_article(is_breaking=True, breaking_until=timezone.now() - timedelta(hours=1))
    article_update_content(article=article, actor=staff["editor"], changes={"is_breaking": False})
    article.refresh_from_db()
    assert article.breaking_until is None
    # The admin's form sends the flag back with the old end still in it: a new end is given.
    article_update_content(
        article=article,
        actor=staff["editor"],
        changes={"is_breaking": True, "breaking_until": timezone.now() - timedelta(hours=1)},
    )
    article.refresh_from_db()
    assert article.is_breaking_now()


def test_lowering_the_flag_clears_its_end_and_purges(
    staff, make_article, django_capture_on_commit_callbacks
):
    article = make_article(is_breaking=True)
    purged = []

    def record(sender, article, **kwargs):
        purged.append(article.pk)

    article_changed_publicly.connect(record)
    try:
        with django_capture_on_commit_callbacks(execute=True):
            done = article_update_content(
                article=article, actor=staff["editor"], changes={"is_breaking": False}
            )
    finally:
        article_changed_publicly.disconnect(record)
    assert set(done.changed) == {"is_breaking", "breaking_until"}
    assert purged == [article.pk]
    assert Article.objects.get(pk=article.pk).breaking_until is None


def test_a_new_breaking_article_gets_an_end(staff, make_section):
    article = article_create(
        actor=staff["reporter"],
        changes={"headline": "خبر", "section": make_section(), "is_breaking": True},
    )
    article.refresh_from_db()
    assert article.breaking_until > timezone.now()


def test_an_article_without_the_flag_is_never_breaking(make_article):
    article = make_article(breaking_until=timezone.now() + timedelta(hours=1))
    assert not article.is_breaking_now()


@pytest.mark.parametrize("role", ["reporter", "anonymous"])
def test_who_may_not_edit_a_published_article_may_not_raise_the_flag(role, staff, make_article):
    article = make_article()
    with pytest.raises(TransitionNotPermitted):
        article_update_content(article=article, actor=staff[role], changes={"is_breaking": True})
    assert not Article.objects.get(pk=article.pk).is_breaking


def test_share_fields_are_kept_in_revisions_and_restored(staff, make_article):
    article = make_article()
    image = picture("share")
    done = article_update_content(
        article=article,
        actor=staff["editor"],
        changes={
            "share_title": "عنوان للمشاركة",
            "share_description": "وصف للمشاركة",
            "share_image": image,
        },
    )
    first = done.revision
    assert first.content["share_title"] == "عنوان للمشاركة"
    assert first.content["share_image_id"] == image.pk
    article_update_content(
        article=article,
        actor=staff["editor"],
        changes={"share_title": "", "share_description": "", "share_image": None},
    )
    article_restore_revision(article=article, revision=first, actor=staff["editor"])
    article.refresh_from_db()
    assert (article.share_title, article.share_description, article.share_image_id) == (
        "عنوان للمشاركة",
        "وصف للمشاركة",
        image.pk,
    )
    assert Revision.objects.filter(article=article).count() == 3


def test_a_story_flagged_before_publication_is_breaking_from_its_publication(
    staff, make_draft, settings
):
    """Ticked on a story scheduled four hours ahead, a three-hour label had ended before
    readers saw it: it counts from the publication."""
    from articles.models import Status
    from articles.services.workflow import article_publish_due, article_schedule

    settings.NEWSROOM_BREAKING_HOURS = 3
    article = make_draft(status=Status.IN_REVIEW)
    article_update_content(article=article, actor=staff["editor"], changes={"is_breaking": True})
    goes_live = timezone.now() + timedelta(hours=4)
    article_schedule(article=article, actor=staff["editor"], publish_at=goes_live)
    article.refresh_from_db()
    assert article.breaking_until == goes_live + timedelta(hours=3)
    assert article_publish_due(now=goes_live + timedelta(minutes=1)) == 1
    article.refresh_from_db()
    assert article.status == Status.PUBLISHED
    assert article.is_breaking_now(now=goes_live + timedelta(hours=2))


def test_publishing_keeps_a_later_end_and_leaves_unflagged_stories_alone(
    staff, make_draft, settings
):
    from articles.models import Status
    from articles.services.workflow import article_publish

    settings.NEWSROOM_BREAKING_HOURS = 3
    later = timezone.now() + timedelta(hours=10)
    flagged = make_draft(status=Status.IN_REVIEW, is_breaking=True, breaking_until=later)
    article_publish(article=flagged, actor=staff["editor"])
    flagged.refresh_from_db()
    assert flagged.breaking_until == later
    plain = make_draft(status=Status.IN_REVIEW)
    article_publish(article=plain, actor=staff["editor"])
    plain.refresh_from_db()
    assert (plain.is_breaking, plain.breaking_until) == (False, None)
