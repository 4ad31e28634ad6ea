"""WordPress pages (`wp:post_type` "page") -> `Page` rows, through the pages' service.

Identity as for posts: the export's source ("wxr:<site>") and the WordPress post id. A page is
created as a draft and published when WordPress had it published (and not behind a password);
a re-run never changes its status. A re-run brings a changed title or body in only while the
page is still as the last import wrote it (its `imported_fingerprint`): a page an editor
changed here is left alone and reported, unless `--overwrite-local-changes`. The page's old
permalink and "/<post_name>/" become `PageRedirect` rows (a path an article's redirect
already has stays the article's).
"""

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.html import strip_tags

from articles.models import Page, PageRedirect, Redirect, SystemActor
from articles.services import pages as page_services
from newsroom.text import arabic_slugify, unique_slug

ACTOR = SystemActor.IMPORT_WXR
SKIPPED_STATUSES = {"trash", "auto-draft"}
SLUG_LENGTH = 200


@dataclass
class PageItem:
    post_id: str
    title: str
    slug: str
    content: str
    published: bool
    old_paths: list
    line: int


def page_item(fields, *, line, old_paths, decoded, untitled):
    """The page's parts, or None for a trashed or auto-saved one."""
    status = fields.get("wp:status", "").strip()
    if status in SKIPPED_STATUSES:
        return None
    post_name = decoded(fields.get("wp:post_name", ""))
    title = " ".join(strip_tags(fields.get("title", "")).split())
    return PageItem(
        post_id=fields.get("wp:post_id", "").strip(),
        title=(title or post_name.replace("-", " ").strip() or untitled)[:200],
        slug=post_name if "/" not in post_name else "",
        content=fields.get("content:encoded", ""),
        # A password kept it from readers on the old site: it comes in as a draft.
        published=status == "publish" and not fields.get("wp:post_password", ""),
        old_paths=old_paths,
        line=line,
    )


def import_pages(*, source, items, convert, report, overwrite_local_changes=False):
    """Create or update a page for each of `items`; `convert(post_id, html)` gives the body."""
    counts = report.counts
    for item in items:
        location = f"page {item.post_id} (line {item.line})"
        if not item.post_id:
            report.fail(location, "no <wp:post_id>")
            continue
        try:
            with transaction.atomic():
                outcome = _import_one(
                    source, item, convert(item.post_id, item.content), overwrite_local_changes
                )
        except ValidationError as error:
            report.fail(location, "; ".join(error.messages))
            continue
        counts[f"pages {outcome}"] += 1


def _import_one(source, item, body, overwrite):
    page = Page.objects.filter(source=source, source_id=item.post_id).first()
    if page is None:
        page = page_services.page_create(
            actor=ACTOR,
            title=item.title,
            slug=_free_slug(arabic_slugify(item.slug or item.title, SLUG_LENGTH) or "page"),
            body=body,
            source=source,
            source_id=item.post_id,
        )
        if item.published:
            page_services.page_publish(page=page, actor=ACTOR)
        outcome = "created"
    else:
        changed_here = (
            page_services.page_fingerprint(page.title, page.body) != page.imported_fingerprint
        )
        new = {"title": item.title, "body": body}
        if page_services.page_fingerprint(item.title, body) == page.imported_fingerprint:
            outcome = "unchanged"
        elif changed_here and not overwrite:
            outcome = "changed here since the last import (left alone)"
        else:
            # Status stays as the newsroom left it: publish or unpublish is theirs.
            page_services.page_update(page=page, actor=ACTOR, changes=new, from_import=True)
            outcome = "updated"
    _redirect(page, item.old_paths)
    return outcome


def _free_slug(slug):
    slug = slug[:SLUG_LENGTH]
    if not Page.objects.filter(slug=slug).exists():
        return slug
    return unique_slug(Page, slug, SLUG_LENGTH)


def _redirect(page, paths):
    public_path = page.get_absolute_url()
    for path in paths:
        if path == public_path or Redirect.objects.filter(old_path=path).exists():
            continue
        PageRedirect.objects.get_or_create(old_path=path[:500], defaults={"page": page})
