"""Scheduled updates (articles/services/scheduled_updates.py): prepared by editors who publish,
live at their time through the content service, whether or not any process ran."""

import re
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from articles.exceptions import InvalidTransition, TransitionNotPermitted
from articles.models import (
    Article,
    Revision,
    ScheduledUpdate,
    ScheduledUpdateState,
    Status,
    StatusChange,
    SystemActor,
)
from articles.services.content import article_update_content
from articles.services.scheduled_updates import (
    scheduled_update_apply,
    scheduled_update_cancel,
    scheduled_update_create,
    scheduled_update_edit,
    scheduled_updates_apply_due,
)
from articles.signals import article_changed_publicly


def prepare(article, actor, *, minutes=30, now=None, **changes):
    changes = changes or {"headline": "العنوان المحدث في التاسعة"}
    now = now or timezone.now()
    return scheduled_update_create(
        article=article,
        actor=actor,
        changes=changes,
        go_live_at=now + timedelta(minutes=minutes),
        now=now,
    )


def names(update, note):
    """The note names the update by its number (in any language)."""
    return re.search(rf"(?<!\d){update.pk}(?!\d)", note) is not None


def make_due(update, seconds_ago=1):
    """The update's time has come (set directly: the service accepts only future times)."""
    ScheduledUpdate.objects.filter(pk=update.pk).update(
        go_live_at=timezone.now() - timedelta(seconds=seconds_ago)
    )
    update.refresh_from_db()
    return update


@pytest.mark.parametrize(
    ("role", "allowed"),
    [("reporter", False), ("editor", True), ("chief", True)],
)
def test_only_editors_who_publish_may_schedule_an_update(role, allowed, staff, make_article):
    article = make_article()
    if allowed:
        update = prepare(article, staff[role])
        assert update.state == ScheduledUpdateState.PENDING
        assert update.created_by == staff[role]
    else:
        with pytest.raises(TransitionNotPermitted):
            prepare(article, staff[role])
        assert not ScheduledUpdate.objects.exists()


def test_anonymous_may_not_schedule(staff, make_article):
    with pytest.raises(TransitionNotPermitted):
        prepare(make_article(), staff["anonymous"])


def test_scheduling_keeps_the_article_as_it_is_and_is_audited(staff, make_article):
    article = make_article(headline="العنوان الأول")
    update = prepare(
        article, staff["editor"], headline="العنوان المحدث في التاسعة", standfirst="تقديم جديد"
    )
    article.refresh_from_db()
    assert article.headline == "العنوان الأول"
    assert article.version == 1
    # Only the fields that differ are kept, with their value before and after.
    assert set(update.changes) == {"headline", "standfirst"}
    assert update.changes["headline"] == {
        "before": "العنوان الأول",
        "after": "العنوان المحدث في التاسعة",
    }
    audit = StatusChange.objects.filter(article=article).latest("id")
    assert audit.actor == staff["editor"]
    assert names(update, audit.note)


def test_only_a_published_article_takes_scheduled_updates(staff, make_article):
    draft = make_article(status=Status.DRAFT)
    with pytest.raises(InvalidTransition):
        prepare(draft, staff["editor"])


def test_the_time_must_be_in_the_future_and_something_must_change(staff, make_article):
    article = make_article(headline="كما هو")
    with pytest.raises(InvalidTransition):
        prepare(article, staff["editor"], minutes=-1)
    with pytest.raises(InvalidTransition):
        prepare(article, staff["editor"], headline="كما هو")
    assert not ScheduledUpdate.objects.exists()


def test_an_update_goes_live_through_the_content_service(
    staff, make_article, django_capture_on_commit_callbacks
):
    article = make_article(headline="قبل")
    update = make_due(prepare(article, staff["editor"], body="<p>متن جديد<script>x</script></p>"))
    sent = []

    def receiver(sender, article, **kwargs):
        sent.append(article.pk)

    article_changed_publicly.connect(receiver)
    try:
        with django_capture_on_commit_callbacks(execute=True):
            result = scheduled_updates_apply_due()
    finally:
        article_changed_publicly.disconnect(receiver)
    assert result.applied == 1
    assert sent == [article.pk]  # the caches are purged after commit
    article.refresh_from_db()
    assert article.body == "<p>متن جديد</p>"  # sanitised when prepared
    assert article.version == 2
    revision = Revision.objects.filter(article=article).latest("number")
    assert revision.system_actor == SystemActor.SCHEDULER
    assert names(update, revision.note)
    audit = StatusChange.objects.filter(article=article).latest("id")
    assert audit.system_actor == SystemActor.SCHEDULER
    update.refresh_from_db()
    assert update.state == ScheduledUpdateState.APPLIED
    assert update.closed_at is not None


def test_a_pending_update_is_not_applied_before_its_time(staff, make_article):
    article = make_article(headline="قبل")
    prepare(article, staff["editor"])
    assert scheduled_updates_apply_due().applied == 0
    article.refresh_from_db()
    assert article.headline == "قبل"


def test_applying_twice_writes_once(staff, make_article):
    article = make_article()
    update = make_due(prepare(article, staff["editor"]))
    assert scheduled_update_apply(update=update) == ScheduledUpdateState.APPLIED
    # A second request (or the scheduler) finds it applied: nothing more is written.
    assert scheduled_update_apply(update=ScheduledUpdate.objects.get(pk=update.pk)) is None
    assert scheduled_updates_apply_due().applied == 0
    article.refresh_from_db()
    assert article.version == 2
    assert Revision.objects.filter(article=article).count() == 1


def test_a_substantive_update_shows_updated_at_its_own_time(staff, make_article):
    article = make_article()
    now = timezone.now()
    update = scheduled_update_create(
        article=article,
        actor=staff["editor"],
        changes={"headline": "جديد"},
        go_live_at=now + timedelta(minutes=5),
        substantive=True,
        now=now,
    )
    make_due(update, seconds_ago=30)
    scheduled_updates_apply_due()
    article.refresh_from_db()
    assert article.updated_at == update.go_live_at


def test_a_later_edit_of_other_fields_is_kept(staff, make_article):
    article = make_article(headline="قبل", standfirst="تقديم")
    update = make_due(prepare(article, staff["editor"]))
    article_update_content(article=article, actor=staff["chief"], changes={"standfirst": "أحدث"})
    assert scheduled_update_apply(update=update) == ScheduledUpdateState.APPLIED
    article.refresh_from_db()
    assert (article.headline, article.standfirst) == ("العنوان المحدث في التاسعة", "أحدث")


def test_a_later_edit_of_the_same_field_is_not_overwritten_but_flagged(staff, make_article):
    article = make_article(headline="قبل")
    update = make_due(prepare(article, staff["editor"]))
    article_update_content(
        article=article, actor=staff["chief"], changes={"headline": "تصحيح عاجل"}
    )
    assert scheduled_update_apply(update=update) == ScheduledUpdateState.CONFLICT
    article.refresh_from_db()
    assert article.headline == "تصحيح عاجل"
    update.refresh_from_db()
    assert update.state == ScheduledUpdateState.CONFLICT
    assert update.note
    audit = StatusChange.objects.filter(article=article).latest("id")
    assert audit.system_actor == SystemActor.SCHEDULER and names(update, audit.note)


def test_an_update_of_an_article_taken_down_since_is_not_applied(staff, make_article):
    article = make_article(headline="قبل")
    update = make_due(prepare(article, staff["editor"]))
    Article.objects.filter(pk=article.pk).update(status=Status.ARCHIVED)
    assert scheduled_update_apply(update=update) == ScheduledUpdateState.CONFLICT
    assert Article.objects.get(pk=article.pk).headline == "قبل"


@pytest.mark.parametrize("loses", ["deactivated", "moved to reporters"])
def test_an_update_whose_preparer_may_no_longer_schedule_is_not_applied(
    loses, staff, make_article, make_staff_user
):
    preparer = make_staff_user(role="editor", username="editor-who-leaves")
    article = make_article(headline="قبل")
    update = make_due(prepare(article, preparer))
    if loses == "deactivated":
        preparer.is_active = False
        preparer.save()
    else:
        preparer.groups.set(make_staff_user(role="reporter", username="a-reporter").groups.all())
    assert scheduled_update_apply(update=update) == ScheduledUpdateState.CONFLICT
    update.refresh_from_db()
    assert "schedule" in update.note or "جدولة" in update.note
    assert Article.objects.get(pk=article.pk).headline == "قبل"


def test_tags_section_and_bylines_can_be_scheduled(
    staff, make_article, make_tag, make_section, make_author
):
    article = make_article()
    tag, section, author = make_tag(), make_section(), make_author()
    update = make_due(
        prepare(article, staff["editor"], tags=[tag], section=section, authors=[author])
    )
    scheduled_update_apply(update=update)
    article.refresh_from_db()
    assert list(article.tags.all()) == [tag]
    assert article.section == section
    assert [b.author for b in article.bylines.all()] == [author]


def test_an_update_can_be_edited_and_cancelled_before_its_time(staff, make_article):
    article = make_article()
    update = prepare(article, staff["editor"])
    later = timezone.now() + timedelta(hours=2)
    scheduled_update_edit(update=update, actor=staff["chief"], go_live_at=later)
    assert ScheduledUpdate.objects.get(pk=update.pk).go_live_at == later
    with pytest.raises(TransitionNotPermitted):
        scheduled_update_cancel(update=update, actor=staff["reporter"])
    scheduled_update_cancel(update=update, actor=staff["editor"])
    update.refresh_from_db()
    assert update.state == ScheduledUpdateState.CANCELLED
    assert update.closed_by == staff["editor"]
    notes = list(StatusChange.objects.filter(article=article).values_list("note", flat=True))
    assert sum(names(update, note) for note in notes) == 3  # prepared, changed, cancelled
    # Cancelled: it never goes live, and cannot be cancelled or edited again.
    make_due(update)
    assert scheduled_updates_apply_due().applied == 0
    with pytest.raises(InvalidTransition):
        scheduled_update_cancel(update=update, actor=staff["editor"])
    with pytest.raises(InvalidTransition):
        scheduled_update_edit(update=update, actor=staff["editor"], go_live_at=later)


def test_the_scheduler_command_applies_due_updates(staff, make_article, capsys):
    article = make_article(headline="قبل")
    make_due(prepare(article, staff["editor"]))
    call_command("publish_scheduled_articles")
    assert Article.objects.get(pk=article.pk).headline == "العنوان المحدث في التاسعة"


def test_the_scheduler_dry_run_lists_due_updates_and_changes_nothing(staff, make_article, capsys):
    article = make_article(headline="قبل")
    update = make_due(prepare(article, staff["editor"]))
    call_command("publish_scheduled_articles", "--dry-run")
    assert str(update.pk) in capsys.readouterr().out
    assert Article.objects.get(pk=article.pk).headline == "قبل"
