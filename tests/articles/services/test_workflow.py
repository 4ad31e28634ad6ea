"""articles/services/workflow.py: every transition's allowed move, refused move, refused actor,
audit row and side effects after commit; plus the permission matrix at the service level."""

from datetime import timedelta

import pytest

from articles import services
from articles.exceptions import InvalidTransition, TransitionNotPermitted
from articles.models import Article, Byline, Status, StatusChange
from articles.signals import article_changed_publicly, send_article_changed_publicly


@pytest.fixture
def public_changes():
    """The articles for which `article_changed_publicly` ran, in order."""
    seen = []

    def receiver(sender, article, **kwargs):
        seen.append(article.pk)

    article_changed_publicly.connect(receiver)
    yield seen
    article_changed_publicly.disconnect(receiver)


def audit_rows(article):
    return list(
        StatusChange.objects.filter(article=article)
        .order_by("id")
        .values_list("from_status", "to_status", "actor_id", "note")
    )


# The permission matrix: who may make each move (service level).

MOVES = {
    "submit_own_draft": (Status.DRAFT, True, lambda a, u, now: svc_submit(a, u)),
    "submit_other_draft": (Status.DRAFT, False, lambda a, u, now: svc_submit(a, u)),
    "return_to_draft": (Status.IN_REVIEW, False, lambda a, u, now: svc_return(a, u)),
    "schedule": (Status.IN_REVIEW, False, lambda a, u, now: svc_schedule(a, u, now)),
    "publish": (Status.IN_REVIEW, False, lambda a, u, now: svc_publish(a, u, now)),
    "archive": (Status.PUBLISHED, False, lambda a, u, now: svc_archive(a, u)),
}


def svc_submit(article, user):
    return services.article_submit_for_review(article=article, actor=user)


def svc_return(article, user):
    return services.article_return_to_draft(article=article, actor=user, note="أضف مصدرا")


def svc_schedule(article, user, now):
    return services.article_schedule(
        article=article, actor=user, publish_at=now + timedelta(hours=2), now=now
    )


def svc_publish(article, user, now):
    return services.article_publish(article=article, actor=user, now=now)


def svc_archive(article, user):
    return services.article_archive(article=article, actor=user, reason="طلب قضائي")


EXPECTED = {
    # move: {role: allowed?}
    "submit_own_draft": {"anonymous": False, "reporter": True, "editor": True, "chief": True},
    "submit_other_draft": {"anonymous": False, "reporter": False, "editor": True, "chief": True},
    "return_to_draft": {"anonymous": False, "reporter": False, "editor": True, "chief": True},
    "schedule": {"anonymous": False, "reporter": False, "editor": True, "chief": True},
    "publish": {"anonymous": False, "reporter": False, "editor": True, "chief": True},
    "archive": {"anonymous": False, "reporter": False, "editor": True, "chief": True},
}


@pytest.mark.parametrize("role", ["anonymous", "reporter", "editor", "chief"])
@pytest.mark.parametrize("move", list(MOVES))
def test_permission_matrix_for_every_transition(move, role, staff, make_article, now):
    start, owned, call = MOVES[move]
    user = staff[role]
    # The reporter owns the "own" article; the editors never own anything here.
    creator = staff["reporter"] if owned else None
    article = make_article(status=start, created_by=creator)
    if EXPECTED[move][role]:
        call(article, user, now)
        assert Article.objects.get(pk=article.pk).status != start
        assert StatusChange.objects.filter(article=article).count() == 1
    else:
        with pytest.raises(TransitionNotPermitted):
            call(article, user, now)
        assert Article.objects.get(pk=article.pk).status == start
        assert not StatusChange.objects.filter(article=article).exists()


# Submit for review.


def test_reporter_submits_own_draft_and_audit_row_records_it(staff, make_draft):
    reporter = staff["reporter"]
    article = make_draft(created_by=reporter)
    returned = services.article_submit_for_review(article=article, actor=reporter)
    assert returned is article
    assert article.status == Status.IN_REVIEW
    assert Article.objects.get(pk=article.pk).status == Status.IN_REVIEW
    assert audit_rows(article) == [(Status.DRAFT, Status.IN_REVIEW, reporter.pk, "")]


def test_reporter_may_submit_an_article_they_sign_but_did_not_create(
    staff, make_draft, make_author
):
    reporter = staff["reporter"]
    article = make_draft(authors=[make_author(user=reporter)])
    services.article_submit_for_review(article=article, actor=reporter)
    assert Article.objects.get(pk=article.pk).status == Status.IN_REVIEW


def test_submitting_an_article_already_in_review_is_refused(staff, make_article):
    article = make_article(status=Status.IN_REVIEW)
    with pytest.raises(InvalidTransition):
        services.article_submit_for_review(article=article, actor=staff["editor"])
    assert not StatusChange.objects.exists()


def test_submitting_an_incomplete_draft_names_the_missing_fields(staff, make_article):
    reporter = staff["reporter"]
    article = make_article(status=Status.DRAFT, created_by=reporter, authors=[], body=" ")
    with pytest.raises(InvalidTransition) as refusal:
        services.article_submit_for_review(article=article, actor=reporter)
    message = str(refusal.value)
    assert str(Article._meta.get_field("authors").verbose_name) in message
    assert str(Article._meta.get_field("body").verbose_name) in message
    assert str(Article._meta.get_field("headline").verbose_name) not in message
    assert Article.objects.get(pk=article.pk).status == Status.DRAFT


def test_refusal_message_is_in_moroccan_arabic(staff, make_article):
    article = make_article(status=Status.PUBLISHED)
    with pytest.raises(InvalidTransition) as refusal:
        services.article_submit_for_review(article=article, actor=staff["editor"])
    assert "المقال" in str(refusal.value)


def test_service_rereads_the_row_instead_of_trusting_a_stale_instance(staff, make_draft):
    article = make_draft()
    stale = Article.objects.get(pk=article.pk)
    services.article_submit_for_review(article=article, actor=staff["editor"])
    # `stale` still says draft, but the locked row says in_review: the move is refused.
    with pytest.raises(InvalidTransition):
        services.article_submit_for_review(article=stale, actor=staff["editor"])
    assert StatusChange.objects.filter(article=article).count() == 1


# Return to draft.


def test_editor_returns_article_with_the_note_in_the_audit(staff, make_article):
    editor = staff["editor"]
    article = make_article(status=Status.IN_REVIEW)
    services.article_return_to_draft(article=article, actor=editor, note="  تحقق من الأرقام ")
    assert article.status == Status.DRAFT
    assert audit_rows(article) == [(Status.IN_REVIEW, Status.DRAFT, editor.pk, "تحقق من الأرقام")]


def test_return_to_draft_without_a_note_is_refused(staff, make_article):
    article = make_article(status=Status.IN_REVIEW)
    with pytest.raises(InvalidTransition):
        services.article_return_to_draft(article=article, actor=staff["editor"], note="  ")
    assert Article.objects.get(pk=article.pk).status == Status.IN_REVIEW


def test_published_article_cannot_be_returned_to_draft(staff, make_article):
    article = make_article(status=Status.PUBLISHED)
    with pytest.raises(InvalidTransition):
        services.article_return_to_draft(article=article, actor=staff["editor"], note="لا")


def test_scheduled_article_can_be_pulled_back_to_draft(staff, make_article, now):
    article = make_article(status=Status.SCHEDULED, publish_at=now + timedelta(days=1))
    services.article_return_to_draft(article=article, actor=staff["editor"], note="ننتظر")
    assert Article.objects.get(pk=article.pk).status == Status.DRAFT


def test_archived_article_returns_to_draft_to_be_republished(staff, make_article):
    article = make_article(status=Status.ARCHIVED)
    services.article_return_to_draft(article=article, actor=staff["editor"], note="تصحيح")
    assert Article.objects.get(pk=article.pk).status == Status.DRAFT


# Schedule.


def test_future_time_schedules_and_article_is_not_public_yet(staff, make_article, now):
    editor = staff["editor"]
    article = make_article(status=Status.IN_REVIEW)
    later = now + timedelta(hours=3)
    services.article_schedule(article=article, actor=editor, publish_at=later, now=now)
    stored = Article.objects.get(pk=article.pk)
    assert (stored.status, stored.publish_at) == (Status.SCHEDULED, later)
    assert not Article.objects.published(now=now).filter(pk=article.pk).exists()
    assert Article.objects.published(now=later).filter(pk=article.pk).exists()
    [(from_status, to_status, actor_id, note)] = audit_rows(article)
    assert (from_status, to_status, actor_id) == (Status.IN_REVIEW, Status.SCHEDULED, editor.pk)
    assert note


def test_past_time_publishes_at_once_keeping_that_time(staff, make_article, now):
    article = make_article(status=Status.IN_REVIEW)
    earlier = now - timedelta(minutes=5)
    services.article_schedule(article=article, actor=staff["editor"], publish_at=earlier, now=now)
    stored = Article.objects.get(pk=article.pk)
    assert (stored.status, stored.publish_at) == (Status.PUBLISHED, earlier)
    assert audit_rows(article)[0][:2] == (Status.IN_REVIEW, Status.PUBLISHED)


def test_scheduled_article_can_be_rescheduled(staff, make_article, now):
    article = make_article(status=Status.SCHEDULED, publish_at=now + timedelta(hours=1))
    services.article_schedule(
        article=article, actor=staff["editor"], publish_at=now + timedelta(hours=5), now=now
    )
    assert Article.objects.get(pk=article.pk).publish_at == now + timedelta(hours=5)


def test_draft_cannot_be_scheduled(staff, make_draft, now):
    article = make_draft()
    with pytest.raises(InvalidTransition):
        services.article_schedule(
            article=article, actor=staff["editor"], publish_at=now + timedelta(hours=1), now=now
        )
    assert Article.objects.get(pk=article.pk).status == Status.DRAFT


def test_schedule_after_expiry_is_refused(staff, make_article, now):
    article = make_article(status=Status.IN_REVIEW, expires_at=now + timedelta(hours=1))
    with pytest.raises(InvalidTransition):
        services.article_schedule(
            article=article, actor=staff["editor"], publish_at=now + timedelta(hours=2), now=now
        )
    assert Article.objects.get(pk=article.pk).status == Status.IN_REVIEW


def test_schedule_without_a_time_is_refused(staff, make_article, now):
    article = make_article(status=Status.IN_REVIEW)
    with pytest.raises(InvalidTransition):
        services.article_schedule(article=article, actor=staff["editor"], publish_at=None)


# Publish.


def test_publish_sets_publish_time_to_now_when_empty(staff, make_article, now):
    article = make_article(status=Status.IN_REVIEW)
    services.article_publish(article=article, actor=staff["editor"], now=now)
    stored = Article.objects.get(pk=article.pk)
    assert (stored.status, stored.publish_at) == (Status.PUBLISHED, now)
    assert stored.is_public(now)


def test_publishing_a_scheduled_article_early_brings_its_time_forward(staff, make_article, now):
    article = make_article(status=Status.SCHEDULED, publish_at=now + timedelta(days=1))
    services.article_publish(article=article, actor=staff["chief"], now=now)
    assert Article.objects.get(pk=article.pk).publish_at == now


def test_publish_refuses_an_article_that_lost_its_byline_in_review(staff, make_article, now):
    article = make_article(status=Status.IN_REVIEW)
    Byline.objects.filter(article=article).delete()
    with pytest.raises(InvalidTransition) as refusal:
        services.article_publish(article=article, actor=staff["editor"], now=now)
    assert str(Article._meta.get_field("authors").verbose_name) in str(refusal.value)


def test_publishing_twice_is_refused(staff, make_article, now):
    article = make_article(status=Status.IN_REVIEW)
    services.article_publish(article=article, actor=staff["editor"], now=now)
    with pytest.raises(InvalidTransition):
        services.article_publish(article=article, actor=staff["editor"], now=now)
    assert StatusChange.objects.filter(article=article).count() == 1


def test_inactive_editor_cannot_publish(make_staff, make_article, now):
    editor = make_staff("editor", is_active=False)
    article = make_article(status=Status.IN_REVIEW)
    with pytest.raises(TransitionNotPermitted):
        services.article_publish(article=article, actor=editor, now=now)


# Archive.


def test_archive_takes_the_article_off_the_site_with_the_reason(staff, make_article, now):
    editor = staff["editor"]
    article = make_article(status=Status.PUBLISHED)
    services.article_archive(article=article, actor=editor, reason="خطأ في الوقائع")
    assert not Article.objects.published(now=now).filter(pk=article.pk).exists()
    assert audit_rows(article) == [(Status.PUBLISHED, Status.ARCHIVED, editor.pk, "خطأ في الوقائع")]


def test_archive_without_a_reason_is_refused(staff, make_article):
    article = make_article(status=Status.PUBLISHED)
    with pytest.raises(InvalidTransition):
        services.article_archive(article=article, actor=staff["editor"], reason="")
    assert Article.objects.get(pk=article.pk).status == Status.PUBLISHED


def test_draft_cannot_be_archived(staff, make_draft):
    with pytest.raises(InvalidTransition):
        services.article_archive(article=make_draft(), actor=staff["editor"], reason="لا")


# Side effects: registered with on_commit, run only once the transaction commits.


def test_publish_runs_public_change_hooks_only_after_commit(
    staff, make_article, now, public_changes, django_capture_on_commit_callbacks
):
    article = make_article(status=Status.IN_REVIEW)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        services.article_publish(article=article, actor=staff["editor"], now=now)
    assert public_changes == []
    # The purge, then the staff's notifications (articles/services/notifications.py).
    assert len(callbacks) == 2
    callbacks[0]()
    assert public_changes == [article.pk]


@pytest.mark.parametrize(
    ("start", "call"),
    [
        (Status.IN_REVIEW, lambda a, s, now: svc_schedule(a, s["editor"], now)),
        (Status.PUBLISHED, lambda a, s, now: svc_archive(a, s["editor"])),
    ],
)
def test_schedule_and_archive_run_hooks_after_commit(
    start, call, staff, make_article, now, public_changes, django_capture_on_commit_callbacks
):
    article = make_article(status=start)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        call(article, staff, now)
    assert len(callbacks) == 2  # the purge and the staff's notifications
    assert public_changes == [article.pk]


def test_submit_changes_nothing_public_so_no_purge(
    staff, make_draft, public_changes, django_capture_on_commit_callbacks
):
    article = make_draft()
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        services.article_submit_for_review(article=article, actor=staff["editor"])
    assert len(callbacks) == 1  # only the staff's notifications
    assert public_changes == []


def test_refused_move_registers_no_side_effect(
    staff, make_article, now, public_changes, django_capture_on_commit_callbacks
):
    article = make_article(status=Status.IN_REVIEW)
    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(TransitionNotPermitted),
    ):
        services.article_publish(article=article, actor=staff["reporter"], now=now)
    assert callbacks == []
    assert public_changes == []


def test_a_failing_receiver_does_not_stop_the_others_and_is_logged(make_article, caplog):
    article = make_article()
    seen = []

    def broken(sender, article, **kwargs):
        raise RuntimeError("the CDN is down")

    def recorder(sender, article, **kwargs):
        seen.append(article.pk)

    article_changed_publicly.connect(broken)
    article_changed_publicly.connect(recorder)
    try:
        send_article_changed_publicly(article)
    finally:
        article_changed_publicly.disconnect(broken)
        article_changed_publicly.disconnect(recorder)
    assert seen == [article.pk]
    [failure] = [r for r in caplog.records if r.levelname == "ERROR"]  # logged once
    assert failure.name == "django.dispatch"
    assert "the CDN is down" in failure.exc_text


# The scheduled run: publish due articles, take down expired ones.


def test_publish_due_moves_only_due_articles_with_system_audit_rows(make_article, now):
    due = make_article(status=Status.SCHEDULED, publish_at=now - timedelta(minutes=1))
    not_yet = make_article(status=Status.SCHEDULED, publish_at=now + timedelta(minutes=1))
    assert services.article_publish_due(now=now) == 1
    assert Article.objects.get(pk=due.pk).status == Status.PUBLISHED
    assert Article.objects.get(pk=not_yet.pk).status == Status.SCHEDULED
    assert audit_rows(due) == [(Status.SCHEDULED, Status.PUBLISHED, None, "")]
    assert audit_rows(not_yet) == []


def test_publish_due_takes_down_expired_articles(make_article, now):
    expired = make_article(
        status=Status.PUBLISHED,
        publish_at=now - timedelta(days=2),
        expires_at=now - timedelta(minutes=1),
    )
    running = make_article(
        status=Status.PUBLISHED,
        publish_at=now - timedelta(days=2),
        expires_at=now + timedelta(days=1),
    )
    assert services.article_publish_due(now=now) == 1
    assert Article.objects.get(pk=expired.pk).status == Status.ARCHIVED
    assert Article.objects.get(pk=running.pk).status == Status.PUBLISHED
    [(from_status, to_status, actor_id, note)] = audit_rows(expired)
    assert (from_status, to_status, actor_id) == (Status.PUBLISHED, Status.ARCHIVED, None)
    assert note


def test_scheduled_article_whose_expiry_passed_too_is_taken_down_not_published(make_article, now):
    article = make_article(
        status=Status.SCHEDULED,
        publish_at=now - timedelta(hours=2),
        expires_at=now - timedelta(hours=1),
    )
    assert services.article_publish_due(now=now) == 1
    assert audit_rows(article) == [
        (Status.SCHEDULED, Status.ARCHIVED, None, audit_rows(article)[0][3])
    ]


def test_publish_due_twice_moves_nothing_the_second_time(make_article, now):
    make_article(status=Status.SCHEDULED, publish_at=now - timedelta(minutes=1))
    assert services.article_publish_due(now=now) == 1
    assert services.article_publish_due(now=now) == 0
    assert StatusChange.objects.count() == 1


def test_publish_due_runs_hooks_after_commit(
    make_article, now, public_changes, django_capture_on_commit_callbacks
):
    article = make_article(status=Status.SCHEDULED, publish_at=now - timedelta(minutes=1))
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        services.article_publish_due(now=now)
    assert public_changes == []
    for callback in callbacks:
        callback()
    assert public_changes == [article.pk]
