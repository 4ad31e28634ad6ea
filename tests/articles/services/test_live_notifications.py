"""A live coverage silent for NEWSROOM_LIVE_QUIET_MINUTES: the scheduler queues one e-mail per
silence to the article's reporters and the editors, as their preferences allow."""

from datetime import timedelta

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone
from django.utils.translation import gettext

from articles.models import Byline, Notification, NotificationEvent
from articles.services.live import live_coverage_end, live_coverage_start, live_entry_post
from articles.services.notifications import notifications_queue_quiet_live
from authors.models import NotificationPreferences

QUIET = NotificationEvent.LIVE_QUIET


@pytest.fixture
def desk(make_staff, make_author, make_article, settings):
    settings.NEWSROOM_LIVE_QUIET_MINUTES = 30
    people = {
        name: make_staff(role, email=f"{name}@example.ma")
        for name, role in [("reporter", "reporter"), ("editor", "editor"), ("other", "reporter")]
    }
    article = make_article(
        headline="تغطية الانتخابات", publish_at=timezone.now() - timedelta(hours=3)
    )
    Byline.objects.create(article=article, author=make_author(user=people["reporter"]), position=1)
    start = timezone.now() - timedelta(hours=2)
    live_coverage_start(article=article, actor=people["editor"], now=start)
    return {"article": article, "start": start, **people}


def quiet_rows():
    return Notification.objects.filter(event=QUIET)


def test_a_silent_coverage_is_reported_once_to_its_reporters_and_the_editors(desk):
    article, now = desk["article"], timezone.now()
    live_entry_post(
        article=article, actor=desk["editor"], body="<p>x</p>", now=now - timedelta(minutes=31)
    )
    rows = notifications_queue_quiet_live(now=now)
    assert {row.recipient for row in rows} == {desk["reporter"], desk["editor"]}
    assert rows[0].subject == gettext("Live coverage quiet: %(headline)s") % {
        "headline": "تغطية الانتخابات"
    }
    assert f"/admin/articles/article/{article.pk}/live/" in rows[0].body
    # The next runs of the same silence queue nothing more.
    assert notifications_queue_quiet_live(now=now + timedelta(minutes=5)) == []
    # A new entry, then a new silence: told again.
    later = now + timedelta(minutes=6)
    live_entry_post(article=article, actor=desk["editor"], body="<p>y</p>", now=later)
    assert notifications_queue_quiet_live(now=later + timedelta(minutes=10)) == []
    assert len(notifications_queue_quiet_live(now=later + timedelta(minutes=31))) == 2


def test_a_recent_entry_an_ended_coverage_or_zero_minutes_queue_nothing(desk, settings):
    article, now = desk["article"], timezone.now()
    live_entry_post(
        article=article, actor=desk["editor"], body="<p>x</p>", now=now - timedelta(minutes=5)
    )
    assert notifications_queue_quiet_live(now=now) == []
    settings.NEWSROOM_LIVE_QUIET_MINUTES = 0
    assert notifications_queue_quiet_live(now=now + timedelta(hours=1)) == []
    settings.NEWSROOM_LIVE_QUIET_MINUTES = 30
    live_coverage_end(article=article, actor=desk["editor"])
    assert notifications_queue_quiet_live(now=now + timedelta(hours=1)) == []
    assert not quiet_rows().exists()


def test_without_entries_the_silence_counts_from_the_start(desk):
    assert notifications_queue_quiet_live(now=desk["start"] + timedelta(minutes=29)) == []
    assert len(notifications_queue_quiet_live(now=desk["start"] + timedelta(minutes=30))) == 2


def test_a_person_who_turned_it_off_is_not_told(desk):
    NotificationPreferences.objects.create(user=desk["reporter"], live_quiet=False)
    rows = notifications_queue_quiet_live(now=timezone.now())
    assert [row.recipient for row in rows] == [desk["editor"]]


def test_the_scheduler_queues_and_sends_them(desk, settings):
    settings.MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
    call_command("publish_scheduled_articles")
    assert quiet_rows().count() == 2
    assert sorted(message.to[0] for message in mail.outbox) == [
        "editor@example.ma",
        "reporter@example.ma",
    ]


def test_a_coverage_resumed_long_after_it_ended_is_not_silent_at_once(desk):
    """Its silence counts from the resumption (or a later entry), not from the old start."""
    article, editor = desk["article"], desk["editor"]
    ended = desk["start"] + timedelta(minutes=10)
    live_coverage_end(article=article, actor=editor, now=ended)
    resumed = timezone.now()
    live_coverage_start(article=article, actor=editor, now=resumed)

    assert notifications_queue_quiet_live(now=resumed + timedelta(minutes=1)) == []
    assert notifications_queue_quiet_live(now=resumed + timedelta(minutes=29)) == []
    assert len(notifications_queue_quiet_live(now=resumed + timedelta(minutes=31))) == 2
    # A new entry after that: a new silence, counted from the entry.
    entry_at = resumed + timedelta(minutes=40)
    live_entry_post(article=article, actor=editor, body="<p>عودة</p>", now=entry_at)
    assert notifications_queue_quiet_live(now=entry_at + timedelta(minutes=29)) == []
    assert len(notifications_queue_quiet_live(now=entry_at + timedelta(minutes=31))) == 2
