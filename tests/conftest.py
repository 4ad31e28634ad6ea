"""Hand-written `make_*` helpers shared by every test module."""

import itertools
from datetime import timedelta

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.contrib.auth.management import create_permissions
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.utils import timezone

from articles.images.pending_files import forget_pending_files
from articles.models import Article, Byline, Section, SiteSettings, Status, Tag
from articles.public import navigation, pins
from articles.services import roles
from articles.services.reads import MOST_READ_GENERATION_KEY
from articles.services.scheduled_updates import NEXT_UPDATE_GENERATION_KEY
from authors.models import Author
from newsroom.kept import forget
from tests.sign_in import sign_in

# The shared chromium and its page helpers (browser, watched_page, sign_in_in_browser), for
# browser tests in any folder.
pytest_plugins = ["tests.browser_fixtures"]

_counter = itertools.count(1)


@pytest.fixture
def now():
    """A fixed "now" that tests pass in explicitly rather than freezing the clock."""
    return timezone.now().replace(microsecond=0)


@pytest.fixture
def make_section(db):
    def make(name=None, **fields):
        return Section.objects.create(name=name or f"قسم {next(_counter)}", **fields)

    return make


@pytest.fixture
def make_tag(db):
    def make(name=None, **fields):
        return Tag.objects.create(name=name or f"وسم {next(_counter)}", **fields)

    return make


@pytest.fixture
def make_author(db):
    def make(name=None, **fields):
        return Author.objects.create(name=name or f"كاتب رقم {next(_counter)}", **fields)

    return make


@pytest.fixture
def make_article(db, make_section, make_author):
    """An article, public by default: published an hour ago with one byline and a section.

    `authors=[…]` sets the bylines in order; `status`, `publish_at` and any field override.
    `is_breaking=True` shows the label for three hours unless `breaking_until` says otherwise.
    """

    def make(*, authors=None, tags=(), section=None, **fields):
        fields.setdefault("headline", f"عنوان المقال رقم {next(_counter)}")
        fields.setdefault("body", "<p>فقرة أولى من المتن.</p>")
        fields.setdefault("status", Status.PUBLISHED)
        if fields["status"] in (Status.PUBLISHED, Status.SCHEDULED):
            fields.setdefault("publish_at", timezone.now() - timedelta(hours=1))
        if fields.get("is_breaking"):
            # As the content service does: a breaking label ends (NEWSROOM_BREAKING_HOURS).
            fields.setdefault("breaking_until", timezone.now() + timedelta(hours=3))
        article = Article.objects.create(section=section or make_section(), **fields)
        for position, author in enumerate(authors if authors is not None else [make_author()]):
            Byline.objects.create(article=article, author=author, position=position)
        if tags:
            article.tags.set(tags)
        return article

    return make


@pytest.fixture
def site_settings(db):
    return SiteSettings.load()


@pytest.fixture
def change_site_settings(db, django_user_model):
    """Change the site settings as the editor-in-chief would, through the service, and return
    the saved row: `change_site_settings(show_hijri_date=False)`."""
    from articles.services.site_settings import site_settings_update

    chief = django_user_model.objects.create(username="site-settings-chief", is_staff=True)
    chief.groups.add(role_group(ROLE_GROUPS["chief"]))

    def change(**changes):
        return site_settings_update(actor=chief, changes=changes)

    return change


@pytest.fixture(autouse=True)
def page_cache_off(settings):
    """Tests read pages right after writing models directly, which purges nothing: the page
    cache is off except in its own tests (tests/newsroom/http/test_page_cache.py)."""
    settings.NEWSROOM_PAGE_CACHE = False


@pytest.fixture
def page_cache_on(settings):
    """The page cache on, for the tests of what it stores, starting and ending empty."""
    settings.NEWSROOM_PAGE_CACHE = True
    cache.clear()
    yield settings
    cache.clear()


@pytest.fixture(autouse=True)
def site_settings_not_cached_from_another_test():
    """The settings row is cached (SiteSettings.load); a test's rolled-back row must not leak."""
    SiteSettings.forget_cached()
    yield
    SiteSettings.forget_cached()


@pytest.fixture(autouse=True)
def navigation_not_cached_from_another_test():
    """The menu and footer links are cached (articles/public/navigation.py); likewise."""
    navigation.forget_cached()
    yield
    navigation.forget_cached()


@pytest.fixture(autouse=True)
def shared_page_data_not_cached_from_another_test():
    """The "most read" rankings, the home page's pins and the next scheduled update's time are
    kept in the shared cache (articles/public/most_read.py, articles/public/pins.py,
    articles/services/scheduled_updates.py)."""
    forget_shared_page_data()
    yield
    forget_shared_page_data()


def forget_shared_page_data():
    for generation_key in (
        MOST_READ_GENERATION_KEY,
        pins.GENERATION_KEY,
        NEXT_UPDATE_GENERATION_KEY,
    ):
        forget(generation_key)


@pytest.fixture(autouse=True)
def fast_password_hasher(settings):
    """Argon2 is deliberately slow; tests hash with MD5. Production's default is pinned by
    tests/staff/test_passwords.py."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def pending_image_files_forgotten():
    """Each test's rollback leaves the names of the files it wrote waiting for a commit that
    never comes (articles/images/pending_files.py); the next test starts with none."""
    yield
    forget_pending_files()


@pytest.fixture
def sign_in_with_second_factor(db):
    """`sign_in(client, user)` as a fixture (tests/sign_in.py)."""
    return sign_in


@pytest.fixture
def admin_client(client, admin_user, sign_in_with_second_factor):
    """pytest-django's admin client, with the superuser's second factor verified."""
    return sign_in_with_second_factor(client, admin_user)


STAFF_PASSWORD = "a long enough test passphrase 42"


@pytest.fixture
def make_staff_user(db):
    """A staff account, in the role named by `role` ("reporter", "editor", "editor-in-chief"
    or "chief") when given; its password is STAFF_PASSWORD."""

    def make(username=None, *, role=None, **fields):
        fields.setdefault("is_staff", True)
        user = get_user_model().objects.create_user(
            username=username or f"staff{next(_counter)}", password=STAFF_PASSWORD, **fields
        )
        if role:
            user.groups.add(role_group(ROLE_GROUPS[role]))
        return user

    return make


# Test names of the newsroom's roles; the groups themselves are named in Arabic (articles/services/roles.py).
ROLE_GROUPS = {
    "reporter": roles.REPORTER,
    "editor": roles.EDITOR,
    "chief": roles.EDITOR_IN_CHIEF,
    "editor-in-chief": roles.EDITOR_IN_CHIEF,
}


def role_group(name):
    """The role's group. The migration creates it, but a transactional test (the browser tests,
    the concurrency test) empties the tables when it ends, so it is rebuilt from
    articles.services.roles when missing."""
    group, created = Group.objects.get_or_create(name=name)
    if created:
        for permission in roles.ROLE_PERMISSIONS[name]:
            app_label, codename = permission.split(".")
            group.permissions.add(_permission(app_label, codename))
    return group


def _permission(app_label, codename):
    """The permission row, recreated from the models' Meta when a flush removed it."""
    lookup = {"content_type__app_label": app_label, "codename": codename}
    if not Permission.objects.filter(**lookup).exists():
        # The content type cache may still hold rows the flush removed.
        ContentType.objects.clear_cache()
        create_permissions(apps.get_app_config(app_label), verbosity=0)
    return Permission.objects.get(**lookup)
