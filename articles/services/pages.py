"""The one write path for pages (about, contact, the legal notice): save, publish, unpublish.

The same spirit as the articles' workflow: a reporter drafts (creates pages and edits drafts);
only a role with `publish_page` publishes, unpublishes, or edits a published page (which
readers would see at once). Each function runs in a transaction, locks the row, checks, saves
only what changed, records a `PageChange` and, after the commit, forgets the cached navigation
and purges what readers see: every page when the footer's or menu's links change
(`navigation_changed`), the page alone when only its text does (`page_changed_publicly`).
"""

import hashlib
from functools import partial

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from articles.exceptions import PageNotPermitted
from articles.models import Page, PageChange, PageStatus
from articles.public import navigation
from articles.sanitize import sanitize_body_html
from articles.services.permissions import is_staff_actor, is_system_actor
from articles.signals import send_navigation_changed, send_page_changed_publicly

PUBLISH_PERMISSION = "articles.publish_page"
EDITABLE_FIELDS = ("title", "slug", "description", "body", "in_footer", "footer_order")
# What the footer and the menu show of a page: a change of these changes every page.
LINKED_FIELDS = {"title", "slug", "in_footer", "footer_order"}


def may_publish_page(user):
    return is_system_actor(user) or (is_staff_actor(user) and user.has_perm(PUBLISH_PERMISSION))


def may_edit_page(user, page):
    """Those who publish edit every page; the others (reporters) only their own drafts, as
    with articles: an editor's draft, or a legal notice taken offline for a fix, is not
    rewritten behind the back of whoever publishes it next."""
    if is_system_actor(user) or may_publish_page(user):
        return True
    if not (is_staff_actor(user) and user.has_perm("articles.change_page")):
        return False
    return page.status == PageStatus.DRAFT and page.created_by_id == user.pk


def page_fingerprint(title, body):
    """What an import wrote, to tell later whether the page was changed here since."""
    return hashlib.sha256(f"{title}\x00{body}".encode()).hexdigest()


def page_create(
    *,
    actor,
    title,
    slug,
    body="",
    description="",
    in_footer=True,
    footer_order=0,
    source="",
    source_id="",
):
    """Create a draft page and return it. ValidationError (nothing saved) for bad values.

    `source` and `source_id`: where an importer found it (a WordPress page), so that a re-run
    finds it again and can tell whether it was changed here since (`imported_fingerprint`).
    """
    if not (
        is_system_actor(actor) or (is_staff_actor(actor) and actor.has_perm("articles.add_page"))
    ):
        raise PageNotPermitted(_("You may not create pages."))
    body = sanitize_body_html(body)
    page = Page(
        title=title,
        slug=slug,
        body=body,
        description=description,
        source=source,
        source_id=source_id,
        imported_fingerprint=page_fingerprint(title, body) if source else "",
        in_footer=in_footer,
        footer_order=footer_order,
        status=PageStatus.DRAFT,
        created_by=None if is_system_actor(actor) else actor,
        updated_at=timezone.now(),
    )
    page.full_clean()
    with transaction.atomic():
        page.save()
        _record(page, actor, PageChange.Action.CREATED, [])
    return page


def page_update(*, page, actor, changes, from_import=False):
    """Apply `changes` ({field: value}, of EDITABLE_FIELDS) to `page` and return it.

    Refuses (PageNotPermitted) a reporter editing a published page; the body is sanitised;
    invalid values raise ValidationError and save nothing. `from_import`: the importer brings
    the source's new text, which becomes the page's text "as imported".
    """
    unknown = sorted(set(changes) - set(EDITABLE_FIELDS))
    if unknown:
        raise ValueError(f"Not an editable field of a page: {', '.join(unknown)}")
    with transaction.atomic():
        page = Page.objects.select_for_update().get(pk=page.pk)
        if not may_edit_page(actor, page):
            raise PageNotPermitted(
                _("Only an editor can change a published page: readers would see it at once.")
            )
        if "body" in changes:
            changes = {**changes, "body": sanitize_body_html(changes["body"])}
        changed = [name for name, value in changes.items() if getattr(page, name) != value]
        if not changed:
            return page
        for name in changed:
            setattr(page, name, changes[name])
        page.updated_at = timezone.now()
        saved = [*changed, "updated_at"]
        if from_import:
            page.imported_fingerprint = page_fingerprint(page.title, page.body)
            saved.append("imported_fingerprint")
        page.full_clean()
        page.save(update_fields=saved)
        action = PageChange.Action.IMPORTED if from_import else PageChange.Action.EDITED
        _record(page, actor, action, changed)
        if page.is_public:
            _after_commit(page, linked=bool(LINKED_FIELDS & set(changed)))
    return page


def page_publish(*, page, actor):
    """Publish `page` (a role with `publish_page` only); publishing a published page does
    nothing."""
    return _move(page, actor, PageStatus.PUBLISHED, PageChange.Action.PUBLISHED)


def page_unpublish(*, page, actor):
    """Take `page` back to a draft: its address answers 404 again and its links go."""
    return _move(page, actor, PageStatus.DRAFT, PageChange.Action.UNPUBLISHED)


def _move(page, actor, status, action):
    if not may_publish_page(actor):
        raise PageNotPermitted(_("Only an editor can publish or unpublish a page."))
    with transaction.atomic():
        page = Page.objects.select_for_update().get(pk=page.pk)
        if page.status == status:
            return page
        page.status = status
        now = timezone.now()
        page.updated_at = now
        fields = ["status", "updated_at"]
        if status == PageStatus.PUBLISHED and page.published_at is None:
            page.published_at = now
            fields.append("published_at")
        page.save(update_fields=fields)
        _record(page, actor, action, [])
        _after_commit(page, linked=True)
    return page


def _record(page, actor, action, fields):
    PageChange.objects.create(
        page=page,
        action=action,
        fields=list(fields),
        actor=None if is_system_actor(actor) else actor,
        system_actor=actor if is_system_actor(actor) else "",
    )


def _after_commit(page, *, linked):
    """The page's address in every cache; every page too when its links changed."""
    send_page = partial(send_page_changed_publicly, page.pk)
    transaction.on_commit(send_page)
    if linked:
        navigation.forget_cached()
        transaction.on_commit(navigation.forget_cached)
        transaction.on_commit(partial(send_navigation_changed, Page))


def page_delete(*, page, actor):
    """Delete `page` (the editor-in-chief's `delete_page`); its links go from every page."""
    if not (is_staff_actor(actor) and actor.has_perm("articles.delete_page")):
        raise PageNotPermitted(_("Only the editor-in-chief can delete a page."))
    with transaction.atomic():
        page = Page.objects.select_for_update().get(pk=page.pk)
        was_public = page.is_public
        page_id = page.pk
        page.delete()
        if was_public:
            transaction.on_commit(partial(send_page_changed_publicly, page_id))
            navigation.forget_cached()
            transaction.on_commit(navigation.forget_cached)
            transaction.on_commit(partial(send_navigation_changed, Page))
