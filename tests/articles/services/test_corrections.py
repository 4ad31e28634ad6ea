"""Corrections (service, admin, public page) and the editor's "substantive update" mark."""

from datetime import timedelta

import pytest
from django.contrib.messages import get_messages
from django.utils import timezone

from articles import services
from articles.exceptions import InvalidTransition, TransitionNotPermitted
from articles.models import Article, Byline, Correction, CorrectionKind, Status
from articles.signals import article_changed_publicly
from tests.articles.admin.test_workflow import admin_url, article_form_data, login


@pytest.mark.parametrize(
    ("role", "allowed"),
    [("anonymous", False), ("reporter", False), ("editor", True), ("chief", True)],
)
def test_who_may_add_a_correction(role, allowed, staff, make_article, now):
    article = make_article(status=Status.PUBLISHED, created_by=staff["reporter"])
    add = lambda: services.article_add_correction(  # noqa: E731
        article=article, actor=staff[role], kind=CorrectionKind.CORRECTION, text="تصحيح", now=now
    )
    if allowed:
        correction = add()
        assert (correction.kind, correction.text, correction.created_at) == (
            CorrectionKind.CORRECTION,
            "تصحيح",
            now,
        )
        assert correction.created_by == staff[role]
    else:
        with pytest.raises(TransitionNotPermitted):
            add()
        assert not Correction.objects.exists()


@pytest.mark.parametrize("status", [Status.DRAFT, Status.IN_REVIEW, Status.ARCHIVED])
def test_correction_only_on_a_published_article(status, staff, make_article):
    article = make_article(status=status)
    with pytest.raises(InvalidTransition):
        services.article_add_correction(
            article=article, actor=staff["editor"], kind=CorrectionKind.CLARIFICATION, text="x"
        )
    assert not Correction.objects.exists()


def test_correction_needs_text_and_a_known_kind(staff, make_article):
    article = make_article()
    for kind, text in [(CorrectionKind.CORRECTION, "  "), ("rumour", "نص")]:
        with pytest.raises(InvalidTransition):
            services.article_add_correction(
                article=article, actor=staff["editor"], kind=kind, text=text
            )
    assert not Correction.objects.exists()


def test_correction_runs_public_hooks_after_commit(
    staff, make_article, django_capture_on_commit_callbacks
):
    article = make_article()
    seen = []

    def receiver(sender, article, **kwargs):
        seen.append(article.pk)

    article_changed_publicly.connect(receiver)
    try:
        with django_capture_on_commit_callbacks(execute=False) as callbacks:
            services.article_add_correction(
                article=article,
                actor=staff["editor"],
                kind=CorrectionKind.RIGHT_OF_REPLY,
                text="رد",
            )
        assert seen == []
        for callback in callbacks:
            callback()
    finally:
        article_changed_publicly.disconnect(receiver)
    assert seen == [article.pk]


def test_public_page_shows_corrections_with_their_time_escaped(client, staff, make_article, now):
    article = make_article()
    services.article_add_correction(
        article=article,
        actor=staff["editor"],
        kind=CorrectionKind.RIGHT_OF_REPLY,
        text="رد السيد <script>alert(1)</script>",
        now=now,
    )
    content = client.get(article.get_absolute_url()).content.decode()
    assert "حق الرد" in content
    assert "&lt;script&gt;" in content
    assert "<script>alert(1)" not in content
    local = timezone.localtime(now)
    # HTML's machine-readable time: seconds and a +hhmm offset (no microseconds).
    assert f'datetime="{local.strftime("%Y-%m-%dT%H:%M:%S%z")}"' in content


def test_public_page_without_corrections_has_no_corrections_section(client, make_article):
    content = client.get(make_article().get_absolute_url()).content.decode()
    assert 'class="corrections"' not in content


def test_editor_adds_a_correction_from_the_change_page(client, staff, make_article):
    article = make_article()
    response = login(client, staff, "editor").post(
        admin_url("articles_article_workflow", article.pk, "correct"),
        {"kind": CorrectionKind.CLARIFICATION, "text": "توضيح من التحرير"},
    )
    assert [m.level_tag for m in get_messages(response.wsgi_request)] == ["success"]
    assert Correction.objects.get(article=article).text == "توضيح من التحرير"
    page = client.get(admin_url("articles_article_change", article.pk)).content.decode()
    assert "توضيح من التحرير" in page


def test_reporter_cannot_add_a_correction_through_the_admin(client, staff, make_article):
    article = make_article(created_by=staff["reporter"])
    login(client, staff, "reporter").post(
        admin_url("articles_article_workflow", article.pk, "correct"),
        {"kind": CorrectionKind.CORRECTION, "text": "تصحيح"},
    )
    assert not Correction.objects.exists()


# Substantive update: sets "updated" for readers; a typo fix does not.


def edit(client, article, **overrides):
    byline = Byline.objects.get(article=article)
    data = article_form_data(
        article.section,
        byline.author,
        **{"bylines-INITIAL_FORMS": "1", "bylines-0-id": byline.pk},
        **overrides,
    )
    return client.post(admin_url("articles_article_change", article.pk), data)


def test_substantive_update_sets_updated_time(client, staff, make_article):
    article = make_article()
    response = edit(login(client, staff, "editor"), article, substantive_update="on")
    assert response.status_code == 302
    stored = Article.objects.get(pk=article.pk)
    assert stored.updated_at is not None
    assert stored.updated_at > stored.publish_at
    page = client.get(stored.get_absolute_url()).content.decode()
    updated = timezone.localtime(stored.updated_at).strftime("%Y-%m-%dT%H:%M:%S%z")
    assert f'datetime="{updated}"' in page


def test_typo_fix_leaves_updated_time_alone(client, staff, make_article):
    article = make_article()
    response = edit(login(client, staff, "editor"), article, headline="عنوان بلا خطأ")
    assert response.status_code == 302
    stored = Article.objects.get(pk=article.pk)
    assert stored.headline == "عنوان بلا خطأ"
    assert stored.updated_at is None


def test_reporter_cannot_mark_an_update_even_by_posting_the_box(client, staff, make_article):
    article = make_article(status=Status.DRAFT, created_by=staff["reporter"])
    response = edit(login(client, staff, "reporter"), article, substantive_update="on")
    assert response.status_code == 302
    assert Article.objects.get(pk=article.pk).updated_at is None


def test_update_box_is_offered_to_editors_on_published_articles_only(
    client, staff, make_article, now
):
    client = login(client, staff, "editor")
    published = make_article()
    scheduled = make_article(status=Status.SCHEDULED, publish_at=now + timedelta(hours=1))
    page = client.get(admin_url("articles_article_change", published.pk)).content.decode()
    assert 'name="substantive_update"' in page
    page = client.get(admin_url("articles_article_change", scheduled.pk)).content.decode()
    assert 'name="substantive_update"' not in page


def test_saving_a_public_article_runs_public_hooks_after_commit(
    client, staff, make_article, django_capture_on_commit_callbacks
):
    article = make_article()
    seen = []

    def receiver(sender, article, **kwargs):
        seen.append(article.pk)

    article_changed_publicly.connect(receiver)
    try:
        with django_capture_on_commit_callbacks(execute=True):
            edit(login(client, staff, "editor"), article, headline="عنوان جديد")
    finally:
        article_changed_publicly.disconnect(receiver)
    assert seen == [article.pk]
