"""Password-protected WordPress posts: imported as not public, with a note editors see.

WordPress shows a post that has a `post_password` only to readers who type the password, so its
content was never public. The importer brings such a post in as a draft (a pending one stays in
review) and writes an audit row on it, shown in the article's status history in the admin, saying
why; the report counts them. The note is written once: a re-run finds it and adds none.
"""

from itertools import batched

from django.utils.translation import gettext as _

from articles.models import Article, Status, StatusChange, SystemActor

CHUNK = 500
# How many post ids the report names.
EXAMPLES = 10


def protected_post_note():
    return _(
        "The old site protected this post with a password, so it was imported as not public. "
        "Check with the newsroom whether readers may see it before publishing it."
    )


def note_protected_posts(*, source, post_ids, unchanged_ids=(), report):
    """Write the note on each protected post's article that lacks it; name them in `report`.

    `unchanged_ids`: protected posts left out as unchanged since an earlier import. One made
    public by an import older than this rule stays public (a re-run never changes an article's
    status): the report names it so that an editor can take it down.
    """
    _report_public(source=source, post_ids=unchanged_ids, report=report)
    if not post_ids:
        return
    note = protected_post_note()
    for chunk in batched(post_ids, CHUNK):
        articles = (
            Article.objects.filter(source=source, source_id__in=chunk)
            .exclude(status_changes__note=note)
            .values_list("pk", "status")
        )
        StatusChange.objects.bulk_create(
            StatusChange(
                article_id=pk,
                from_status=status,
                to_status=status,
                note=note,
                system_actor=SystemActor.IMPORT_WXR,
            )
            for pk, status in articles
        )
    report.notes.append(
        "password-protected on the old site, imported as not public: items "
        + ", ".join(post_ids[:EXAMPLES])
        + (" …" if len(post_ids) > EXAMPLES else "")
    )


def _report_public(*, source, post_ids, report):
    found = set()
    for chunk in batched(post_ids, CHUNK):
        found.update(
            # Scheduled counts: it becomes public on time without anyone looking.
            Article.objects.filter(
                source=source, source_id__in=chunk, status__in=[Status.PUBLISHED, Status.SCHEDULED]
            ).values_list("source_id", flat=True)
        )
    public = [post_id for post_id in post_ids if post_id in found]  # in the export's order
    if public:
        report.counts["password-protected posts public here (imported before; check them)"] += len(
            public
        )
        report.notes.append(
            "password-protected on the old site but public here, from an earlier import: items "
            + ", ".join(public[:EXAMPLES])
            + (" …" if len(public) > EXAMPLES else "")
            + " (take them down in the admin unless the newsroom decided to publish them)"
        )
