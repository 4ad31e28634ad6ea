"""Readers' comments of a WordPress export -> `ImportedComment` records, written after the posts.

Mapping: approved (`1`) -> published, held (`0`) -> the moderation queue, spam and trash ->
skipped and counted; pingbacks and trackbacks are not readers' comments (counted, skipped). The
author's name and e-mail (private, as every comment's) are kept, the address (`comment_author_IP`)
is not; the date is comment_date_gmt, else comment_date read in Africa/Casablanca. The text
becomes plain text (WordPress allowed a few tags). Replies keep their thread one level deep: a
reply to a reply goes under its top-level comment. Identity: the export's source and the
WordPress comment id, so a re-run creates nothing twice (`comments_import`).
"""

import html
from collections import Counter
from dataclasses import dataclass

from django.utils.html import strip_tags

from articles.importers.errors import ItemError
from articles.models import Article, CommentStatus
from articles.models.comment import BODY_MAX_LENGTH, NAME_MAX_LENGTH

STATUSES = {"1": CommentStatus.APPROVED, "0": CommentStatus.PENDING}
NOT_COMMENTS = {"pingback", "trackback", "pings"}


@dataclass(frozen=True)
class ImportedComment:
    source_id: str
    parent_source_id: str
    name: str
    email: str
    body: str
    created_at: object
    status: str


def comment_records(rows, counts, parse_date):
    """The records of one post's comment `rows`; what is skipped is counted in `counts`."""
    records = []
    for row in rows:
        kind = row.get("wp:comment_type", "").strip()
        approved = row.get("wp:comment_approved", "").strip()
        comment_id = row.get("wp:comment_id", "").strip()
        if kind in NOT_COMMENTS:
            counts["comments skipped: pingbacks and trackbacks"] += 1
        elif approved not in STATUSES:
            counts[f"comments skipped: {approved or 'no status'}"] += 1
        elif not comment_id:
            counts["comments skipped: no comment id"] += 1
        else:
            try:
                created_at = parse_date(row.get("wp:comment_date_gmt"), gmt=True) or parse_date(
                    row.get("wp:comment_date"), gmt=False
                )
            except ItemError:
                created_at = None
            body = html.unescape(strip_tags(row.get("wp:comment_content", ""))).strip()
            if created_at is None or not body:
                counts["comments skipped: no date or no text"] += 1
                continue
            parent = row.get("wp:comment_parent", "").strip()
            records.append(
                ImportedComment(
                    source_id=comment_id,
                    parent_source_id="" if parent in ("", "0") else parent,
                    name=(row.get("wp:comment_author", "").strip() or "—")[:NAME_MAX_LENGTH],
                    email=row.get("wp:comment_author_email", "").strip()[:254],
                    body=body[:BODY_MAX_LENGTH],
                    created_at=created_at,
                    status=STATUSES[approved],
                )
            )
    return records


def write_comments(*, source, pending, counts, actor):
    """Write the comments of every post in `pending` ({post source id: [records]}) to their
    articles, through `comments_import`; count what was created and what existed."""
    from articles.services.comments import comments_import

    if not pending:
        return
    ids = dict(
        Article.objects.filter(source=source, source_id__in=list(pending)).values_list(
            "source_id", "pk"
        )
    )
    tally = Counter()
    for post_id, records in pending.items():
        article_id = ids.get(post_id)
        if article_id is None:  # the post failed or was left out
            continue
        tally.update(
            comments_import(article_id=article_id, records=records, source=source, actor=actor)
        )
    counts["comments imported (published)"] += tally["approved"]
    counts["comments imported (awaiting moderation)"] += tally["pending"]
    counts["comments already imported"] += tally["existing"]
