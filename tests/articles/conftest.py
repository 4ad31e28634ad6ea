"""Staff users in each newsroom role, for the workflow and admin tests."""

import itertools

import pytest
from django.contrib.auth.models import AnonymousUser, User

from articles.models import Status
from tests.articles.reads_fixtures import counting_redis, redis_down  # noqa: F401
from tests.conftest import ROLE_GROUPS, role_group

_counter = itertools.count(1)


@pytest.fixture
def make_staff(db):
    """A staff user in `role` ("reporter", "editor", "chief") or in no group (None)."""

    def make(role=None, **fields):
        # No password: tests log in with force_login, and hashing one costs a lot of time.
        user = User.objects.create(
            username=fields.pop("username", f"staff{next(_counter)}"), is_staff=True, **fields
        )
        if role is not None:
            user.groups.add(role_group(ROLE_GROUPS[role]))
        return user

    return make


@pytest.fixture
def staff(make_staff):
    """One user per role, plus the anonymous visitor, keyed by role name."""
    return {
        "anonymous": AnonymousUser(),
        "reporter": make_staff("reporter"),
        "editor": make_staff("editor"),
        "chief": make_staff("chief"),
    }


@pytest.fixture
def make_draft(make_article):
    """A complete draft (headline, section, byline, body) ready to be submitted."""

    def make(**fields):
        fields.setdefault("status", Status.DRAFT)
        return make_article(**fields)

    return make


# The comment tests' fixtures (comments_on, make_comment), kept in their own module.
from tests.articles.comments_fixtures import (  # noqa: E402
    comment_rate_limits_forgotten,  # noqa: F401
    comments_on,  # noqa: F401
    make_comment,  # noqa: F401
)
