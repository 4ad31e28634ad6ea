"""Each side door through which an article used to be written past the workflow and content
services (issue 13). Every test here uses only calls that existed before, so it shows the old
behaviour failing: the admin's delete and expiry, the revision restore, the scheduler."""

from datetime import timedelta

import pytest
from django.utils import timezone

from articles import services
from articles.models import Article, Byline, Revision, Status, StatusChange, SystemActor
from articles.services.revisions import article_restore_revision, revision_create
from articles.signals import article_changed_publicly
from tests.articles.admin.test_conflicts import form_data
from tests.articles.admin.test_workflow import admin_url
from tests.articles.images.conftest import make_image as make_image_fixture
from tests.sign_in import sign_in

make_image = make_image_fixture  # the library's picture fixture, used by the restore test


@pytest.fixture
def public_changes():
    """The article ids `article_changed_publicly` ran for."""
    seen = []

    def receiver(sender, article, **kwargs):
        seen.append(article.pk)

    article_changed_publicly.connect(receiver)
    yield seen
    article_changed_publicly.disconnect(receiver)


def test_an_expiry_set_through_the_form_purges_the_article_s_pages(
    client, staff, make_article, public_changes, django_capture_on_commit_callbacks
):
    article = make_article(publish_at=timezone.now() - timedelta(days=2))
    sign_in(client, staff["editor"])
    expiry = timezone.localtime() - timedelta(hours=1)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            admin_url("articles_article_change", article.pk),
            form_data(
                article,
                1,
                headline=article.headline,
                expires_at_0=expiry.strftime("%Y-%m-%d"),
                expires_at_1=expiry.strftime("%H:%M:%S"),
            ),
        )
    assert response.status_code == 302
    stored = Article.objects.get(pk=article.pk)
    assert stored.expires_at is not None and not stored.is_public()
    # Readers saw it until now: its pages must go.
    assert public_changes == [article.pk]


def test_deleting_an_article_in_the_admin_keeps_it_and_its_trail(admin_client, staff, make_article):
    """Even a superuser does not delete an article (before, one whose trail held revisions
    only, an imported article edited since, went with its revisions)."""
    article = make_article(status=Status.PUBLISHED)
    revision_create(article=article, actor=staff["editor"])
    response = admin_client.post(admin_url("articles_article_delete", article.pk), {"post": "yes"})
    assert response.status_code == 302
    assert Article.objects.filter(pk=article.pk).exists()
    assert Revision.objects.filter(article=article).exists()
    # Nor in bulk.
    listing = admin_client.get(admin_url("articles_article_changelist"))
    actions = {name for name, _label in listing.context["action_form"].fields["action"].choices}
    assert "delete_selected" not in actions
    admin_client.post(
        admin_url("articles_article_changelist"),
        {"action": "delete_selected", "_selected_action": [article.pk], "post": "yes"},
    )
    assert Article.objects.filter(pk=article.pk).exists()


# Revisions and restore.


def test_a_restore_brings_back_the_lead_image_its_caption_bylines_tags_and_section(
    staff, make_article, make_author, make_section, make_tag, make_image
):
    first_image, second_image = make_image(), make_image()
    first_authors = [make_author(), make_author()]
    first_tags = [make_tag(), make_tag()]
    article = make_article(
        status=Status.DRAFT, authors=first_authors, tags=first_tags, lead_image=first_image
    )
    first_section = article.section
    editor = staff["editor"]
    Article.objects.filter(pk=article.pk).update(lead_image_caption="تعليق الصورة الأول")
    first = revision_create(article=article, actor=editor)
    # Everything changed since (written here directly: this test is about the restore).
    Article.objects.filter(pk=article.pk).update(
        lead_image=second_image, lead_image_caption="تعليق آخر", section=make_section()
    )
    Byline.objects.filter(article=article).delete()
    Byline.objects.create(article=article, author=make_author(), position=0)
    article.tags.set([make_tag()])
    revision_create(article=article, actor=editor)

    article_restore_revision(article=article, revision=first, actor=editor)

    stored = Article.objects.get(pk=article.pk)
    assert stored.lead_image_id == first_image.pk
    assert stored.lead_image_caption == "تعليق الصورة الأول"
    assert [b.author_id for b in stored.bylines.all()] == [a.pk for a in first_authors]
    assert set(stored.tags.values_list("pk", flat=True)) == {t.pk for t in first_tags}
    assert stored.section_id == first_section.pk
    assert stored.version == 2
    assert Revision.objects.filter(article=article).count() == 3


# The scheduler.


def test_the_scheduler_names_itself_in_the_audit_rows(make_article):
    now = timezone.now()
    due = make_article(status=Status.SCHEDULED, publish_at=now - timedelta(minutes=1))
    expired = make_article(
        status=Status.PUBLISHED,
        publish_at=now - timedelta(days=1),
        expires_at=now - timedelta(minutes=1),
    )
    assert services.article_publish_due(now=now) == 2
    for article, target in ((due, Status.PUBLISHED), (expired, Status.ARCHIVED)):
        row = StatusChange.objects.get(article=article)
        assert (row.to_status, row.actor, row.system_actor) == (
            target,
            None,
            SystemActor.SCHEDULER,
        )
        assert row.done_by == SystemActor.SCHEDULER.label
