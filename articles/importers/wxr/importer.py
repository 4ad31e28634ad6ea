"""`import_wxr`: a WordPress export -> authors, sections, tags, articles, redirects.

The whole file is imported in one transaction: XML found broken or unsafe anywhere in the
stream rolls everything back (exit 2, nothing written), while each post is still written in its
own savepoint, so a post that fails is reported and the others are kept.

Identity: source "wxr:<site address>" (the export's base site URL; "wxr:file:<name>" when the
export names no site) and source id the WordPress post id.

Mapping, documented here because operators ask:
- categories -> sections, keeping WordPress's hierarchy (`Section.parent`); a post's first
  category is its section; the category slug becomes the section slug so /category/<slug>/
  keeps working;
- tags -> tags; authors -> author profiles without accounts (display name, else login);
- status: publish -> published, future -> scheduled, draft -> draft, pending -> in review,
  private -> draft (a private post was never public; an editor decides), trash and auto-draft
  -> skipped and counted; a password-protected post is never public: publish and future ->
  draft, with a note on the article (`protected`);
- title -> headline, with its dateline or kicker (`headlines`); content -> body (`content`:
  galleries, embeds, other shortcodes removed and reported);
- dates: post_date_gmt, else post_date read in Africa/Casablanca;
- excerpt -> standfirst (as plain text), comment_status -> comment policy, sticky -> featured;
- comments of imported posts -> comments (`comments`: approved published, held to the
  moderation queue, spam and trash skipped and counted; idempotent by comment id);
- pages -> pages (`pages`: published ones published, the rest drafts, their old permalinks
  redirected; a re-run leaves a page changed here alone); other post types are counted, not
  imported; attachments are counted and
  kept as `ImportedAttachment` rows; with `--media-dir` their files become library images, the
  bodies' pictures point at them and featured images become lead images (`media`);
- the post's old permalink path and "/<post_name>/" (both stored percent-decoded) become
  redirects to the article.

Re-runs (docs/workflow.md): a post's status applies only when its article is created; a
changed post updates the content of its article unless the newsroom changed that article since
(then it is left alone and reported). The file is read through `skipper.UnchangedItemFilter`, which leaves out before
parsing every post whose `<item>` bytes have the fingerprint stored last time.
"""

from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from functools import lru_cache, partial
from pathlib import Path
from urllib.parse import unquote, urlsplit
from zoneinfo import ZoneInfo

from django.utils import timezone
from django.utils.html import strip_tags

from articles.images.publication import hotlinked_picture_count
from articles.importers.errors import ImportInputError, ItemError
from articles.importers.headlines import split_headline
from articles.importers.loader import ArticleLoader
from articles.importers.protected import note_protected_posts
from articles.importers.records import ArticleRecord, PendingItem, SectionRef
from articles.importers.report import ImportReport
from articles.importers.runs import progress_bar, run_import
from articles.importers.wxr.comments import comment_records, write_comments
from articles.importers.wxr.content import WxrContent
from articles.importers.wxr.media import (
    IMG_TAG,
    SRC_ATTRIBUTE,
    WP_IMAGE_CLASS,
    attachment_file_path,
    serialised_credit,
)
from articles.importers.wxr.pages import import_pages, page_item
from articles.importers.wxr.parser import count_items_roughly, read_wxr
from articles.importers.wxr.skipper import UnchangedItemFilter
from articles.models import (
    Article,
    Comment,
    CommentPolicy,
    ImportedAttachment,
    Status,
    SystemActor,
)

WORDPRESS_TIME_ZONE = ZoneInfo("Africa/Casablanca")
STATUS_MAP = {
    "publish": Status.PUBLISHED,
    "future": Status.SCHEDULED,
    "draft": Status.DRAFT,
    "pending": Status.IN_REVIEW,
    "private": Status.DRAFT,
}
SKIPPED_STATUSES = {"trash", "auto-draft"}
COMMENT_POLICIES = {"open": CommentPolicy.OPEN, "closed": CommentPolicy.CLOSED}
UNTITLED = "بدون عنوان"
ATTACHMENT_BATCH = 500
# Stored fingerprints fetched per round trip when a re-run asks for them all.
FINGERPRINT_CHUNK = 10000
# A password-protected post was never public, whatever its status: it comes in as a draft.
PROTECTED_STATUS_MAP = {**STATUS_MAP, "publish": Status.DRAFT, "future": Status.DRAFT}


def parse_wp_date(value, *, gmt):
    value = (value or "").strip()
    if not value or value.startswith("0000-00-00"):
        return None
    try:
        # WordPress writes "YYYY-MM-DD HH:MM:SS" without a zone; the zone comes from `gmt`.
        naive = datetime.strptime(value, "%Y-%m-%d %H:%M:%S")  # noqa: DTZ007 (zone set below)
    except ValueError:
        raise ItemError(f"unreadable date {value!r}") from None
    return timezone.make_aware(naive, UTC if gmt else WORDPRESS_TIME_ZONE)


@lru_cache(maxsize=4096)
def decoded(value):
    """A percent-decoded slug; cached because the same category and tag slugs recur."""
    return unquote(value.strip())


def old_paths(fields):
    """The decoded paths the old site answered for this post."""
    paths = []
    link = fields.get("link", "").strip()
    if link:
        parts = urlsplit(link)
        path = unquote(parts.path)
        if path and path != "/" and not parts.query:
            paths.append(path)
    post_name = decoded(fields.get("wp:post_name", ""))
    if post_name and "/" not in post_name:
        paths.append(f"/{post_name}/")
    return list(dict.fromkeys(paths))


class WxrImport:
    def __init__(self, path, *, media_dir=None, show_progress=False, overwrite_local_changes=False):
        self.path = Path(path)
        self.overwrite_local_changes = overwrite_local_changes
        self.media_dir = media_dir
        # With a media directory: post id -> featured attachment id, and body addresses whose
        # attachment only WordPress's `wp-image-<id>` class names (the sanitiser drops classes).
        self.thumbnails = {}
        self.image_aliases = {}
        self.written_files = []
        self.show_progress = show_progress
        self.report = ImportReport()
        self.source = ""
        self.authors = {}  # login -> display name
        self.categories = {}  # slug -> (name, parent slug)
        self.tags = {}  # slug -> name
        self.attachments = {}  # post id -> ImportedAttachment, written in batches
        self.content = WxrContent(report=self.report)
        self.protected = []  # ids of the password-protected posts built in this run
        self.pending_comments = {}  # post id -> [ImportedComment], written after the posts
        self.pages = []  # PageItem, written after the posts (a site has a handful)
        self.started_at = timezone.now()

    def run(self, *, dry_run=False, atomic=False):
        """Import the file in one transaction (see the module docstring); return the report.

        Broken or unsafe XML raises ImportInputError wherever it is found, which rolls the
        transaction back: nothing from an unusable file is kept. Items that fail are left
        out in their own savepoints and reported; `atomic` rolls back the run if any did.
        """
        self.dry_run = dry_run
        if self.media_dir is not None and not Path(self.media_dir).is_dir():
            raise ImportInputError(f"the media directory {self.media_dir} is not a directory")
        try:
            run_import(
                self.report, self._work, dry_run=dry_run, atomic=atomic, one_transaction=True
            )
        except BaseException:
            # The rows are rolled back; the picture files stored meanwhile must go too.
            self._delete_written_files()
            raise
        if self.report.rolled_back:
            self._delete_written_files()
        self.content.write_report()
        return self.report

    def _delete_written_files(self):
        if self.written_files:
            # Imported here: Pillow and the rendition code are only needed with --media-dir.
            from articles.images.services import delete_files

            delete_files(self.written_files)

    def _work(self):
        total = count_items_roughly(self.path) if self.show_progress else None
        seen = set()
        stream = UnchangedItemFilter(
            self.path,
            stored=self._stored_fingerprints,
            seen=seen,
            commented=self._posts_with_comments,
        )
        try:
            events = read_wxr(self.path, stream=stream)
            for kind, data in events:
                if kind == "site":
                    site = data.base_url
                    self.source = (f"wxr:{site}" if site else f"wxr:file:{self.path.name}")[:200]
                    self.content.source = self.source
                    break
                self._remember_term(kind, data)
            self.loader = ArticleLoader(
                source=self.source,
                report=self.report,
                actor=SystemActor.IMPORT_WXR,
                overwrite_local_changes=self.overwrite_local_changes,
                section_parents=self.categories,
                seen=seen,
            )
            self._find_known_terms()
            with progress_bar(total, enabled=self.show_progress, unit="item") as bar:
                self.loader.load(self._pending_items(events, bar))
        finally:
            stream.close()
        # Posts left out before parsing because their bytes are those imported last time.
        self.report.unchanged += stream.skipped
        self.report.counts["comments"] += stream.skipped_comments
        self.report.counts["comments in unchanged posts (left as imported)"] += (
            stream.skipped_comments
        )
        import_pages(
            source=self.source,
            items=self.pages,
            convert=self.content.convert,
            report=self.report,
            overwrite_local_changes=self.overwrite_local_changes,
        )
        write_comments(
            source=self.source,
            pending=self.pending_comments,
            counts=self.report.counts,
            actor=SystemActor.IMPORT_WXR,
        )
        self._flush_attachments()
        note_protected_posts(
            source=self.source,
            post_ids=self.protected,
            unchanged_ids=stream.skipped_protected,
            report=self.report,
        )
        # Every declared category, tag and author exists afterwards, used by a post or not.
        self._find_known_terms()
        for slug, (name, parent) in self.categories.items():
            self.loader.section(SectionRef(name=name, slug=slug, parent_slug=parent))
        for slug, name in self.tags.items():
            self.loader.tag(name, slug)
        for name in self.authors.values():
            self.loader.author(name)
        if self.media_dir is not None:
            # Imported here: a plain import (and its quick re-run) need not load Pillow.
            from articles.importers.wxr.media_import import MediaImport

            MediaImport(
                source=self.source,
                media_dir=self.media_dir,
                report=self.report,
                dry_run=self.dry_run,
                written_files=self.written_files,
            ).run(
                thumbnails=self.thumbnails,
                aliases=self.image_aliases,
                before_rewrite=self.content.convert_again,
            )

    def _stored_fingerprints(self, site):
        """The byte fingerprints (digests) of every post stored from `site`, in one query (none
        with --media-dir, whose featured images need every post read)."""
        if self.media_dir is not None:
            return frozenset()
        known = set()
        stored = Article.objects.filter(source=f"wxr:{site}"[:200]).values_list(
            "source_hash", flat=True
        )
        for fingerprint in stored.iterator(chunk_size=FINGERPRINT_CHUNK):
            try:
                known.add(bytes.fromhex(fingerprint))
            except ValueError:  # not a SHA-256 in hex: matches no item's bytes
                continue
        return known

    def _posts_with_comments(self, site):
        """The post ids of the articles from `site` that have comments imported from it, in one
        query: a post skipped as unchanged without them was imported before comments were."""
        source = f"wxr:{site}"[:200]
        return frozenset(
            Comment.objects.filter(source=source, article__source=source)
            .values_list("article__source_id", flat=True)
            .distinct()
        )

    def _find_known_terms(self):
        """Find the declared categories, tags and authors the database has, in a few queries
        (the header declares them all, so a post's terms are usually found here)."""
        self.loader.find_known(
            sections=self.categories, tags=self.tags, authors=self.authors.values()
        )

    def _remember_term(self, kind, data):
        if kind == "author":
            login = data.get("wp:author_login", "")
            name = data.get("wp:author_display_name") or login
            if login and name:
                self.authors[login] = name
        elif kind == "category" and data["slug"]:
            self.categories[unquote(data["slug"])] = (data["name"], unquote(data["parent"]))
        elif kind == "tag" and data["slug"]:
            self.tags[unquote(data["slug"])] = data["name"]

    def _pending_items(self, events, bar):
        for kind, data in events:
            if kind != "item":
                self._remember_term(kind, data)
                continue
            if bar is not None:
                bar.update(1)
            pending = self._classify(data)
            if pending is not None:
                yield pending

    def _classify(self, item):
        fields = item.fields
        counts = self.report.counts
        counts["comments"] += item.comment_count
        post_type = fields.get("wp:post_type", "").strip()
        status = fields.get("wp:status", "").strip()
        post_id = fields.get("wp:post_id", "").strip()
        if post_type == "page":
            counts["pages"] += 1
            page = page_item(
                fields,
                line=item.line,
                old_paths=old_paths(fields),
                decoded=decoded,
                untitled=UNTITLED,
            )
            if page is None:
                counts[f"pages skipped: {status}"] += 1
            else:
                self.pages.append(page)
        elif post_type == "attachment":
            counts["attachments (kept for the media import)"] += 1
            self._keep_attachment(item)
        elif post_type != "post":
            counts[f"other items, type {post_type or '(none)'} (not imported)"] += 1
        elif status in SKIPPED_STATUSES:
            self.report.skipped += 1
            counts[f"skipped: {status}"] += 1
        elif not post_id and not fields.get("guid", "").strip():
            self.report.fail(f"item at line {item.line}", "no <wp:post_id> and no <guid>")
        else:
            if not post_id:
                # Trimmed exports (theme previews) leave the id out; the guid is as stable.
                post_id = "guid:" + fields["guid"].strip()
                counts["posts identified by guid (no wp:post_id)"] += 1
            thumbnail = item.meta.get("_thumbnail_id", "").strip()
            if self.media_dir is not None and thumbnail:
                self.thumbnails[post_id] = thumbnail
            if self.media_dir is not None:
                self.content.remember(post_id, fields.get("content:encoded", ""))
            if item.comments:
                self.pending_comments[post_id] = comment_records(
                    item.comments, counts, parse_wp_date
                )
            return PendingItem(
                source_id=post_id,
                fingerprint=item.fingerprint,
                location=f"item {post_id} (line {item.line})",
                build=partial(self._build, item, post_id),
            )
        return None

    def _build(self, item, post_id):
        fields = item.fields
        status = fields.get("wp:status", "").strip()
        if status not in STATUS_MAP:
            raise ItemError(f"unknown post status {status!r}")
        if status == "private":
            self.report.counts["private posts imported as drafts"] += 1
        statuses = STATUS_MAP
        # Any password, even spaces, protected the post on the old site.
        if fields.get("wp:post_password", ""):
            statuses = PROTECTED_STATUS_MAP
            self.protected.append(post_id)
            self.report.counts["password-protected posts (imported as not public)"] += 1
        publish_at = self._publish_time(fields, STATUS_MAP[status])
        if self.media_dir is not None:
            self._remember_image_aliases(fields.get("content:encoded", ""))
        elif hotlinked := hotlinked_picture_count(fields.get("content:encoded", "")):
            # Kept as they are, never fetched: publishing asks for their alt text and credit.
            self.report.counts["pictures linked from another site (kept, not fetched)"] += hotlinked
        body = self.content.convert(post_id, fields.get("content:encoded", ""))
        parts = split_headline(" ".join(strip_tags(fields.get("title", "")).split()))
        headline = parts.headline
        if not headline:
            headline = decoded(fields.get("wp:post_name", "")).replace("-", " ").strip() or UNTITLED
            self.report.counts["posts without a title"] += 1
        section, tag_names = None, []
        for domain, nicename, name in item.categories:
            slug = decoded(nicename)
            if domain == "category" and section is None:
                declared = self.categories.get(slug, (name, ""))
                section = SectionRef(name=name.strip() or slug, slug=slug, parent_slug=declared[1])
            elif domain == "post_tag" and (name.strip() or slug):
                tag_names.append((name.strip() or slug, slug))
        creator = fields.get("dc:creator", "").strip()
        return ArticleRecord(
            headline=headline,
            dateline=parts.dateline,
            kicker=parts.kicker,
            body=body,
            status=statuses[status],
            publish_at=publish_at,
            slug=decoded(fields.get("wp:post_name", "")),
            standfirst=" ".join(strip_tags(fields.get("excerpt:encoded", "")).split()),
            comment_policy=COMMENT_POLICIES.get(
                fields.get("wp:comment_status", "").strip(), CommentPolicy.SITE_DEFAULT
            ),
            is_featured=fields.get("wp:is_sticky", "0").strip() == "1",
            section=section,
            author_names=[self.authors.get(creator, creator)] if creator else [],
            tag_names=tag_names,
            redirect_paths=old_paths(fields),
        )

    def _remember_image_aliases(self, content):
        for tag in IMG_TAG.findall(content):
            attachment = WP_IMAGE_CLASS.search(tag)
            src = SRC_ATTRIBUTE.search(tag)
            if attachment and src:
                self.image_aliases[src.group(2)] = attachment.group(1)

    def _publish_time(self, fields, status):
        """post_date_gmt, else post_date in Casablanca time, else the RSS pubDate.

        A published post with no date at all (hand-made test exports) gets the time of its
        first import, as WordPress's own importer would do, and is counted in the report.
        """
        when = parse_wp_date(fields.get("wp:post_date_gmt"), gmt=True) or parse_wp_date(
            fields.get("wp:post_date"), gmt=False
        )
        if when is None and fields.get("pubDate", "").strip():
            try:
                when = parsedate_to_datetime(fields["pubDate"].strip())
            except (TypeError, ValueError):
                when = None
            if when is not None and timezone.is_naive(when):
                when = None
        if when is None and status in (Status.PUBLISHED, Status.SCHEDULED):
            when = self.started_at
            self.report.counts["published posts without a date (given the import time)"] += 1
        return when

    def _keep_attachment(self, item):
        fields = item.fields
        url = (fields.get("wp:attachment_url") or fields.get("guid") or "").strip()
        post_id = fields.get("wp:post_id", "").strip()
        if not url or not post_id:
            self.report.counts["attachments without address or id (not kept)"] += 1
            return
        parent = fields.get("wp:post_parent", "").strip()
        # An id repeated in one file (hand-edited exports) keeps its last entry: PostgreSQL
        # refuses to upsert the same row twice in one statement.
        self.attachments[post_id] = ImportedAttachment(
            source=self.source,
            source_id=post_id,
            parent_source_id="" if parent == "0" else parent,
            url=url[:1000],
            title=" ".join(fields.get("title", "").split())[:300],
            file_path=attachment_file_path(url, item.meta.get("_wp_attached_file", ""))[:1000],
            alt_text=" ".join(item.meta.get("_wp_attachment_image_alt", "").split())[:300],
            caption=" ".join(strip_tags(fields.get("excerpt:encoded", "")).split())[:500],
            credit=serialised_credit(item.meta.get("_wp_attachment_metadata", ""))[:200],
        )
        if len(self.attachments) >= ATTACHMENT_BATCH:
            self._flush_attachments()

    def _flush_attachments(self):
        if self.attachments:
            ImportedAttachment.objects.bulk_create(
                list(self.attachments.values()),
                update_conflicts=True,
                unique_fields=["source", "source_id"],
                update_fields=[
                    "parent_source_id",
                    "url",
                    "title",
                    "file_path",
                    "alt_text",
                    "caption",
                    "credit",
                ],
            )
            self.attachments = {}


def import_wxr(
    path,
    *,
    media_dir=None,
    dry_run=False,
    atomic=False,
    show_progress=False,
    overwrite_local_changes=False,
):
    """Import one WordPress export; return the ImportReport. Raises ImportInputError.

    `media_dir`: a local copy of the site's wp-content/uploads (see `media`).
    `overwrite_local_changes`: replace the content of articles changed in the CMS since their
    last import (their status still never changes).
    """
    return WxrImport(
        path,
        media_dir=media_dir,
        show_progress=show_progress,
        overwrite_local_changes=overwrite_local_changes,
    ).run(dry_run=dry_run, atomic=atomic)
