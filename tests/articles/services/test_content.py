"""articles/services/content.py: the one write path for an article's content, and the side
doors that now go through it (admin save and delete, revision restore, the scheduler)."""

import pytest
from django.utils import timezone

from articles import services
from articles.exceptions import StaleVersion, TransitionNotPermitted
from articles.models import Article, Revision, Status, StatusChange
from articles.signals import article_changed_publicly
from authors.models import Author
from newsroom.http.surrogate_keys import list_key
from tests.articles.admin.test_conflicts import form_data
from tests.articles.admin.test_workflow import admin_url, article_form_data
from tests.sign_in import sign_in


@pytest.fixture
def public_changes():
    """The article ids `article_changed_publicly` ran for."""
    seen = []

    def receiver(sender, article, **kwargs):
        seen.append(article.pk)

    article_changed_publicly.connect(receiver)
    yield seen
    article_changed_publicly.disconnect(receiver)


@pytest.fixture
def purged(monkeypatch):
    """Every surrogate key the page cache was asked to purge (the real purge still runs)."""
    from newsroom.http import purge

    keys = []
    real = purge.purge

    def recording(some_keys):
        keys.extend(some_keys)
        real(some_keys)

    monkeypatch.setattr(purge, "purge", recording)
    return keys


def test_a_change_bumps_the_version_writes_a_revision_and_keeps_the_search_text(
    staff, make_article
):
    article = make_article(status=Status.DRAFT)
    done = services.article_update_content(
        article=article,
        actor=staff["editor"],
        changes={"body": "<p>فقرة جديدة عن السدود</p>", "headline": article.headline},
        expected_version=1,
    )
    assert done.changed == ["body"]  # the headline was the same: not written
    stored = Article.objects.get(pk=article.pk)
    assert stored.version == article.version == 2
    assert "السدود" in stored.search_text
    assert stored.last_edited_by == staff["editor"]
    assert done.revision.created_by == staff["editor"]
    assert done.revision.content["body"] == "<p>فقرة جديدة عن السدود</p>"


def test_nothing_changed_writes_nothing(staff, make_article):
    article = make_article(status=Status.DRAFT)
    done = services.article_update_content(
        article=article, actor=staff["editor"], changes={"headline": article.headline}
    )
    assert done.changed == [] and done.revision is None
    assert Article.objects.get(pk=article.pk).version == 1
    assert not Revision.objects.filter(article=article).exists()


def test_a_stale_version_is_refused_naming_who_saved_and_when(staff, make_article):
    article = make_article(status=Status.DRAFT)
    staff["editor"].first_name = "ليلى"
    staff["editor"].save()
    services.article_update_content(
        article=article, actor=staff["editor"], changes={"standfirst": "أولى"}
    )
    with pytest.raises(StaleVersion) as refusal:
        services.article_update_content(
            article=Article.objects.get(pk=article.pk),
            actor=staff["chief"],
            changes={"standfirst": "ثانية"},
            expected_version=1,
        )
    assert "ليلى" in str(refusal.value)
    saved_at = Revision.objects.get(article=article).created_at
    assert timezone.localtime(saved_at).strftime("%H:%M") in str(refusal.value)
    assert Article.objects.get(pk=article.pk).standfirst == "أولى"


@pytest.mark.parametrize(
    ("role", "status", "own", "allowed"),
    [
        ("reporter", Status.DRAFT, True, True),
        ("reporter", Status.DRAFT, False, False),
        ("reporter", Status.PUBLISHED, True, False),
        ("editor", Status.PUBLISHED, False, True),
        ("anonymous", Status.DRAFT, False, False),
    ],
)
def test_who_may_change_content(role, status, own, allowed, staff, make_article):
    article = make_article(status=status, created_by=staff["reporter"] if own else None)
    change = lambda: services.article_update_content(  # noqa: E731
        article=article, actor=staff[role], changes={"standfirst": "مقدمة"}
    )
    if allowed:
        change()
    else:
        with pytest.raises(TransitionNotPermitted):
            change()
        assert Article.objects.get(pk=article.pk).standfirst == ""


def test_a_section_change_purges_the_pages_of_the_old_section_too(
    staff, make_article, make_section, purged, django_capture_on_commit_callbacks
):
    article = make_article()
    old_section = article.section
    with django_capture_on_commit_callbacks(execute=True):
        services.article_update_content(
            article=article, actor=staff["editor"], changes={"section": make_section()}
        )
    assert list_key("section", old_section.pk) in purged
    assert list_key("section", article.section_id) in purged


def test_a_slug_change_purges_the_article_s_pages_and_the_old_address_redirects(
    client, staff, make_article, purged, django_capture_on_commit_callbacks
):
    article = make_article()
    old_url = article.get_absolute_url()
    assert client.get(old_url).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        services.article_update_content(
            article=article, actor=staff["editor"], changes={"slug": "عنوان-جديد"}
        )
    # The old address's cached page carries the article's key: purged, it answers 301 now.
    assert f"article-{article.pk}" in purged
    response = client.get(old_url)
    assert response.status_code == 301
    assert response["Location"] == Article.objects.get(pk=article.pk).get_absolute_url()


# The admin.


def test_the_admin_form_saves_through_the_service(client, staff, make_article):
    article = make_article(status=Status.DRAFT)
    sign_in(client, staff["editor"])
    response = client.post(
        admin_url("articles_article_change", article.pk),
        form_data(article, 1, headline="عنوان عدله المحرر"),
    )
    assert response.status_code == 302
    stored = Article.objects.get(pk=article.pk)
    assert (stored.headline, stored.version) == ("عنوان عدله المحرر", 2)
    assert Revision.objects.get(article=article).created_by == staff["editor"]


def test_an_article_added_in_the_admin_starts_its_audit_trail(client, staff, make_section):
    author = Author.objects.create(name="كاتب الخبر")
    sign_in(client, staff["reporter"])
    response = client.post(
        admin_url("articles_article_add"),
        article_form_data(make_section(), author, loaded_version=""),
    )
    assert response.status_code == 302
    article = Article.objects.get()
    assert (article.created_by, article.status, article.version) == (
        staff["reporter"],
        Status.DRAFT,
        1,
    )
    row = StatusChange.objects.get(article=article)
    assert (row.from_status, row.to_status, row.actor) == (
        Status.DRAFT,
        Status.DRAFT,
        staff["reporter"],
    )
