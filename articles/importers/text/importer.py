"""`import_text`: files of the plain-text archive -> articles.

Each file is one article. Its identity is its path relative to `root` (the current directory
unless given), stored as source "text" and source id "<relative path>"; its fingerprint is a
SHA-256 of the file's bytes and of the section and status asked for, so running the same
files with the same options again changes nothing, and an edited file updates its article's
content (never its status; see articles/importers/loader.py for articles edited in the CMS).
"""

import errno
import hashlib
import os
from datetime import UTC, datetime
from functools import partial
from pathlib import Path

from django.db.models import Q
from django.utils.html import escape

from articles.importers.errors import ImportInputError
from articles.importers.loader import ArticleLoader
from articles.importers.records import ArticleRecord, PendingItem, SectionRef
from articles.importers.report import ImportReport
from articles.importers.runs import progress_bar, run_import
from articles.importers.text.parser import decode_bytes, parse_text
from articles.models import CommentPolicy, Section, SiteSettings, Status, SystemActor
from articles.sanitize import sanitize_body_html

SOURCE = "text"
STATUSES = {"draft": Status.DRAFT, "published": Status.PUBLISHED}
# Beyond this many files, the report gives the range of modification times, not each one.
LISTED_MTIMES = 20


LINK_REFUSED = "a symbolic link: not followed (import the file it points to by its own path)"


def find_text_files(paths):
    """The files named, and every `*.txt` under the directories named, in a stable order;
    and the symbolic links met on the way, which are never followed.

    An archive may hold a `.txt` link to any file of the machine (a secrets file once went
    out that way), or a link to a directory outside it: both are refused, by name.
    """
    files, links = [], []
    for raw in paths:
        path = Path(raw)
        if path.is_symlink():
            links.append(path)
        elif path.is_dir():
            found, linked = _walk_without_links(path)
            files.extend(found)
            links.extend(linked)
        elif path.is_file():
            files.append(path)
        else:
            raise ImportInputError(f"{raw}: no such file or directory")
    if not files and not links:
        raise ImportInputError("no .txt files found in " + ", ".join(str(p) for p in paths))
    return files, links


def _walk_without_links(folder):
    files, links = [], []
    for parent, directories, names in os.walk(folder):  # os.walk never enters linked folders
        parent = Path(parent)
        for name in directories:
            if (parent / name).is_symlink():
                links.append(parent / name)
        for name in names:
            entry = parent / name
            if not name.endswith(".txt"):
                continue
            if entry.is_symlink():
                links.append(entry)
            elif entry.is_file():
                files.append(entry)
    return sorted(files), sorted(links)


def read_without_following(path):
    """The file's bytes and modification time; a link (even one planted since the directory
    was listed) is refused by the operating system, not followed."""
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
    with os.fdopen(fd, "rb") as file:
        return file.read(), os.fstat(file.fileno()).st_mtime


def find_section(name_or_slug):
    section = Section.objects.filter(Q(slug=name_or_slug) | Q(name=name_or_slug)).first()
    if section is None:
        raise ImportInputError(
            f"no section named {name_or_slug!r}: create it in the admin first, or check the spelling"
        )
    return section


def source_id_for(path, root):
    resolved = path.resolve()
    try:
        return resolved.relative_to(root.resolve()).as_posix()
    except ValueError:
        return resolved.as_posix()


def import_text(
    paths,
    *,
    section=None,
    status="draft",
    published_at=None,
    root=None,
    dry_run=False,
    atomic=False,
    show_progress=False,
    overwrite_local_changes=False,
):
    """Import the articles in `paths`; return the ImportReport. Raises ImportInputError.

    `status` applies to the articles this run creates; existing ones keep theirs.
    `overwrite_local_changes`: replace the content of articles changed in the CMS since their
    last import (their status still never changes).
    """
    if status not in STATUSES:
        raise ImportInputError(f"unknown status {status!r}: use draft or published")
    files, links = find_text_files(paths)
    section_obj = find_section(section) if section else None
    root = Path(root) if root else Path.cwd()
    # Read, never create, the settings row: a dry run must not write even that.
    site = SiteSettings.objects.filter(pk=SiteSettings.SINGLETON_ID).first() or SiteSettings()
    masthead = [site.tagline, site.name]
    report = ImportReport()
    mtimes = []

    def pending_items():
        for link in links:
            report.fail(str(link), LINK_REFUSED)
        for path in files:
            source_id = source_id_for(path, root)
            try:
                raw, mtime = read_without_following(path)
            except OSError as error:
                if error.errno == errno.ELOOP:
                    report.fail(str(path), LINK_REFUSED)
                else:
                    report.fail(str(path), f"cannot read the file: {error}")
                continue
            if len(source_id) > 200:
                report.fail(str(path), "the path is longer than 200 characters")
                continue
            options = f"\0{section_obj.slug if section_obj else ''}\0{status}".encode()
            yield PendingItem(
                source_id=source_id,
                fingerprint=hashlib.sha256(raw + options).hexdigest(),
                location=str(path),
                build=partial(build_record, path, raw, mtime),
            )

    def build_record(path, raw, mtime):
        parsed = parse_text(decode_bytes(raw), masthead_lines=masthead)
        when = published_at
        if when is None:
            when = datetime.fromtimestamp(mtime, tz=UTC)
            mtimes.append((path, when))
        body = "\n".join(
            "<p>" + "<br>".join(escape(line) for line in paragraph.split("\n")) + "</p>"
            for paragraph in parsed.paragraphs
        )
        return ArticleRecord(
            headline=parsed.headline,
            body=sanitize_body_html(body),
            status=STATUSES[status],
            publish_at=when,
            dateline=parsed.dateline,
            kicker=parsed.kicker,
            comment_policy=CommentPolicy.CLOSED
            if parsed.comments_closed
            else CommentPolicy.SITE_DEFAULT,
            section=SectionRef(name=section_obj.name, slug=section_obj.slug)
            if section_obj
            else None,
            author_names=parsed.bylines,
        )

    def work():
        loader = ArticleLoader(
            source=SOURCE,
            report=report,
            actor=SystemActor.IMPORT_TEXT,
            overwrite_local_changes=overwrite_local_changes,
        )
        with progress_bar(len(files), enabled=show_progress, unit="file") as bar:
            loader.load(pending_items(), progress=bar)

    run_import(report, work, dry_run=dry_run, atomic=atomic)
    report_mtimes(report, mtimes)
    return report


def report_mtimes(report, mtimes):
    if not mtimes:
        return
    report.counts["publish time taken from the file's modification time"] = len(mtimes)
    if len(mtimes) <= LISTED_MTIMES:
        for path, when in mtimes:
            report.notes.append(f"{path}: publish time {when.isoformat()} (file modification time)")
    else:
        times = sorted(when for _path, when in mtimes)
        report.notes.append(
            f"publish times from file modification times, {times[0].isoformat()} "
            f"to {times[-1].isoformat()}"
        )
