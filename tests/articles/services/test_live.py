"""Live coverage (articles/services/live.py): who may post, edit, withdraw and pin entries and
start or end the coverage; each write audited and purged after commit; one pinned entry."""

import pytest
from django.db import IntegrityError, transaction
from django.utils.translation import gettext

from articles.exceptions import InvalidTransition, TransitionNotPermitted
from articles.models import Article, Byline, LiveEntry, Status, StatusChange
from articles.services.live import (
    live_coverage_end,
    live_coverage_start,
    live_entry_edit,
    live_entry_pin,
    live_entry_post,
    live_entry_withdraw,
)
from articles.signals import article_changed_publicly, live_entries_changed
from authors.models import Author
from tests.articles.images.conftest import make_image, media_root  # noqa: F401, F811


@pytest.fixture
def heard():
    """The article ids announced by live_entries_changed and article_changed_publicly."""
    ids = {"entries": [], "article": []}

    def entries(sender, article_id, **kwargs):
        ids["entries"].append(article_id)

    def article(sender, article, **kwargs):
        ids["article"].append(article.pk)

    live_entries_changed.connect(entries)
    article_changed_publicly.connect(article)
    yield ids
    live_entries_changed.disconnect(entries)
    article_changed_publicly.disconnect(article)


@pytest.fixture
def live_article(make_article, staff):
    article = make_article()
    return live_coverage_start(article=article, actor=staff["editor"])


def post(article, actor, body="<p>وصول الوفد إلى الرباط.</p>", **kwargs):
    return live_entry_post(article=article, actor=actor, body=body, **kwargs)


def notes(article):
    return list(
        StatusChange.objects.filter(article=article).order_by("id").values_list("note", flat=True)
    )


# Who may do what.


@pytest.mark.parametrize(
    ("role", "allowed"),
    [("anonymous", False), ("reporter", False), ("editor", True), ("chief", True)],
)
def test_only_editors_start_and_end_live_coverage(role, allowed, staff, make_article):
    article = make_article()
    if not allowed:
        with pytest.raises(TransitionNotPermitted):
            live_coverage_start(article=article, actor=staff[role])
        article.refresh_from_db()
        assert article.live_started_at is None
        return
    live_coverage_start(article=article, actor=staff[role])
    article.refresh_from_db()
    assert article.is_live
    live_coverage_end(article=article, actor=staff[role])
    article.refresh_from_db()
    assert article.live_ended_at is not None and not article.is_live


@pytest.mark.parametrize(
    ("role", "allowed"),
    [("anonymous", False), ("reporter", False), ("editor", True), ("chief", True)],
)
def test_who_may_post_on_any_live_blog(role, allowed, staff, live_article):
    if allowed:
        entry = post(live_article, staff[role])
        assert entry.created_by == staff[role]
    else:
        with pytest.raises(TransitionNotPermitted):
            post(live_article, staff[role])
        assert not LiveEntry.objects.exists()


def test_a_reporter_posts_edits_withdraws_and_pins_on_an_article_they_sign(
    staff, live_article, make_author
):
    reporter = staff["reporter"]
    author = make_author(name="مراسلة الرباط", user=reporter)
    Byline.objects.create(article=live_article, author=author, position=1)
    entry = post(live_article, reporter, pinned=True)
    assert entry.author == author  # the byline printed with the entry
    live_entry_edit(entry=entry, actor=reporter, body="<p>نص مصحح.</p>")
    live_entry_pin(entry=entry, actor=reporter, pinned=False)
    live_entry_withdraw(entry=entry, actor=reporter)
    entry.refresh_from_db()
    assert entry.is_withdrawn and not entry.pinned


@pytest.mark.parametrize("action", ["edit", "withdraw", "pin"])
def test_a_reporter_may_not_touch_the_entries_of_someone_elses_live_blog(
    action, staff, live_article
):
    entry = post(live_article, staff["editor"])
    calls = {
        "edit": lambda: live_entry_edit(entry=entry, actor=staff["reporter"], body="<p>x</p>"),
        "withdraw": lambda: live_entry_withdraw(entry=entry, actor=staff["reporter"]),
        "pin": lambda: live_entry_pin(entry=entry, actor=staff["reporter"]),
    }
    with pytest.raises(TransitionNotPermitted):
        calls[action]()
    entry.refresh_from_db()
    assert entry.edited_at is None and entry.withdrawn_at is None and not entry.pinned


@pytest.mark.parametrize("action", ["edit", "withdraw", "pin"])
def test_a_reporter_signing_the_article_changes_only_their_own_entries(
    action, staff, live_article, make_author
):
    """An editor's entry on a live blog the reporter signs is not rewritten, withdrawn or
    pinned by the reporter: readers would still read it under the editor's name."""
    reporter = staff["reporter"]
    Byline.objects.create(article=live_article, author=make_author(user=reporter), position=1)
    entry = post(live_article, staff["editor"])
    calls = {
        "edit": lambda: live_entry_edit(entry=entry, actor=reporter, body="<p>x</p>"),
        "withdraw": lambda: live_entry_withdraw(entry=entry, actor=reporter),
        "pin": lambda: live_entry_pin(entry=entry, actor=reporter),
    }
    with pytest.raises(TransitionNotPermitted, match="posted|نشرتها"):
        calls[action]()
    entry.refresh_from_db()
    assert entry.edited_at is None and entry.withdrawn_at is None and not entry.pinned
    assert "x" not in entry.body
    # An editor changes anyone's entry.
    own = post(live_article, reporter)
    live_entry_edit(entry=own, actor=staff["editor"], body="<p>صححه المحرر.</p>")
    own.refresh_from_db()
    assert own.edited_at is not None


# What each write does.


def test_no_entry_before_the_coverage_starts_nor_after_it_ends(staff, make_article):
    article = make_article()
    with pytest.raises(InvalidTransition):
        post(article, staff["editor"])
    live_coverage_start(article=article, actor=staff["editor"])
    live_coverage_end(article=article, actor=staff["editor"])
    with pytest.raises(InvalidTransition):
        post(article, staff["editor"])
    assert not LiveEntry.objects.exists()


def test_coverage_resumed_keeps_its_start(staff, live_article):
    started = Article.objects.get(pk=live_article.pk).live_started_at
    live_coverage_end(article=live_article, actor=staff["editor"])
    live_coverage_start(article=live_article, actor=staff["editor"])
    article = Article.objects.get(pk=live_article.pk)
    assert article.live_started_at == started and article.is_live
    with pytest.raises(InvalidTransition):
        live_coverage_start(article=article, actor=staff["editor"])


def test_the_body_is_sanitised_and_an_empty_one_refused(staff, live_article):
    entry = post(
        live_article, staff["editor"], body='<p onclick="x()">نص<script>alert(1)</script></p>'
    )
    assert entry.body == "<p>نص</p>"
    with pytest.raises(InvalidTransition):
        post(live_article, staff["editor"], body="<p> <script>x</script></p>")


def test_a_picture_needs_alt_text_and_a_credit(staff, live_article, make_image):  # noqa: F811
    with pytest.raises(InvalidTransition):
        post(live_article, staff["editor"], image=make_image(credit=""))
    entry = post(live_article, staff["editor"], image=make_image())
    assert entry.image is not None


def test_each_write_is_audited_with_its_actor(staff, live_article):
    editor = staff["editor"]
    entry = post(live_article, editor)
    live_entry_edit(entry=entry, actor=editor, body="<p>تحديث.</p>")
    live_entry_pin(entry=entry, actor=editor)
    live_entry_withdraw(entry=entry, actor=editor)
    live_coverage_end(article=live_article, actor=editor)
    number = {"number": entry.pk}
    assert notes(live_article) == [
        gettext("Live coverage started."),
        gettext("Live entry #%(number)s posted.") % number,
        gettext("Live entry #%(number)s edited.") % number,
        gettext("Live entry #%(number)s pinned.") % number,
        gettext("Live entry #%(number)s withdrawn.") % number,
        gettext("Live coverage ended."),
    ]
    rows = StatusChange.objects.filter(article=live_article)
    assert {row.actor for row in rows} == {editor}
    assert {(row.from_status, row.to_status) for row in rows} == {
        (Status.PUBLISHED, Status.PUBLISHED)
    }


def test_an_edit_marks_the_entry_and_an_unchanged_one_writes_nothing(staff, live_article):
    entry = post(live_article, staff["editor"])
    live_entry_edit(entry=entry, actor=staff["editor"], body=entry.body)
    entry.refresh_from_db()
    assert entry.edited_at is None
    assert len(notes(live_article)) == 2
    live_entry_edit(entry=entry, actor=staff["editor"], body="<p>عدد المصابين ثلاثة.</p>")
    entry.refresh_from_db()
    assert entry.edited_at is not None and "ثلاثة" in entry.body


def test_a_withdrawn_entry_cannot_be_edited_nor_pinned(staff, live_article):
    entry = live_entry_withdraw(entry=post(live_article, staff["editor"]), actor=staff["editor"])
    with pytest.raises(InvalidTransition):
        live_entry_edit(entry=entry, actor=staff["editor"], body="<p>x</p>")
    with pytest.raises(InvalidTransition):
        live_entry_pin(entry=entry, actor=staff["editor"])
    with pytest.raises(InvalidTransition):
        live_entry_withdraw(entry=entry, actor=staff["editor"])


def test_pinning_an_entry_unpins_the_one_before(staff, live_article):
    first = post(live_article, staff["editor"], pinned=True)
    second = post(live_article, staff["editor"], pinned=True)
    assert list(LiveEntry.objects.filter(pinned=True)) == [second]
    live_entry_pin(entry=first, actor=staff["editor"])
    assert list(LiveEntry.objects.filter(pinned=True)) == [first]


def test_the_database_holds_one_pinned_entry_per_article(staff, live_article):
    post(live_article, staff["editor"], pinned=True)
    with pytest.raises(IntegrityError), transaction.atomic():
        LiveEntry.objects.create(article=live_article, body="<p>x</p>", pinned=True)


def test_the_database_refuses_a_pinned_withdrawn_entry(staff, live_article):
    entry = post(live_article, staff["editor"])
    with pytest.raises(IntegrityError), transaction.atomic():
        LiveEntry.objects.filter(pk=entry.pk).update(pinned=True, withdrawn_at=entry.created_at)


def test_a_staff_user_without_an_author_profile_posts_without_byline(staff, live_article):
    assert not Author.objects.filter(user=staff["editor"]).exists()
    assert post(live_article, staff["editor"]).author is None


# Purges.


def test_every_entry_write_purges_the_article_page_after_commit(
    staff, live_article, heard, django_capture_on_commit_callbacks
):
    editor = staff["editor"]
    with django_capture_on_commit_callbacks() as callbacks:
        entry = post(live_article, editor)
    assert heard["entries"] == []  # nothing before the commit
    for callback in callbacks:
        callback()
    assert heard["entries"] == [live_article.pk]
    with django_capture_on_commit_callbacks(execute=True):
        live_entry_edit(entry=entry, actor=editor, body="<p>جديد.</p>")
        live_entry_pin(entry=entry, actor=editor)
        live_entry_withdraw(entry=entry, actor=editor)
    assert heard["entries"] == [live_article.pk] * 4


def test_a_refused_write_purges_nothing(
    staff, live_article, heard, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(TransitionNotPermitted):
        post(live_article, staff["reporter"])
    assert heard["entries"] == []


def test_starting_and_ending_purge_every_page_showing_the_article(
    staff, make_article, heard, django_capture_on_commit_callbacks
):
    article = make_article()
    with django_capture_on_commit_callbacks(execute=True):
        live_coverage_start(article=article, actor=staff["editor"])
        live_coverage_end(article=article, actor=staff["editor"])
    assert heard["article"] == [article.pk, article.pk]
