"""articles/services/comments.py: the setting rules, moderation, replies, audit and purges."""

from datetime import timedelta

import pytest
from django.utils import timezone

from articles.exceptions import CommentNotPermitted, CommentRefused
from articles.models import (
    Comment,
    CommentAction,
    CommentModeration,
    CommentPolicy,
    CommentStatus,
    Status,
    SystemActor,
)
from articles.services import (
    comment_approve,
    comment_delete,
    comment_mark_spam,
    comment_reject,
    comment_reply,
    comment_submit,
    comments_forget_reader,
)
from articles.services.comments import address_hash
from articles.signals import comment_changed_publicly


def submit(article, **fields):
    fields.setdefault("name", "قارئ من فاس")
    fields.setdefault("body", "تعليق هادئ على الخبر.")
    fields.setdefault("form_seconds", 30)
    return comment_submit(article=article, **fields)


@pytest.fixture
def heard():
    """The article ids announced by comment_changed_publicly."""
    ids = []

    def receiver(sender, article_id, **kwargs):
        ids.append(article_id)

    comment_changed_publicly.connect(receiver)
    yield ids
    comment_changed_publicly.disconnect(receiver)


# The setting rules.


def test_with_comments_off_nothing_is_accepted_nor_stored(make_article, site_settings):
    article = make_article(comment_policy=CommentPolicy.OPEN)
    with pytest.raises(CommentRefused) as refused:
        submit(article)
    assert refused.value.http_status == 404
    assert str(refused.value) == "التعليقات مغلقة."
    assert Comment.objects.count() == 0


@pytest.mark.parametrize("policy", [CommentPolicy.CLOSED, CommentPolicy.HIDDEN])
def test_a_closed_or_hidden_article_takes_no_comment(make_article, comments_on, policy):
    article = make_article(comment_policy=policy)
    with pytest.raises(CommentRefused) as refused:
        submit(article)
    assert refused.value.http_status == 403
    assert Comment.objects.count() == 0


@pytest.mark.parametrize("policy", [CommentPolicy.SITE_DEFAULT, CommentPolicy.OPEN])
def test_an_open_article_takes_a_comment_pending_moderation(make_article, comments_on, policy):
    article = make_article(comment_policy=policy)
    comment = submit(article, email="Reader@Example.ma", ip_address="203.0.113.9")
    assert comment.status == CommentStatus.PENDING
    assert comment.email == "reader@example.ma"
    assert comment.address_hash == address_hash("203.0.113.9")
    assert "203.0.113.9" not in comment.address_hash
    assert comment.moderations.get().action == CommentAction.SUBMIT


def test_comments_close_after_the_sites_number_of_days(
    make_article, comments_on, change_site_settings
):
    now = timezone.now()
    old = make_article(publish_at=now - timedelta(days=14, minutes=1))
    recent = make_article(publish_at=now - timedelta(days=13))
    with pytest.raises(CommentRefused) as refused:
        submit(old)
    assert refused.value.http_status == 403
    assert submit(recent).pk
    change_site_settings(comments_auto_close_days=0)  # 0: never closes by age
    assert submit(old, body="تعليق على مقال قديم").pk


def test_an_unpublished_article_takes_no_comment(make_article, comments_on):
    draft = make_article(status=Status.DRAFT)
    with pytest.raises(CommentRefused) as refused:
        submit(draft)
    assert refused.value.http_status == 404


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"name": "  "}, "اكتب اسمك."),
        ({"body": "\n \n"}, "اكتب تعليقك."),
        ({"body": "ب" * 3001}, "يجب ألا يتجاوز النص 3000 حرفا."),
        ({"email": "not-an-address"}, "عنوان البريد الإلكتروني غير صالح."),
    ],
)
def test_an_incomplete_comment_is_refused(make_article, comments_on, fields, message):
    with pytest.raises(CommentRefused) as refused:
        submit(make_article(), **fields)
    assert refused.value.http_status == 400
    assert str(refused.value) == message
    assert Comment.objects.count() == 0


def test_the_body_is_kept_as_plain_text(make_article, comments_on):
    comment = submit(make_article(), body="<b>عريض</b>\r\nسطر\x00 ثان")
    assert comment.body == "<b>عريض</b>\nسطر ثان"


def test_a_reply_to_a_reply_goes_under_its_top_level_comment(
    make_article, comments_on, make_comment
):
    article = make_article()
    top = make_comment(article)
    reply = make_comment(article, parent=top)
    answer = submit(article, parent=reply)
    assert answer.parent_id == top.pk


def test_a_reader_cannot_answer_a_pending_comment(make_article, comments_on, make_comment):
    article = make_article()
    pending = make_comment(article, status=CommentStatus.PENDING)
    with pytest.raises(CommentRefused):
        submit(article, parent=pending)


def test_the_trusted_commenter_rule_is_off_by_default(make_article, comments_on, make_comment):
    article = make_article()
    for _ in range(3):
        make_comment(article, email="fidele@example.ma")
    assert submit(article, email="fidele@example.ma").status == CommentStatus.PENDING


def test_a_trusted_commenter_is_published_at_once_and_the_page_purged(
    make_article, make_comment, change_site_settings, heard, django_capture_on_commit_callbacks
):
    change_site_settings(comments_enabled=True, comments_trusted_threshold=2)
    article = make_article()
    make_comment(article, email="fidele@example.ma")
    with django_capture_on_commit_callbacks(execute=True):
        assert submit(article, email="fidele@example.ma").status == CommentStatus.PENDING
    assert heard == []
    make_comment(article, email="fidele@example.ma")
    with django_capture_on_commit_callbacks(execute=True):
        comment = submit(article, email="FIDELE@example.ma", body="تعليق ثان")
    assert comment.status == CommentStatus.APPROVED
    assert heard == [article.pk]


# Moderation: editors and the editor-in-chief, not reporters.

MODERATORS = [("anonymous", False), ("reporter", False), ("editor", True), ("chief", True)]


@pytest.mark.parametrize(("role", "allowed"), MODERATORS)
@pytest.mark.parametrize(
    ("service", "status"),
    [
        (comment_approve, CommentStatus.APPROVED),
        (comment_reject, CommentStatus.REJECTED),
        (comment_mark_spam, CommentStatus.SPAM),
    ],
)
def test_only_editors_moderate(make_article, make_comment, staff, role, allowed, service, status):
    comment = make_comment(make_article(), status=CommentStatus.PENDING)
    if not allowed:
        with pytest.raises(CommentNotPermitted):
            service(comment=comment, actor=staff[role])
        comment.refresh_from_db()
        assert comment.status == CommentStatus.PENDING
        assert not CommentModeration.objects.exists()
        return
    service(comment=comment, actor=staff[role])
    comment.refresh_from_db()
    assert comment.status == status
    assert comment.moderated_by == staff[role]
    audit = CommentModeration.objects.get()
    assert (audit.comment, audit.actor) == (comment, staff[role])


def test_approving_and_hiding_purge_the_article_page_after_the_commit(
    make_article, make_comment, staff, heard, django_capture_on_commit_callbacks
):
    article = make_article()
    comment = make_comment(article, status=CommentStatus.PENDING)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        comment_approve(comment=comment, actor=staff["editor"])
    assert heard == []
    for callback in callbacks:
        callback()
    assert heard == [article.pk]
    with django_capture_on_commit_callbacks(execute=True):
        comment_mark_spam(comment=comment, actor=staff["editor"])
    assert heard == [article.pk, article.pk]


def test_rejecting_a_pending_comment_purges_nothing(
    make_article, make_comment, staff, heard, django_capture_on_commit_callbacks
):
    comment = make_comment(make_article(), status=CommentStatus.PENDING)
    with django_capture_on_commit_callbacks(execute=True):
        comment_reject(comment=comment, actor=staff["editor"])
    assert heard == []


def test_the_purge_reaches_the_page_cache_with_the_article_key(make_article, monkeypatch):
    from articles.signals import send_comment_changed_publicly
    from newsroom.http import purge

    article = make_article()
    purged = []
    monkeypatch.setattr(purge, "purge", purged.append)
    send_comment_changed_publicly(article.pk)
    assert purged == [[f"article-{article.pk}"]]


@pytest.mark.parametrize(("role", "allowed"), MODERATORS)
def test_editors_reply_as_the_newspaper_one_level_deep(
    make_article, make_comment, staff, site_settings, role, allowed
):
    article = make_article()
    top = make_comment(article, status=CommentStatus.PENDING)
    reader_reply = make_comment(article, parent=top)
    if not allowed:
        with pytest.raises(CommentNotPermitted):
            comment_reply(parent=reader_reply, actor=staff[role], body="شكرا")
        assert Comment.objects.count() == 2
        return
    reply = comment_reply(parent=reader_reply, actor=staff[role], body="شكرا على الملاحظة.")
    assert reply.parent == top
    assert reply.by_newspaper and reply.status == CommentStatus.APPROVED
    assert reply.name == site_settings.name
    top.refresh_from_db()
    assert top.status == CommentStatus.APPROVED  # approved with the answer
    assert set(CommentModeration.objects.values_list("action", flat=True)) == {
        CommentAction.APPROVE,
        CommentAction.REPLY,
    }


@pytest.mark.parametrize(
    ("role", "allowed"),
    [("anonymous", False), ("reporter", False), ("editor", False), ("chief", True)],
)
def test_only_the_editor_in_chief_deletes(make_article, make_comment, staff, role, allowed):
    article = make_article()
    comment = make_comment(article)
    make_comment(article, parent=comment)
    if not allowed:
        with pytest.raises(CommentNotPermitted):
            comment_delete(comment=comment, actor=staff[role])
        assert Comment.objects.count() == 2
        return
    assert comment_delete(comment=comment, actor=staff[role]) == 2
    assert not Comment.objects.exists()
    audit = CommentModeration.objects.get(action=CommentAction.DELETE)
    assert audit.article == article and audit.actor == staff["chief"]


def test_a_readers_comments_are_found_and_deleted_by_email(
    make_article, make_comment, staff, heard, django_capture_on_commit_callbacks
):
    first, second = make_article(), make_article()
    make_comment(first, email="amina@example.ma")
    make_comment(second, email="Amina@Example.ma", status=CommentStatus.PENDING)
    kept = make_comment(first, email="other@example.ma")
    with pytest.raises(CommentNotPermitted):
        comments_forget_reader(email="amina@example.ma", actor=staff["editor"])
    with django_capture_on_commit_callbacks(execute=True):
        count = comments_forget_reader(email="amina@example.ma", actor=SystemActor.FORGET_COMMENTER)
    assert count == 2
    assert list(Comment.objects.all()) == [kept]
    assert heard == [first.pk]  # the pending one was on no page
    notes = CommentModeration.objects.filter(action=CommentAction.FORGET)
    assert notes.count() == 2
    assert not any("amina" in note.note for note in notes)


def test_existing_comments_stay_visible_unless_hidden(make_article, site_settings):
    assert make_article().comments_visible()
    assert not make_article(comment_policy=CommentPolicy.HIDDEN).comments_visible()


def test_no_moderation_note_keeps_a_forgotten_readers_name(make_article, make_comment, staff):
    """A comment deleted from the queue, then its reader asks to be forgotten: the audit trail
    says which comment (its id), never whose."""
    article = make_article()
    deleted = make_comment(article, name="ليلى البناني", email="leila@example.ma")
    make_comment(article, name="ليلى البناني", email="leila@example.ma")
    deleted_id = deleted.pk
    comment_delete(comment=deleted, actor=staff["chief"])
    comments_forget_reader(email="leila@example.ma", actor=SystemActor.FORGET_COMMENTER)
    notes = list(CommentModeration.objects.values_list("note", flat=True))
    assert notes and not any("ليلى" in note or "leila" in note for note in notes)
    assert str(deleted_id) in CommentModeration.objects.get(action=CommentAction.DELETE).note


def test_forgetting_a_reader_keeps_other_readers_replies_at_the_top_level(
    make_article, make_comment, staff
):
    article = make_article()
    forgotten = make_comment(article, email="leila@example.ma", body="تعليق ليلى")
    other_reply = make_comment(
        article, parent=forgotten, email="omar@example.ma", body="رد عمر على ليلى"
    )
    anonymous_reply = make_comment(article, parent=forgotten, body="رد قارئ بلا بريد")
    make_comment(article, parent=forgotten, by_newspaper=True, body="رد الجريدة على ليلى")
    own_reply = make_comment(
        article, parent=other_reply.parent, email="LEILA@example.ma", body="ليلى ترد"
    )
    count = comments_forget_reader(email="leila@example.ma", actor=SystemActor.FORGET_COMMENTER)
    assert count == 3  # her two comments and the newspaper's reply to her
    left = {c.body: c.parent_id for c in Comment.objects.all()}
    assert left == {other_reply.body: None, anonymous_reply.body: None}
    assert not Comment.objects.filter(pk=own_reply.pk).exists()
