"""The moderation queue in the admin: who sees it, what the buttons and bulk actions do."""

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.urls import reverse

from articles.models import Comment, CommentAction, CommentModeration, CommentStatus
from tests.sign_in import sign_in

QUEUE = "admin:articles_comment_changelist"


def queue_url(**params):
    url = reverse(QUEUE)
    if params:
        url += "?" + "&".join(f"{key}={value}" for key, value in params.items())
    return url


@pytest.mark.parametrize(("role", "status"), [("reporter", 403), ("editor", 200), ("chief", 200)])
def test_editors_and_the_chief_see_the_queue_reporters_do_not(client, staff, role, status):
    sign_in(client, staff[role])
    assert client.get(queue_url()).status_code == status


def test_anonymous_visitors_are_sent_to_sign_in(client, db):
    response = client.get(queue_url())
    assert response.status_code == 302
    assert "login" in response["Location"]


def test_the_queue_opens_on_pending_comments_with_counts(client, staff, make_article, make_comment):
    article = make_article()
    make_comment(article, body="ينتظر دوره", status=CommentStatus.PENDING)
    make_comment(article, body="منشور من قبل", status=CommentStatus.APPROVED)
    make_comment(article, body="مزعج جدا", status=CommentStatus.SPAM)
    sign_in(client, staff["editor"])
    html = client.get(queue_url()).content.decode()
    assert "ينتظر دوره" in html
    assert "منشور من قبل" not in html and "مزعج جدا" not in html
    assert "في انتظار المراجعة (1)" in html and "رسالة مزعجة (1)" in html
    assert article.headline[:20] in html
    spam = client.get(queue_url(status="spam")).content.decode()
    assert "مزعج جدا" in spam and "ينتظر دوره" not in spam
    everything = client.get(queue_url(status="all")).content.decode()
    assert all(text in everything for text in ("ينتظر دوره", "منشور من قبل", "مزعج جدا"))


def run_action(client, action, comments):
    # From the list of every status, as an editor would after choosing "All".
    return client.post(
        queue_url(status="all"),
        {"action": action, ACTION_CHECKBOX_NAME: [c.pk for c in comments]},
    )


@pytest.mark.parametrize(
    ("action", "status"),
    [
        ("approve_selected", CommentStatus.APPROVED),
        ("reject_selected", CommentStatus.REJECTED),
        ("spam_selected", CommentStatus.SPAM),
    ],
)
def test_bulk_actions_go_through_the_services_and_are_audited(
    client, staff, make_article, make_comment, action, status
):
    article = make_article()
    comments = [make_comment(article, status=CommentStatus.PENDING) for _ in range(2)]
    sign_in(client, staff["editor"])
    response = run_action(client, action, comments)
    assert response.status_code == 302
    assert set(Comment.objects.values_list("status", flat=True)) == {status}
    assert CommentModeration.objects.filter(actor=staff["editor"]).count() == 2


def test_only_the_chief_is_offered_deleting(client, staff, make_article, make_comment):
    comment = make_comment(make_article())
    sign_in(client, staff["editor"])
    html = client.get(queue_url(status="all")).content.decode()
    assert "delete_selected_comments" not in html and "delete_selected" not in html
    run_action(client, "delete_selected_comments", [comment])
    assert Comment.objects.filter(pk=comment.pk).exists()
    sign_in(client, staff["chief"])
    assert "delete_selected_comments" in client.get(queue_url(status="all")).content.decode()
    run_action(client, "delete_selected_comments", [comment])
    assert not Comment.objects.filter(pk=comment.pk).exists()
    assert CommentModeration.objects.get(action=CommentAction.DELETE).actor == staff["chief"]


def test_the_change_page_shows_the_thread_buttons_and_reply_form(
    client, staff, make_article, make_comment
):
    article = make_article()
    top = make_comment(article, body="التعليق الأصلي")
    reply = make_comment(article, parent=top, body="رد قارئ", status=CommentStatus.PENDING)
    sign_in(client, staff["editor"])
    html = client.get(reverse("admin:articles_comment_change", args=[reply.pk])).content.decode()
    assert "التعليق الأصلي" in html and "رد قارئ" in html
    assert reverse("admin:articles_comment_moderate", args=[reply.pk, "approve"]) in html
    assert reverse("admin:articles_comment_reply", args=[reply.pk]) in html


def test_a_reporter_sees_no_comment_page(client, staff, make_article, make_comment):
    comment = make_comment(make_article(), status=CommentStatus.PENDING)
    sign_in(client, staff["reporter"])
    change = reverse("admin:articles_comment_change", args=[comment.pk])
    assert client.get(change).status_code == 403
    approve = reverse("admin:articles_comment_moderate", args=[comment.pk, "approve"])
    assert client.post(approve).status_code == 403
    comment.refresh_from_db()
    assert comment.status == CommentStatus.PENDING


def test_the_approve_button_publishes_and_the_reply_is_the_newspapers(
    client, staff, make_article, make_comment, site_settings
):
    comment = make_comment(make_article(), status=CommentStatus.PENDING)
    sign_in(client, staff["editor"])
    approve = reverse("admin:articles_comment_moderate", args=[comment.pk, "approve"])
    assert client.get(approve).status_code == 405
    assert client.post(approve).status_code == 302
    comment.refresh_from_db()
    assert comment.status == CommentStatus.APPROVED
    reply_url = reverse("admin:articles_comment_reply", args=[comment.pk])
    assert client.post(reply_url, {"body": "شكرا على ملاحظتك."}).status_code == 302
    reply = Comment.objects.get(by_newspaper=True)
    assert reply.parent == comment and reply.staff_author == staff["editor"]
    assert reply.name == site_settings.name


@pytest.mark.parametrize(("role", "status"), [("reporter", 403), ("editor", 200), ("chief", 200)])
def test_the_moderation_trail_is_readable_by_editors(client, staff, role, status):
    sign_in(client, staff[role])
    url = reverse("admin:articles_commentmoderation_changelist")
    assert client.get(url).status_code == status
