"""Password-protected WordPress posts: imported as not public, with a note editors see.

WordPress shows a post that has a `post_password` only to readers who type the password, so its
content was never public. The importer brings such a post in as a draft (a pending one stays in
review) and writes an audit row on it, shown in the article's status history in the admin, saying
why; the report counts them. The note is written once: a re-run finds it and adds none.
"""

from itertools import batched

from django.utils.translation import gettext as _

from articles.models import Article, StatusChange

CHUNK = 500
# How many post ids the report names.
EXAMPLES = 10


def protected_post_note():
    return _(
        "The old site protected this post with a password, so it was imported as not public. "
        "Check with the newsroom whether readers may see it before publishing it."
    )


def note_protected_posts(*, source, post_ids, report):
    """Write the note on each protected post's article that lacks it; name them in `report`."""
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
            StatusChange(article_id=pk, from_status=status, to_status=status, note=note)
            for pk, status in articles
        )
    report.notes.append(
        "password-protected on the old site, imported as not public: items "
        + ", ".join(post_ids[:EXAMPLES])
        + (" …" if len(post_ids) > EXAMPLES else "")
    )
