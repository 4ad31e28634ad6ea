"""Load the demo articles of `articles/demo_content.py`; running it again changes nothing."""

from datetime import timedelta

from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone
from django.utils.html import escape

from articles import demo_content
from articles.models import Article, Byline, Section, Status, Tag
from authors.models import Author

DEMO_SOURCE = "demo"


class Command(BaseCommand):
    help = "Load a few demo articles, sections and authors (safe to run again)."

    def handle(self, *args, **options):
        created = load_demo_content(now=timezone.now())
        if created:
            self.stdout.write(self.style.SUCCESS(f"Demo content: {created} articles created."))
        else:
            self.stdout.write("Demo content already present; nothing to do.")


@transaction.atomic
def load_demo_content(*, now):
    """Create the demo articles that do not exist yet; return how many were created."""
    sections = {}
    for name, order in demo_content.SECTIONS:
        sections[name], _ = Section.objects.get_or_create(name=name, defaults={"order": order})
    authors = {}
    for name, title in demo_content.AUTHORS:
        authors[name] = Author.objects.find_by_name(name) or Author.objects.create(
            name=name, job_title=title
        )
    created = 0
    for item in demo_content.ARTICLES:
        if Article.objects.filter(source=DEMO_SOURCE, source_id=item["key"]).exists():
            continue
        article = Article.objects.create(
            headline=item["headline"],
            kicker=item["kicker"],
            standfirst=item["standfirst"],
            dateline=item["dateline"],
            body="".join(f"<p>{escape(p)}</p>" for p in item["paragraphs"]),
            section=sections[item["section"]],
            status=Status.PUBLISHED,
            publish_at=now - timedelta(hours=item["hours_ago"]),
            comment_policy=item["comments"],
            source=DEMO_SOURCE,
            source_id=item["key"],
        )
        for position, name in enumerate(item["authors"]):
            Byline.objects.create(article=article, author=authors[name], position=position)
        for tag_name in item["tags"]:
            tag, _ = Tag.objects.get_or_create(name=tag_name)
            article.tags.add(tag)
        created += 1
    return created
