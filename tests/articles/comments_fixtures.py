"""Fixtures shared by the comment tests: comments on, an open article, a reader's comment."""

import contextlib
import itertools

import pytest
from django.core.cache import cache
from django.utils import timezone

from articles.models import Comment, CommentStatus

_counter = itertools.count(1)


@pytest.fixture
def comments_on(change_site_settings):
    """The site switch on, the other comment settings at their defaults."""
    return change_site_settings(comments_enabled=True)


@pytest.fixture
def make_comment(db):
    """A comment written straight to the table (the services are under test elsewhere)."""

    def make(article, **fields):
        n = next(_counter)
        fields.setdefault("name", f"قارئ {n}")
        fields.setdefault("body", f"تعليق رقم {n} على المقال.")
        fields.setdefault("status", CommentStatus.APPROVED)
        fields.setdefault("created_at", timezone.now())
        return Comment.objects.create(article=article, **fields)

    return make


@pytest.fixture(autouse=True)
def comment_rate_limits_forgotten():
    """The rate limits count in the cache: one test's comments must not refuse the next's.
    (A test that points the cache at a stopped Redis gets no clearing.)"""
    _clear()
    yield
    _clear()


def _clear():
    with contextlib.suppress(Exception):
        cache.clear()
