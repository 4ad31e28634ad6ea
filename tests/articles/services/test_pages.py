"""The pages' write path (articles/services/pages.py): who may draft, edit and publish, what is
recorded, what is sanitised and what is purged."""

import pytest
from django.core.exceptions import ValidationError

from articles.exceptions import PageNotPermitted
from articles.models import Page, PageChange, PageStatus, SystemActor
from articles.services.pages import (
    page_create,
    page_delete,
    page_publish,
    page_unpublish,
    page_update,
)
from articles.signals import navigation_changed, page_changed_publicly


def new_page(actor, **fields):
    fields.setdefault("title", "من نحن")
    fields.setdefault("slug", "من-نحن")
    fields.setdefault("body", "<p>جريدة مغربية.</p>")
    return page_create(actor=actor, **fields)


@pytest.fixture
def heard():
    """What the pages announce: ("navigation", sender) and ("page", id)."""
    events = []

    def on_navigation(sender, **kwargs):
        events.append(("navigation", sender.__name__))

    def on_page(sender, page_id, **kwargs):
        events.append(("page", page_id))

    navigation_changed.connect(on_navigation, dispatch_uid="test-pages-nav")
    page_changed_publicly.connect(on_page, dispatch_uid="test-pages-page")
    yield events
    navigation_changed.disconnect(dispatch_uid="test-pages-nav")
    page_changed_publicly.disconnect(dispatch_uid="test-pages-page")


@pytest.mark.parametrize(
    ("role", "allowed"),
    [("anonymous", False), ("reporter", True), ("editor", True), ("chief", True)],
)
def test_staff_in_a_role_draft_pages(role, allowed, staff):
    if allowed:
        page = new_page(staff[role])
        assert page.status == PageStatus.DRAFT
        assert page.changes.get().action == PageChange.Action.CREATED
    else:
        with pytest.raises(PageNotPermitted):
            new_page(staff[role])
        assert not Page.objects.filter(slug="من-نحن").exists()


@pytest.mark.parametrize(
    ("role", "allowed"),
    [("anonymous", False), ("reporter", False), ("editor", True), ("chief", True)],
)
def test_only_roles_with_publish_permission_publish(role, allowed, staff):
    page = new_page(staff["reporter"])
    if allowed:
        page_publish(page=page, actor=staff[role])
    else:
        with pytest.raises(PageNotPermitted):
            page_publish(page=page, actor=staff[role])
    page.refresh_from_db()
    assert (page.status == PageStatus.PUBLISHED) is allowed
    assert page.changes.filter(action=PageChange.Action.PUBLISHED).exists() is allowed


def test_a_reporter_cannot_unpublish_nor_edit_a_published_page(staff):
    page = new_page(staff["reporter"])
    page_publish(page=page, actor=staff["editor"])
    with pytest.raises(PageNotPermitted):
        page_unpublish(page=page, actor=staff["reporter"])
    with pytest.raises(PageNotPermitted):
        page_update(page=page, actor=staff["reporter"], changes={"title": "عنوان آخر"})
    page.refresh_from_db()
    assert (page.status, page.title) == (PageStatus.PUBLISHED, "من نحن")


def test_a_reporter_edits_a_draft_and_the_change_is_recorded(staff):
    page = new_page(staff["reporter"])
    page_update(page=page, actor=staff["reporter"], changes={"title": "عن الجريدة"})
    change = page.changes.get(action=PageChange.Action.EDITED)
    assert (change.actor, change.fields) == (staff["reporter"], ["title"])
    assert Page.objects.get(pk=page.pk).title == "عن الجريدة"


def test_a_reporter_edits_only_their_own_draft_pages(staff, make_staff_user):
    """An editor's draft (or the legal notice taken offline for a fix) is not rewritten by a
    reporter behind the back of whoever publishes it next; editors edit every page."""
    editors_draft = new_page(staff["editor"])
    with pytest.raises(PageNotPermitted):
        page_update(page=editors_draft, actor=staff["reporter"], changes={"title": "غيره"})
    other_reporter = make_staff_user(role="reporter", username="reporter2")
    reporters_draft = new_page(staff["reporter"], slug="صفحة-المراسل")
    with pytest.raises(PageNotPermitted):
        page_update(page=reporters_draft, actor=other_reporter, changes={"title": "غيره"})
    assert Page.objects.get(pk=editors_draft.pk).title == "من نحن"
    assert Page.objects.get(pk=reporters_draft.pk).title == "من نحن"
    page_update(page=reporters_draft, actor=staff["editor"], changes={"title": "عن الجريدة"})
    assert Page.objects.get(pk=reporters_draft.pk).title == "عن الجريدة"


def test_the_body_is_sanitised_on_create_and_on_update(staff):
    page = new_page(staff["editor"], body='<p onclick="x()">نص</p><script>alert(1)</script>')
    assert "script" not in page.body and "onclick" not in page.body
    page_update(
        page=page,
        actor=staff["editor"],
        changes={"body": '<p><a href="javascript:x()">رابط</a></p>'},
    )
    assert "javascript" not in Page.objects.get(pk=page.pk).body


def test_a_bad_slug_is_refused_and_nothing_is_saved(staff):
    new_page(staff["editor"])
    with pytest.raises(ValidationError):
        new_page(staff["editor"], title="صفحة أخرى")  # the same slug
    with pytest.raises(ValidationError):
        new_page(staff["editor"], slug="no spaces/or slashes")
    assert Page.objects.filter(created_by=staff["editor"]).count() == 1


def test_an_unknown_field_is_refused(staff):
    page = new_page(staff["editor"])
    with pytest.raises(ValueError, match="status"):
        page_update(page=page, actor=staff["editor"], changes={"status": "published"})


def test_publishing_purges_every_page_after_the_commit_only(
    staff, heard, django_capture_on_commit_callbacks
):
    page = new_page(staff["editor"])
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        page_publish(page=page, actor=staff["editor"])
    assert heard == []
    for callback in callbacks:
        callback()
    assert ("navigation", "Page") in heard and ("page", page.pk) in heard


def test_a_draft_changes_nothing_readers_see(staff, heard, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        page = new_page(staff["reporter"])
        page_update(page=page, actor=staff["reporter"], changes={"title": "عنوان"})
    assert heard == []


def test_a_published_page_text_change_purges_that_page_only(
    staff, heard, django_capture_on_commit_callbacks
):
    page = new_page(staff["editor"])
    with django_capture_on_commit_callbacks(execute=True):
        page_publish(page=page, actor=staff["editor"])
    heard.clear()
    with django_capture_on_commit_callbacks(execute=True):
        page_update(page=page, actor=staff["editor"], changes={"body": "<p>نص جديد</p>"})
    assert heard == [("page", page.pk)]
    heard.clear()
    with django_capture_on_commit_callbacks(execute=True):
        page_update(page=page, actor=staff["editor"], changes={"title": "عنوان جديد"})
    assert ("navigation", "Page") in heard  # the footer shows the title


def test_only_the_editor_in_chief_deletes_a_page(staff, heard, django_capture_on_commit_callbacks):
    page = new_page(staff["editor"])
    page_publish(page=page, actor=staff["editor"])
    with pytest.raises(PageNotPermitted):
        page_delete(page=page, actor=staff["editor"])
    with django_capture_on_commit_callbacks(execute=True):
        page_delete(page=page, actor=staff["chief"])
    assert not Page.objects.filter(pk=page.pk).exists()
    assert ("navigation", "Page") in heard


def test_the_importer_acts_as_a_system_actor(db):
    page = new_page(SystemActor.IMPORT_WXR, source="wxr:https://example.ma", source_id="7")
    page_publish(page=page, actor=SystemActor.IMPORT_WXR)
    change = page.changes.get(action=PageChange.Action.PUBLISHED)
    assert (change.actor, change.system_actor) == (None, SystemActor.IMPORT_WXR)
    assert len(page.imported_fingerprint) == 64
