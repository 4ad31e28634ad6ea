"""The staff's e-mail notifications: queued after a committed move, for the right people, in
Arabic, and sent (with retries) by the scheduler (articles/services/notifications.py)."""

from datetime import timedelta

import pytest
from django.core import mail
from django.db import transaction
from django.utils import timezone

from articles import services
from articles.models import Notification, NotificationEvent, Status
from articles.models.notification import MAX_ATTEMPTS
from articles.services.notifications import (
    header_safe,
    notification_subject,
    notifications_send_due,
)
from authors.models import NotificationPreferences

LOCMEM_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
REFUSING_BACKEND = "tests.articles.services.mail_backends.RefusingBackend"


@pytest.fixture
def desk(make_staff, make_author, make_draft, settings):
    """A reporter who signs a draft, a co-author with an account, two editors, a chief, and a
    reporter who has nothing to do with the article; every one with an address."""
    settings.SITE_URL = "https://www.example.ma"
    people = {
        name: make_staff(role, email=f"{name}@example.ma")
        for name, role in [
            ("reporter", "reporter"),
            ("coauthor", "reporter"),
            ("bystander", "reporter"),
            ("editor", "editor"),
            ("other_editor", "editor"),
            ("chief", "chief"),
        ]
    }
    article = make_draft(
        authors=[
            make_author(user=people["reporter"]),
            make_author(user=people["coauthor"]),
            make_author(),  # a guest byline: no account, nobody to tell
        ],
        created_by=people["reporter"],
        headline="الرباط: افتتاح مكتبة جديدة",
    )
    return people, article


def recipients(event=None):
    rows = Notification.objects.all()
    if event:
        rows = rows.filter(event=event)
    return sorted(rows.values_list("recipient__username", flat=True))


def names(people, *keys):
    return sorted(people[key].username for key in keys)


def submit(article, actor, capture):
    with capture(execute=True):
        services.article_submit_for_review(article=article, actor=actor)


def test_a_submission_is_queued_for_those_who_may_publish_not_for_the_reporter(
    desk, django_capture_on_commit_callbacks
):
    people, article = desk
    submit(article, people["reporter"], django_capture_on_commit_callbacks)
    assert recipients(NotificationEvent.SUBMITTED) == names(
        people, "editor", "other_editor", "chief"
    )
    assert recipients() == recipients(NotificationEvent.SUBMITTED)


def test_the_editor_who_submits_is_not_told_of_their_own_move(
    desk, django_capture_on_commit_callbacks
):
    people, article = desk
    submit(article, people["editor"], django_capture_on_commit_callbacks)
    assert recipients() == names(people, "other_editor", "chief")


@pytest.mark.parametrize(
    ("event", "move"),
    [
        (
            NotificationEvent.RETURNED,
            lambda a, who, now: services.article_return_to_draft(
                article=a, actor=who, note="ينقص مصدر ثان"
            ),
        ),
        (
            NotificationEvent.SCHEDULED,
            lambda a, who, now: services.article_schedule(
                article=a, actor=who, publish_at=now + timedelta(hours=3), now=now
            ),
        ),
        (
            NotificationEvent.PUBLISHED,
            lambda a, who, now: services.article_publish(article=a, actor=who, now=now),
        ),
    ],
)
def test_moves_of_a_submitted_article_are_queued_for_its_reporters(
    event, move, desk, now, django_capture_on_commit_callbacks
):
    people, article = desk
    submit(article, people["reporter"], django_capture_on_commit_callbacks)
    Notification.objects.all().delete()
    with django_capture_on_commit_callbacks(execute=True):
        move(article, people["editor"], now)
    assert recipients() == names(people, "reporter", "coauthor")
    assert set(Notification.objects.values_list("event", flat=True)) == {event}
    body = Notification.objects.first().body
    assert ("ينقص مصدر ثان" in body) == (event == NotificationEvent.RETURNED)
    assert ("وقت النشر:" in body) == (event != NotificationEvent.RETURNED)


def test_a_take_down_is_queued_for_the_reporters_with_its_reason(
    desk, django_capture_on_commit_callbacks
):
    people, article = desk
    Notification.objects.all().delete()
    article.status = Status.PUBLISHED
    article.publish_at = timezone.now()
    article.save(update_fields=["status", "publish_at"])
    with django_capture_on_commit_callbacks(execute=True):
        services.article_archive(article=article, actor=people["chief"], reason="حكم قضائي")
    assert recipients(NotificationEvent.TAKEN_DOWN) == names(people, "reporter", "coauthor")
    body = Notification.objects.first().body
    assert "حكم قضائي" in body


def test_the_scheduler_s_publication_tells_the_reporters(
    desk, now, django_capture_on_commit_callbacks
):
    people, article = desk
    article.status = Status.SCHEDULED
    article.publish_at = now - timedelta(minutes=1)
    article.save(update_fields=["status", "publish_at"])
    with django_capture_on_commit_callbacks(execute=True):
        services.article_publish_due(now=now)
    assert recipients(NotificationEvent.PUBLISHED) == names(people, "reporter", "coauthor")


def test_preferences_are_respected_and_default_to_every_event(
    desk, django_capture_on_commit_callbacks
):
    people, article = desk
    NotificationPreferences.objects.create(user=people["other_editor"], submitted=False)
    # A choice about another event changes nothing for this one.
    NotificationPreferences.objects.create(user=people["chief"], published=False)
    submit(article, people["reporter"], django_capture_on_commit_callbacks)
    assert recipients() == names(people, "editor", "chief")


def test_accounts_without_an_address_or_inactive_are_not_queued(
    desk, django_capture_on_commit_callbacks
):
    people, article = desk
    people["other_editor"].email = ""
    people["other_editor"].save()
    people["chief"].is_active = False
    people["chief"].save()
    submit(article, people["reporter"], django_capture_on_commit_callbacks)
    assert recipients() == names(people, "editor")


def test_nothing_is_queued_when_the_transaction_rolls_back(
    desk, django_capture_on_commit_callbacks
):
    people, article = desk
    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        services.article_submit_for_review(article=article, actor=people["reporter"])
        raise RuntimeError("the request failed after the move")
    assert callbacks == []
    assert not Notification.objects.exists()
    assert article.__class__.objects.get(pk=article.pk).status == Status.DRAFT


def test_nothing_is_queued_before_the_commit(desk, django_capture_on_commit_callbacks):
    people, article = desk
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        services.article_submit_for_review(article=article, actor=people["reporter"])
    assert not Notification.objects.exists()
    for callback in callbacks:
        callback()
    assert Notification.objects.count() == 3


def test_the_mail_is_in_arabic_with_the_headline_and_an_absolute_admin_link(
    desk, django_capture_on_commit_callbacks
):
    people, article = desk
    with django_capture_on_commit_callbacks(execute=True):
        services.article_return_to_draft(
            article=_in_review(article), actor=people["editor"], note="أضف رأي الطرف الآخر"
        )
    notification = Notification.objects.get(recipient=people["reporter"])
    assert notification.subject == "أعيد إلى المسودة: الرباط: افتتاح مكتبة جديدة"
    assert "أعيد مقالك إلى المسودة." in notification.body
    assert "أضف رأي الطرف الآخر" in notification.body
    assert f"https://www.example.ma/admin/articles/article/{article.pk}/change/" in (
        notification.body
    )
    assert "Your article" not in notification.body


def _in_review(article):
    article.status = Status.IN_REVIEW
    article.save(update_fields=["status"])
    return article


def test_a_headline_cannot_write_mail_headers():
    headline = "عنوان\r\nBcc: victim@example.com\nX-Injected: 1\u2028\u202eسطر"
    subject = notification_subject(NotificationEvent.PUBLISHED, headline)
    assert "\n" not in subject and "\r" not in subject and "\u2028" not in subject
    assert "\u202e" not in subject
    assert subject == "نُشر: عنوان Bcc: victim@example.com X-Injected: 1 سطر"
    assert len(header_safe("ب" * 300, 120)) == 120


def test_a_subject_with_a_line_break_in_the_table_is_not_sent_but_recorded(desk, settings):
    """Rows written by other means than the queue still cannot inject headers: Django refuses
    the message, and the failure is recorded like any other."""
    people, article = desk
    row = Notification.objects.create(
        recipient=people["editor"],
        event=NotificationEvent.SUBMITTED,
        article=article,
        subject="عنوان\nBcc: victim@example.com",
        body="نص",
    )
    result = notifications_send_due()
    assert mail.outbox == []
    assert result.failed == 1
    row.refresh_from_db()
    assert row.sent_at is None
    assert "linefeed" in row.last_error


# Sending: the scheduler's part.


def queued(people, article, **fields):
    return Notification.objects.create(
        recipient=people["reporter"],
        event=NotificationEvent.PUBLISHED,
        article=article,
        subject="نُشر: الرباط: افتتاح مكتبة جديدة",
        body="نُشر مقالك.",
        **fields,
    )


def test_the_sender_sends_due_mails_once(desk):
    people, article = desk
    row = queued(people, article)
    result = notifications_send_due()
    assert (result.sent, result.failed, result.given_up) == (1, 0, 0)
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["reporter@example.ma"]
    assert message.subject == row.subject
    assert message.body == "نُشر مقالك."
    row.refresh_from_db()
    assert row.sent_at is not None and row.attempts == 1
    notifications_send_due()
    assert len(mail.outbox) == 1


def test_the_sender_retries_a_failing_send_later_and_gives_up_after_the_cap(desk, settings, caplog):
    people, article = desk
    row = queued(people, article)
    settings.MAILERS = {"default": {"BACKEND": REFUSING_BACKEND}}
    clock = timezone.now()
    result = notifications_send_due(now=clock)
    assert (result.sent, result.failed) == (0, 1)
    row.refresh_from_db()
    assert row.attempts == 1
    assert "SMTPServerDisconnected" in row.last_error
    waited = row.next_attempt_at - clock
    assert timedelta(minutes=1) < waited < timedelta(minutes=3)
    # Not tried again before its time.
    assert notifications_send_due(now=clock + timedelta(minutes=1)).failed == 0
    for _attempt in range(2, MAX_ATTEMPTS + 1):
        row.refresh_from_db()
        result = notifications_send_due(now=row.next_attempt_at)
    assert result.given_up == 1
    row.refresh_from_db()
    assert row.attempts == MAX_ATTEMPTS and row.given_up
    assert "Gave up notification" in caplog.text
    # Given up: the server is back, but the mail stays where it is, for people to read.
    settings.MAILERS = {"default": {"BACKEND": LOCMEM_BACKEND}}
    assert notifications_send_due(now=clock + timedelta(days=1)).sent == 0
    assert mail.outbox == []


def test_a_failed_mail_goes_out_when_the_server_is_back(desk, settings):
    people, article = desk
    row = queued(people, article)
    settings.MAILERS = {"default": {"BACKEND": REFUSING_BACKEND}}
    notifications_send_due()
    settings.MAILERS = {"default": {"BACKEND": LOCMEM_BACKEND}}
    row.refresh_from_db()
    assert notifications_send_due(now=row.next_attempt_at).sent == 1
    assert len(mail.outbox) == 1
    row.refresh_from_db()
    assert row.sent_at is not None and row.last_error == "" and row.attempts == 2


def test_the_scheduler_command_sends_the_queued_mails(
    desk, now, django_capture_on_commit_callbacks
):
    from io import StringIO

    from django.core.management import call_command

    people, article = desk
    submit(article, people["reporter"], django_capture_on_commit_callbacks)
    out = StringIO()
    call_command("publish_scheduled_articles", stdout=out, stderr=StringIO())
    assert sorted(address for m in mail.outbox for address in m.to) == [
        "chief@example.ma",
        "editor@example.ma",
        "other_editor@example.ma",
    ]
    assert all(m.subject == "مقال ينتظر المراجعة: الرباط: افتتاح مكتبة جديدة" for m in mail.outbox)
    assert not Notification.objects.filter(sent_at__isnull=True).exists()


ONE_MESSAGE_BACKEND = "tests.articles.services.mail_backends.OneMessageBackend"
UNREACHABLE_BACKEND = "tests.articles.services.mail_backends.UnreachableBackend"


def test_a_dropped_connection_stops_the_run_and_leaves_the_rest_uncounted(desk, settings):
    from tests.articles.services.mail_backends import OneMessageBackend

    people, article = desk
    rows = [queued(people, article) for _ in range(3)]
    settings.MAILERS = {"default": {"BACKEND": ONE_MESSAGE_BACKEND}}
    OneMessageBackend.sent = []
    result = notifications_send_due()
    assert (result.sent, result.failed) == (1, 1)
    attempts = [Notification.objects.get(pk=row.pk).attempts for row in rows]
    assert attempts == [1, 1, 0]  # sent, failed on the dropped session, given back
    # The next run opens a new session and sends what was given back; the failed one follows
    # at its retry time.
    assert notifications_send_due().sent == 1
    failed = Notification.objects.get(pk=rows[1].pk)
    assert notifications_send_due(now=failed.next_attempt_at).sent == 1
    assert len(OneMessageBackend.sent) == 3
    assert not Notification.objects.filter(sent_at__isnull=True).exists()


def test_an_unreachable_server_costs_one_attempt_of_one_mail(desk, settings):
    people, article = desk
    rows = [queued(people, article) for _ in range(3)]
    settings.MAILERS = {"default": {"BACKEND": UNREACHABLE_BACKEND}}
    result = notifications_send_due()
    assert (result.sent, result.failed, result.given_up) == (0, 1, 0)
    attempts = sorted(Notification.objects.get(pk=row.pk).attempts for row in rows)
    assert attempts == [0, 0, 1]
    assert "ConnectionRefusedError" in Notification.objects.get(pk=rows[0].pk).last_error


def test_a_run_past_its_time_budget_gives_back_what_it_claimed(desk):
    people, article = desk
    rows = [queued(people, article) for _ in range(2)]
    result = notifications_send_due(budget=timedelta(0))
    assert (result.sent, result.failed) == (0, 0)
    assert [Notification.objects.get(pk=row.pk).attempts for row in rows] == [0, 0]
    assert notifications_send_due().sent == 2


def test_a_recipient_deactivated_after_queueing_is_given_up_at_once(desk):
    people, article = desk
    row = queued(people, article)
    people["reporter"].is_active = False
    people["reporter"].save()
    result = notifications_send_due()
    assert (result.sent, result.failed, result.given_up) == (0, 0, 1)
    row.refresh_from_db()
    assert row.given_up and mail.outbox == []
