"""The importers' one write path: plain records -> articles, bylines, tags and redirects.

The newsroom's decisions stick (docs/workflow.md, "Importers"):
- New articles take `status` and `publish_at` from the source: an archive is history. They are
  inserted in batches (COPY on PostgreSQL) with one audit row each naming the importer, inside
  a savepoint; when a batch fails it is retried one article per savepoint so that only the
  broken article is reported and left out.
- An existing article never changes status or publish time on a re-run. A changed source
  updates its content through the content service (`article_update_content`: version + 1, a
  revision by the importer, purge), unless someone changed the article in the CMS since the
  last import (`version` moved past `imported_version`): then it is left alone and reported,
  unless the operator asked to overwrite local changes.
- An unchanged source (same fingerprint) is not touched.
"""

from collections import Counter
from itertools import batched

from django.db import DatabaseError, reset_queries, transaction
from django.utils.translation import gettext as _

from articles.exceptions import WorkflowError
from articles.importers.bulk import BulkWriter, refresh_statistics
from articles.importers.errors import ItemError
from articles.models import (
    Article,
    Byline,
    Redirect,
    Section,
    Status,
    StatusChange,
    Tag,
    TagRedirect,
)
from articles.search import article_search_text
from articles.services.content import article_update_content
from authors.models import Author
from newsroom.text import arabic_slugify, normalise_name, normalise_tag_name

BATCH_SIZE = 500
# Slugs or names per query when looking up the shared entities an export declares.
LOOKUP_CHUNK = 500
# After this many new articles in a run the tables' statistics are refreshed (see bulk.py).
ANALYZE_AFTER = 2000
PUBLIC_STATUSES = {Status.PUBLISHED, Status.SCHEDULED}
# The article columns an import sets, in the order `_article_row` gives them.
ARTICLE_COLUMNS = (
    "source",
    "source_id",
    "headline",
    "slug",
    "dateline",
    "kicker",
    "standfirst",
    "body",
    "status",
    "publish_at",
    "comment_policy",
    "is_featured",
    "section_id",
    "source_hash",
    # A new article is "as imported": its version (1) is the one this import left.
    "imported_version",
    # Computed per row (COPY runs no pre_save): articles/search/document.py.
    "search_text",
)
# The audit row of each new article: its first status, set by the importer.
AUDIT_COLUMNS = ("article_id", "from_status", "to_status", "system_actor", "note")


def limit(text, length):
    return text if len(text) <= length else text[: length - 1].rstrip() + "…"


class ArticleLoader:
    def __init__(
        self,
        *,
        source,
        report,
        actor,
        overwrite_local_changes=False,
        section_parents=None,
        seen=None,
    ):
        self.source = source
        self.report = report
        # The SystemActor named in the revisions and audit rows this import writes.
        self.actor = actor
        self.overwrite_local_changes = overwrite_local_changes
        # slug -> parent slug, for sections declared with a hierarchy (WordPress categories).
        self.section_parents = section_parents if section_parents is not None else {}
        self._authors = {}
        self._sections = {}
        self._tags = {}
        # Source ids met so far (a duplicate is a failure); the WXR importer shares it with
        # the filter that leaves out unchanged posts before parsing.
        self._seen = seen if seen is not None else set()

    def find_known(self, *, sections=(), tags=(), authors=()):
        """Look up the given section and tag slugs (or names) and author names in a few
        queries, so that `section`, `tag` and `author` need none for those found.

        An export declares every category, tag and author of the site; asking for each one
        by one cost a query apiece on every run, even a re-run where nothing changed.
        """
        for model, cache, raws, fallback in (
            (Section, self._sections, sections, "section"),
            (Tag, self._tags, tags, "tag"),
        ):
            wanted = {}  # slug -> the spellings it was asked by
            for raw in raws:
                if raw and raw not in cache:
                    wanted.setdefault(arabic_slugify(raw, 100) or fallback, []).append(raw)
            for chunk in batched(wanted, LOOKUP_CHUNK):
                for found in model.objects.filter(slug__in=chunk):
                    for raw in wanted[found.slug]:
                        cache[raw] = found
                    cache[found.slug] = found
        keys = {}
        for name in authors:
            key = normalise_name(limit(" ".join(name.split()), 200))
            if key and key not in self._authors:
                keys[key] = None
        for chunk in batched(keys, LOOKUP_CHUNK):
            # The first by primary key, as `Author.objects.find_by_name` answers.
            for author in Author.objects.filter(normalised_name__in=chunk).order_by("-pk"):
                self._authors[author.normalised_name] = author

    # Entities shared between articles: found again or created, each in its own savepoint so
    # that a failed article batch never takes a shared author or section with it.

    def author(self, name):
        name = limit(" ".join(name.split()), 200)
        key = normalise_name(name)
        if not key:
            raise ItemError("an empty byline")
        if key not in self._authors:
            author = Author.objects.find_by_name(name)
            if author is None:
                with transaction.atomic():
                    author = Author.objects.create(name=name)
                self.report.counts["authors created"] += 1
            self._authors[key] = author
        return self._authors[key]

    def section(self, ref, _depth=0):
        raw = ref.slug or ref.name
        if raw in self._sections:
            return self._sections[raw]
        slug = arabic_slugify(raw, 100) or "section"
        if slug not in self._sections:
            section = Section.objects.filter(slug=slug).first()
            if section is None:
                parent = None
                parent_slug = ref.parent_slug or self.section_parents.get(slug, ("", ""))[1]
                if parent_slug and parent_slug != slug and _depth < 20:
                    name = self.section_parents.get(parent_slug, (parent_slug, ""))[0]
                    parent = self.section(type(ref)(name=name, slug=parent_slug), _depth + 1)
                with transaction.atomic():
                    section = Section.objects.create(
                        name=limit(ref.name or slug, 100), slug=slug, parent=parent
                    )
                self.report.counts["sections created"] += 1
            self._sections[slug] = section
        # Also remember the spelling it was asked by: slugifying is the costly part.
        self._sections[raw] = self._sections[slug]
        return self._sections[slug]

    def tag(self, name, slug=""):
        raw = slug or name
        if raw in self._tags:
            return self._tags[raw]
        slug = arabic_slugify(raw, 100) or "tag"
        if slug not in self._tags:
            tag = Tag.objects.filter(slug=slug).first() or self._tag_known_otherwise(
                name or slug, slug
            )
            if tag is None:
                with transaction.atomic():
                    tag = Tag.objects.create(name=limit(name or slug, 100), slug=slug)
                self.report.counts["tags created"] += 1
            self._tags[slug] = tag
        self._tags[raw] = self._tags[slug]
        return self._tags[slug]

    @staticmethod
    def _tag_known_otherwise(name, slug):
        """The tag a source's tag is already known as: another spelling of its name
        ("الامن" for "الأمن"), or the tag it was merged into (its slug redirects)."""
        tag = Tag.objects.filter(normalised_name=normalise_tag_name(limit(name, 100))).first()
        if tag is None:
            redirect = TagRedirect.objects.filter(old_slug=slug).select_related("tag").first()
            tag = redirect.tag if redirect else None
        return tag

    # Articles.

    def load(self, items, progress=None):
        """Write every pending item; count what happened in the report."""
        for batch in batched(items, BATCH_SIZE):
            self._load_batch(batch)
            # With DEBUG on, Django keeps every query's SQL; bulk inserts are megabytes each.
            reset_queries()
            if progress is not None:
                progress.update(len(batch))
        if self.report.created >= ANALYZE_AFTER:
            refresh_statistics([Article, Byline, Redirect, Article.tags.through])

    def _load_batch(self, batch):
        existing = {
            row[0]: row[1:]
            for row in Article.objects.filter(
                source=self.source, source_id__in=[item.source_id for item in batch]
            ).values_list("source_id", "pk", "source_hash", "version", "imported_version")
        }
        new = []
        for item in batch:
            if item.source_id in self._seen:
                self.report.fail(item.location, f"the id {item.source_id!r} appears twice")
                continue
            self._seen.add(item.source_id)
            found = existing.get(item.source_id)
            if found is not None and found[1] == item.fingerprint:
                self.report.unchanged += 1
                continue
            if found is not None and found[2] != found[3] and not self.overwrite_local_changes:
                # Changed in the CMS since the last import: the newsroom's version stands.
                self.report.left_alone.append((found[0], item.source_id))
                continue
            try:
                record = item.build()
                resolved = self._resolve(record)
            except ItemError as error:
                location = f"{item.location}:{error.line}" if error.line else item.location
                self.report.fail(location, error)
                continue
            except DatabaseError as error:  # an author, section or tag the database refused
                self.report.fail(item.location, f"the database refused it: {error}")
                continue
            if found is None:
                new.append((item, record, resolved))
            else:
                self._update(found[0], item, record, resolved)
        if new:
            self._create(new)

    def _resolve(self, record):
        """Check the record against the model's limits and find its shared entities."""
        if not record.headline.strip():
            raise ItemError("no headline")
        if len(record.headline) > 300:
            raise ItemError(f"the headline is {len(record.headline)} characters long (at most 300)")
        if record.status in PUBLIC_STATUSES and record.publish_at is None:
            raise ItemError(
                f"status {str(record.status)!r} needs a publish date; the item has none"
            )
        authors = []
        for name in record.author_names:
            author = self.author(name)
            if author not in authors:
                authors.append(author)
        section = self.section(record.section) if record.section else None
        tags = list({tag.pk: tag for tag in (self.tag(n, s) for n, s in record.tag_names)}.values())
        return section, authors, tags

    def _content(self, record, section):
        """The article content a record gives (no status, no publish time)."""
        return {
            "headline": record.headline,
            "slug": arabic_slugify(record.slug or record.headline, 300) or "article",
            "dateline": limit(record.dateline, 100),
            "kicker": limit(record.kicker, 120),
            "standfirst": record.standfirst,
            "body": record.body,
            "comment_policy": record.comment_policy,
            "is_featured": record.is_featured,
            "section": section,
        }

    def _create(self, new):
        try:
            with transaction.atomic():
                counts = self._insert(new)
            self.report.created += len(new)
            self.report.counts.update(counts)
            return
        except DatabaseError:
            pass
        # Something in the batch was refused: find which by writing one article at a time.
        for one in new:
            try:
                with transaction.atomic():
                    counts = self._insert([one])
                self.report.created += 1
                self.report.counts.update(counts)
            except DatabaseError as error:
                self.report.fail(one[0].location, f"the database refused it: {error}")

    def _article_row(self, item, record, section):
        fields = self._content(record, section)
        fields["status"] = record.status
        fields["publish_at"] = record.publish_at
        fields["source_hash"] = item.fingerprint
        fields["imported_version"] = 1
        fields["section_id"] = section.pk if section else None
        fields["search_text"] = article_search_text(fields["standfirst"], fields["body"])
        return (self.source, item.source_id, *(fields[name] for name in ARTICLE_COLUMNS[2:]))

    def _insert(self, new):
        """Write new articles with their bylines, tags and redirects: one statement each."""
        ids = BulkWriter(Article, ARTICLE_COLUMNS).insert(
            [self._article_row(item, record, section) for item, record, (section, _a, _t) in new],
            return_ids=True,
        )
        BulkWriter(Byline, ("article_id", "author_id", "position")).insert(
            [
                (pk, author.pk, position)
                for pk, (_item, _record, (_s, authors, _t)) in zip(ids, new, strict=True)
                for position, author in enumerate(authors)
            ]
        )
        BulkWriter(Article.tags.through, ("article_id", "tag_id")).insert(
            [
                (pk, tag.pk)
                for pk, (_item, _record, (_s, _a, tags)) in zip(ids, new, strict=True)
                for tag in tags
            ]
        )
        note = _("Created by an import.")
        BulkWriter(StatusChange, AUDIT_COLUMNS).insert(
            [
                (pk, record.status, record.status, self.actor, note)
                for pk, (_item, record, _resolved) in zip(ids, new, strict=True)
            ]
        )
        return self._add_redirects(
            (pk, record.redirect_paths)
            for pk, (_item, record, _resolved) in zip(ids, new, strict=True)
        )

    def _update(self, pk, item, record, resolved):
        """The changed source's content, through the content service; never the status."""
        section, authors, tags = resolved
        changes = self._content(record, section)
        changes["tags"] = tags
        changes["authors"] = authors
        try:
            with transaction.atomic():
                article_update_content(
                    article=Article(pk=pk),
                    actor=self.actor,
                    changes=changes,
                    # Editors can compare the imported change with what was there.
                    note=_("Updated by an import from its changed source."),
                    import_fingerprint=item.fingerprint,
                )
                counts = self._add_redirects([(pk, record.redirect_paths)])
            self.report.updated += 1
            self.report.counts.update(counts)
        except DatabaseError as error:
            self.report.fail(item.location, f"the database refused the update: {error}")
        except WorkflowError as error:
            self.report.fail(item.location, f"the update was refused: {error}")

    def _add_redirects(self, pairs):
        """Old paths -> articles (given as (article id, paths) pairs); a path another article already answers is kept and reported.

        Returns what to count once the surrounding savepoint has been released.
        """
        counts = Counter()
        wanted = {}
        for article_id, paths in pairs:
            for path in paths:
                if len(path) > 500:
                    counts["redirects too long to keep"] += 1
                    continue
                wanted.setdefault(path, article_id)
        if not wanted:
            return counts
        taken = dict(
            Redirect.objects.filter(old_path__in=list(wanted)).values_list("old_path", "article_id")
        )
        fresh = []
        for path, article_id in wanted.items():
            if path not in taken:
                fresh.append((path, article_id))
            elif taken[path] != article_id:
                counts["redirects skipped (path already used by another article)"] += 1
        BulkWriter(Redirect, ("old_path", "article_id")).insert(fresh)
        counts["redirects created"] += len(fresh)
        return counts
