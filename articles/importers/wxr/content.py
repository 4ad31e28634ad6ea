"""`import_wxr`'s post content: conversion (`wp_content`), library pictures for `[gallery]`,
and what the report says about shortcodes, embeds and galleries.

Galleries name WordPress attachments; the library pictures made from them (`--media-dir`, this
run or an earlier one) are read in one query, the first time a post has a `[gallery]`, never per
post. With `--media-dir`, pictures reach the library only after the posts are written
(attachments usually follow their posts in the export, and posts imported by an earlier run
without `--media-dir` are not written again): every post with a `[gallery]` is converted again
once the files are in (one query per batch), before the body pictures are pointed at the
library. Its body is replaced only when it is still what the import wrote (an editor's change
is kept) and the new pictures change it. For that, the content of the posts with a gallery is
kept in memory during a `--media-dir` run (not otherwise).
"""

from itertools import batched

from django.db import transaction
from django.utils.translation import gettext as _

from articles.exceptions import StaleVersion
from articles.importers.wxr.wp_content import wp_content_to_html
from articles.importers.wxr.wp_shortcodes import GalleryPictures
from articles.models import Article, ImportedAttachment, SystemActor
from articles.services.content import article_update_content

# How many item ids to name in a note.
EXAMPLES = 5
BATCH = 500


class WxrContent:
    def __init__(self, *, report):
        self.report = report
        self.source = ""
        self._pictures = None
        self.shortcodes = {}  # name -> [count, [item ids]]
        self.missing = {}  # post id -> attachment ids a gallery named but the library lacks
        self.empty_galleries = {}  # post id -> galleries left with no picture
        self.galleries = {}  # post id -> (galleries made, pictures in them)
        # post id -> content, for posts to convert again once this run's pictures are in.
        self.retry = {}

    def pictures(self):
        """The library pictures of the export's attachments, loaded once."""
        if self._pictures is None:
            rows = (
                ImportedAttachment.objects.filter(source=self.source, image__isnull=False)
                .select_related("image")
                .only(
                    "source_id",
                    "parent_source_id",
                    "image__file",
                    "image__renditions",
                    "image__alt_text",
                    "image__caption",
                    "image__credit",
                )
            )
            self._pictures = GalleryPictures(
                (
                    row.source_id,
                    row.parent_source_id,
                    row.image.fallback_url,
                    row.image.alt_text,
                    row.image.caption,
                    row.image.credit,
                )
                for row in rows.iterator(chunk_size=2000)
            )
        return self._pictures

    def convert(self, post_id, content):
        """The post's body HTML; what the conversion met is counted for the report."""
        pictures = self.pictures() if "[gallery" in content else None
        converted = wp_content_to_html(content, pictures=pictures, post_id=post_id)
        conversion = converted.conversion
        counts = self.report.counts
        for name, count in conversion.unknown.items():
            entry = self.shortcodes.setdefault(name, [0, []])
            entry[0] += count
            entry[1].append(post_id)
        if conversion.embeds:
            counts["embeds"] += conversion.embeds
        if conversion.embed_links:
            counts["embeds kept as links"] += conversion.embed_links
        self._count_galleries(post_id, conversion)
        return converted.html

    def remember(self, post_id, content):
        """Keep a post's content to convert its galleries again (`--media-dir` runs)."""
        if "[gallery" in content:
            self.retry[post_id] = content
            # What the library held before this run's files: what the bodies were written with.
            self.pictures()

    def _count_galleries(self, post_id, conversion):
        for kept in (self.missing, self.empty_galleries, self.galleries):
            kept.pop(post_id, None)
        if conversion.galleries:
            self.galleries[post_id] = (conversion.galleries, conversion.gallery_pictures)
        if conversion.missing_attachments:
            self.missing[post_id] = conversion.missing_attachments
        if conversion.empty_galleries:
            self.empty_galleries[post_id] = conversion.empty_galleries

    def convert_again(self):
        """Convert again the posts kept by `remember`, now that this run's attachments are in
        the library; update the bodies still as imported that the new pictures change."""
        if not self.retry:
            return
        before = self.pictures()
        self._pictures = None
        pictures = self.pictures()
        for chunk in batched(self.retry.items(), BATCH):
            contents = dict(chunk)
            for article in Article.objects.filter(
                source=self.source, source_id__in=list(contents)
            ).only("pk", "source_id", "body", "version"):
                content, post_id = contents[article.source_id], article.source_id
                written = wp_content_to_html(content, pictures=before, post_id=post_id)
                if written.html != article.body:
                    continue  # changed since the import (by an editor, or an earlier run)
                converted = wp_content_to_html(content, pictures=pictures, post_id=post_id)
                if converted.html != article.body:
                    self._count_galleries(post_id, converted.conversion)
                    self._write(article, converted.html)
        self.retry = {}

    def _write(self, article, body):
        """The gallery's pictures into the body through the content service (version + 1, a
        revision by the importer, purge); an article saved meanwhile is left as it is."""
        try:
            with transaction.atomic():
                article_update_content(
                    article=Article(pk=article.pk),
                    actor=SystemActor.IMPORT_WXR,
                    changes={"body": body},
                    expected_version=article.version,
                    note=_("Pictures taken into the image library by an import."),
                )
        except StaleVersion:
            self.report.counts[
                "articles saved by someone meanwhile (pictures left as they were)"
            ] += 1

    def write_report(self):
        """Counts and notes for what was removed or dropped (called once, at the end)."""
        counts, notes = self.report.counts, self.report.notes
        for name, (count, ids) in sorted(self.shortcodes.items()):
            counts["unknown shortcodes removed"] += count
            notes.append(
                f"unknown shortcode [{name}] removed {count} time(s), in items {examples(ids)}"
            )
        for galleries, pictures in self.galleries.values():
            counts["galleries made from library pictures"] += galleries
            counts["pictures in galleries"] += pictures
        if self.missing:
            dropped = sum(len(ids) for ids in self.missing.values())
            counts["gallery pictures dropped (attachment not in the library)"] += dropped
            named = [f"{post} ({', '.join(ids)})" for post, ids in self.missing.items()]
            notes.append(
                f"[gallery] pictures dropped, their attachments not in the library: {dropped} "
                f"in {len(named)} item(s): {examples(named)}"
            )
        if self.empty_galleries:
            counts["galleries removed (no picture in the library)"] += sum(
                self.empty_galleries.values()
            )


def examples(ids):
    return ", ".join(ids[:EXAMPLES]) + (" …" if len(ids) > EXAMPLES else "")
