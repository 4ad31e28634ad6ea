"""The database and file side of `import_wxr --media-dir` (see `media` for the rules).

Imported only when `--media-dir` is given: it brings in Pillow and the rendition code, which
a plain import (and its unchanged re-run) does not need to load.
"""

import html
from itertools import batched
from pathlib import Path, PurePosixPath

from django.db import transaction
from django.utils.translation import gettext as _

from articles.exceptions import StaleVersion
from articles.images.services import image_create_from_file
from articles.images.validation import ImageRejectedError, validate_upload
from articles.importers.loader import limit
from articles.importers.wxr.media import (
    IMG_TAG,
    PICTURE_EXTENSIONS,
    SRC_ATTRIBUTE,
    UPLOADS,
    attachment_file_path,
    canonical_key,
    resolve_in,
    upload_key,
)
from articles.models import Article, Image, ImportedAttachment, SystemActor
from articles.services.content import article_update_content

BATCH = 500


class MediaImport:
    def __init__(self, *, source, media_dir, report, dry_run, written_files):
        self.source = source
        self.media_dir = Path(media_dir)
        self.report = report
        self.dry_run = dry_run
        # Names of the stored files, for the caller to delete if the run is rolled back.
        self.written_files = written_files
        self.counts = report.counts

    def run(self, *, thumbnails, aliases, before_rewrite=None):
        """`thumbnails`: post id -> attachment id; `aliases`: body address -> attachment id;
        `before_rewrite`: called once the files are in the library, before the bodies are
        pointed at them (galleries are converted again then: `content`)."""
        self.import_files()
        if self.dry_run:
            return
        if before_rewrite is not None:
            before_rewrite()
        images = dict(
            ImportedAttachment.objects.filter(source=self.source, image__isnull=False)
            .values_list("source_id", "image_id")
            .iterator()
        )
        if not images:
            return
        self.rewrite_bodies(images, aliases)
        self.set_lead_images(images, thumbnails)

    # Step 1: files -> library images.

    def import_files(self):
        pending = ImportedAttachment.objects.filter(source=self.source, image__isnull=True)
        for attachment in pending.order_by("pk").iterator(chunk_size=BATCH):
            relative = attachment.file_path or attachment_file_path(attachment.url, "")
            if PurePosixPath(relative).suffix.lower() not in PICTURE_EXTENSIONS:
                self.counts["attachments that are not pictures (left alone)"] += 1
                continue
            where = f"attachment {attachment.source_id} ({relative})"
            path = resolve_in(self.media_dir, relative)
            if path is None or not path.is_file():
                self.report.fail(where, f"no such file in {self.media_dir}")
                continue
            try:
                with path.open("rb") as handle:
                    if self.dry_run:
                        validate_upload(handle)
                    else:
                        self._add(attachment, handle, where)
            except ImageRejectedError as error:
                self.report.fail(where, error.messages[0])
                continue
            except OSError as error:
                self.report.fail(where, f"cannot read the file: {error.strerror or error}")
                continue
            self.counts["pictures added to the library"] += 1

    def _add(self, attachment, handle, where):
        with transaction.atomic():
            image = image_create_from_file(
                file=handle,
                filename=where,
                alt_text=limit(attachment.alt_text, 300),
                caption=limit(attachment.caption, 500),
                credit=limit(attachment.credit, 200),
            )
            self.written_files.append(image.file.name)
            self.written_files.extend(entry["name"] for entry in image.renditions.values())
            attachment.image = image
            attachment.save(update_fields=["image"])
        if not image.credit:
            self.counts["pictures without a credit (needed before publishing again)"] += 1

    # Step 2: body addresses -> library renditions.

    def rewrite_bodies(self, images, aliases):
        by_key = {}
        for source_id, file_path, url in ImportedAttachment.objects.filter(
            source=self.source, image__isnull=False
        ).values_list("source_id", "file_path", "url"):
            key = canonical_key(file_path) if file_path else upload_key(url)
            if key:
                by_key[key] = images[source_id]
        by_src = {src: images[att] for src, att in aliases.items() if att in images}
        articles = Article.objects.filter(source=self.source, body__contains="<img")
        if not by_src:
            articles = articles.filter(body__contains=UPLOADS)
        rows = (
            articles.order_by("pk").values_list("pk", "version", "body").iterator(chunk_size=BATCH)
        )
        for batch in batched(rows, BATCH):
            self._rewrite_batch(batch, by_key, by_src)

    def _rewrite_batch(self, batch, by_key, by_src):
        wanted = {}  # body -> {src -> image id}
        for _pk, _version, body in batch:
            for tag in IMG_TAG.findall(body):
                found = SRC_ATTRIBUTE.search(tag)
                if found is None:
                    continue
                src = found.group(2)
                image_id = by_src.get(html.unescape(src)) or by_key.get(upload_key(src))
                if image_id:
                    wanted.setdefault(body, {})[src] = image_id
        if not wanted:
            return
        ids = {image_id for found in wanted.values() for image_id in found.values()}
        urls = {image.pk: image.fallback_url for image in Image.objects.filter(pk__in=ids)}
        changed = 0
        for pk, version, body in batch:
            if body not in wanted:
                continue
            targets = wanted[body]

            def point(match, targets=targets):
                tag = match.group(0)
                found = SRC_ATTRIBUTE.search(tag)
                image_id = targets.get(found.group(2)) if found else None
                if image_id not in urls:
                    return tag
                return SRC_ATTRIBUTE.sub(
                    lambda m: m.group(1) + html.escape(urls[image_id]) + m.group(3), tag, count=1
                )

            changed += self._write(pk, version, {"body": IMG_TAG.sub(point, body)})
        self.counts["articles whose pictures now come from the library"] += changed

    # Step 3: featured images -> lead images.

    def set_lead_images(self, images, thumbnails):
        for batch in batched(thumbnails.items(), BATCH):
            wanted = {post: images[att] for post, att in batch if att in images}
            if not wanted:
                continue
            articles = Article.objects.filter(
                source=self.source, source_id__in=list(wanted), lead_image__isnull=True
            ).values_list("pk", "version", "source_id")
            changed = 0
            for pk, version, source_id in articles:
                changed += self._write(pk, version, {"lead_image": wanted[source_id]})
            self.counts["lead images set from featured images"] += changed

    def _write(self, pk, version, changes):
        """One article's new pictures, through the content service (version + 1, a revision
        by the importer, purge). 1 when written, 0 when someone saved it meanwhile."""
        try:
            with transaction.atomic():
                article_update_content(
                    article=Article(pk=pk),
                    actor=SystemActor.IMPORT_WXR,
                    changes=changes,
                    expected_version=version,
                    note=_("Pictures taken into the image library by an import."),
                )
        except StaleVersion:
            self.counts["articles saved by someone meanwhile (pictures left as they were)"] += 1
            return 0
        return 1
