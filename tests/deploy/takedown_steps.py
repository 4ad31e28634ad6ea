"""The newsroom's side of tests/deploy/test_takedown.py, run in a process of its own.

`python -m tests.deploy.takedown_steps <step> [arguments]` against the same database and cache
settings as the served stack (the environment says which), as an editor's request or the
scheduler would: the served processes learn of the change only through the database and the
shared cache, never through the test. Each step prints one line of JSON.
"""

import json
import os
import sys
from datetime import timedelta


def setup():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")
    import django

    django.setup()


def editor():
    from django.contrib.auth.models import User

    user, _created = User.objects.get_or_create(
        username="takedown-editor", defaults={"is_staff": True, "is_superuser": True}
    )
    return user


def create(expires_in=None):
    """A published article (expiring `expires_in` seconds from now, if given)."""
    from django.utils import timezone

    from articles.models import Article, Byline, Section, Status
    from authors.models import Author

    section, _created = Section.objects.get_or_create(name="أخبار الاختبار")
    now = timezone.now()
    article = Article.objects.create(
        headline="مقال يسحب بعد نشره",
        body="<p>فقرة من متن المقال.</p>",
        section=section,
        status=Status.PUBLISHED,
        publish_at=now - timedelta(minutes=5),
        expires_at=None if expires_in is None else now + timedelta(seconds=float(expires_in)),
    )
    author, _created = Author.objects.get_or_create(name="كاتب الاختبار")
    Byline.objects.create(article=article, author=author, position=0)
    return {
        "id": article.pk,
        "url": article.get_absolute_url(),
        "expires_at": article.expires_at.timestamp() if article.expires_at else None,
    }


def archive(pk):
    """The editor takes the article down, through the workflow service."""
    from articles.models import Article
    from articles.services import article_archive

    article = article_archive(
        article=Article.objects.get(pk=pk), actor=editor(), reason="أمر قضائي"
    )
    return {"status": article.status}


def change_slug(pk, slug):
    """The editor gives the article a new slug through the content service, as the admin's
    save does (row locked, version, revision, purge after commit)."""
    from articles.models import Article
    from articles.services import article_update_content

    article = Article.objects.get(pk=pk)
    article_update_content(article=article, actor=editor(), changes={"slug": slug})
    return {"url": article.get_absolute_url()}


STEPS = {"create": create, "archive": archive, "change_slug": change_slug}

if __name__ == "__main__":
    setup()
    print(json.dumps(STEPS[sys.argv[1]](*sys.argv[2:])))
