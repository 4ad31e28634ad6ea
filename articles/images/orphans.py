"""Picture files that no library image uses: found by walking the storage, then deleted.

Files are normally deleted with their image (`image_delete`) or when the transaction that wrote
them rolls back (`articles/images/pending_files.py`). What is left — a process killed between
writing the files and committing the row, files restored from an old backup, a bug — is found
here: every file under `images/` in the default storage that is neither the original nor a
rendition of an Image row. Files younger than `older_than` are left alone, since their row may
still be on its way (an upload being saved right now).
"""

import logging
import os
from dataclasses import dataclass, field
from datetime import timedelta

from django.core.files.storage import default_storage
from django.utils import timezone

from articles.models import Image

logger = logging.getLogger(__name__)

IMAGE_ROOT = "images"


@dataclass
class OrphanReport:
    scanned: int = 0
    used: int = 0
    too_recent: int = 0
    orphans: list = field(default_factory=list)  # (name, size in bytes)
    deleted: list = field(default_factory=list)
    failures: list = field(default_factory=list)  # (name, error)

    @property
    def orphan_bytes(self):
        return sum(size for _name, size in self.orphans)


def stored_image_files(storage=None, top=IMAGE_ROOT):
    """Every file name under `top` in `storage`, walked through the storage API (a file system
    or an object store alike)."""
    storage = storage or default_storage
    try:
        directories, files = storage.listdir(top)
    except FileNotFoundError:
        return
    for name in sorted(files):
        yield f"{top}/{name}"
    for directory in sorted(directories):
        yield from stored_image_files(storage, f"{top}/{directory}")


def used_image_files():
    """The names of every original and rendition that an Image row lists."""
    used = set()
    rows = Image.objects.values_list("file", "renditions").order_by()
    for file_name, renditions in rows.iterator(chunk_size=2000):
        used.add(file_name)
        used.update(entry["name"] for entry in (renditions or {}).values())
    return used


def find_and_delete_orphan_image_files(
    *, dry_run=False, older_than=timedelta(hours=24), now=None, storage=None, progress=None
):
    """Delete (or, on a dry run, only list) the image files no Image row uses; return a report.

    `progress`: a callable wrapping the iterable of file names (a tqdm bar), or None.
    """
    storage = storage or default_storage
    now = now or timezone.now()
    report = OrphanReport()
    names = stored_image_files(storage)
    # The files are listed before the rows are read: a file whose row commits in between is
    # young, and the age limit keeps it.
    candidates = list(progress(names) if progress else names)
    used = used_image_files()
    for name in candidates:
        report.scanned += 1
        if name in used:
            report.used += 1
            continue
        try:
            modified = storage.get_modified_time(name)
            size = storage.size(name)
        except (OSError, NotImplementedError) as error:
            report.failures.append((name, error))
            continue
        if now - modified < older_than:
            report.too_recent += 1
            continue
        report.orphans.append((name, size))
        if dry_run:
            continue
        try:
            storage.delete(name)
        except OSError as error:
            report.failures.append((name, error))
        else:
            report.deleted.append(name)
    if report.deleted:
        remove_empty_directories(storage, report.deleted)
    return report


def remove_empty_directories(storage, deleted):
    """On a file system, the rendition folders emptied by the deletion go too; object stores
    have no folders to remove."""
    try:
        root = os.path.realpath(storage.path(IMAGE_ROOT))
    except NotImplementedError:
        return
    parents = {os.path.dirname(storage.path(name)) for name in deleted}
    # Deepest first, so a parent emptied by removing its child goes as well; never the root.
    for directory in sorted(parents, key=len, reverse=True):
        while os.path.realpath(directory).startswith(root + os.sep):
            try:
                os.rmdir(directory)
            except OSError:
                break  # not empty (or already gone)
            directory = os.path.dirname(directory)
