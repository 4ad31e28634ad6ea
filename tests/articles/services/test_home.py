"""The home page's pins (articles/services/home.py): editors who publish only; each pin and
unpin audited on the article's trail; the home page purged after the commit, and again by the
scheduler when a pin starts or ends or a breaking label ends."""

from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from articles.exceptions import HomePinError, HomePinNotPermitted
from articles.models import HomePin, HomeSlot, StatusChange
from articles.services.home import home_pin, home_purge_due, home_unpin
from articles.signals import home_changed

ROLES = [("anonymous", False), ("reporter", False), ("editor", True), ("chief", True)]


@pytest.mark.parametrize(("role", "allowed"), ROLES)
def test_only_editors_who_publish_pin_articles(role, allowed, staff, make_article):
    article = make_article()
    if allowed:
        pin = home_pin(article=article, slot=HomeSlot.TOP, actor=staff[role])
        assert pin.created_by == staff[role]
    else:
        with pytest.raises(HomePinNotPermitted):
            home_pin(article=article, slot=HomeSlot.TOP, actor=staff[role])
    assert HomePin.objects.exists() is allowed
    assert StatusChange.objects.filter(article=article).exists() is allowed


@pytest.mark.parametrize(("role", "allowed"), ROLES)
def test_only_editors_who_publish_unpin_articles(role, allowed, staff, make_article):
    pin = home_pin(article=make_article(), slot=HomeSlot.TOP, actor=staff["editor"])
    if allowed:
        home_unpin(pin=pin, actor=staff[role])
    else:
        with pytest.raises(HomePinNotPermitted):
            home_unpin(pin=pin, actor=staff[role])
    assert HomePin.objects.exists() is not allowed


def test_pin_and_unpin_are_written_on_the_articles_trail(staff, make_article):
    article = make_article()
    pin = home_pin(article=article, slot=HomeSlot.BAND, position=3, actor=staff["editor"])
    home_unpin(pin=pin, actor=staff["chief"])
    rows = list(StatusChange.objects.filter(article=article).order_by("id"))
    assert [row.actor for row in rows] == [staff["editor"], staff["chief"]]
    assert all(row.from_status == row.to_status == article.status for row in rows)
    assert "3" in rows[0].note and rows[0].note != rows[1].note


@pytest.mark.parametrize(
    ("slot", "position"),
    [(HomeSlot.BAND, 0), (HomeSlot.BAND, 9), (HomeSlot.TOP, 2), (HomeSlot.SECTION, 2), ("x", 1)],
)
def test_a_place_that_does_not_exist_is_refused(slot, position, staff, make_article):
    with pytest.raises(HomePinError):
        home_pin(article=make_article(), slot=slot, position=position, actor=staff["editor"])
    assert not HomePin.objects.exists()


def test_a_pin_ends_after_it_starts_and_not_in_the_past(staff, make_article, now):
    article = make_article()
    with pytest.raises(HomePinError):
        home_pin(
            article=article,
            slot=HomeSlot.TOP,
            actor=staff["editor"],
            starts_at=now + timedelta(hours=2),
            ends_at=now + timedelta(hours=1),
        )
    with pytest.raises(HomePinError):
        home_pin(
            article=article, slot=HomeSlot.TOP, actor=staff["editor"], ends_at=now - timedelta(1)
        )
    assert not HomePin.objects.exists()


def test_an_article_in_no_section_cannot_lead_a_section_block(staff, make_article):
    article = make_article()
    article.section = None
    article.save(update_fields=["section"])
    with pytest.raises(HomePinError):
        home_pin(article=article, slot=HomeSlot.SECTION, actor=staff["editor"])


def test_changing_a_pin_keeps_one_row_and_records_both_articles(staff, make_article):
    first, second = make_article(), make_article()
    pin = home_pin(article=first, slot=HomeSlot.TOP, actor=staff["editor"])
    home_pin(article=second, slot=HomeSlot.BAND, position=2, actor=staff["editor"], pin=pin)
    assert HomePin.objects.get().article == second
    assert StatusChange.objects.filter(article=first).count() == 2  # pinned, then moved off
    assert StatusChange.objects.filter(article=second).count() == 1


def test_pins_purge_the_home_page_after_the_commit(
    staff, make_article, django_capture_on_commit_callbacks
):
    purged = []

    def record(sender, **kwargs):
        purged.append(sender)

    home_changed.connect(record)
    try:
        with django_capture_on_commit_callbacks(execute=False) as callbacks:
            pin = home_pin(article=make_article(), slot=HomeSlot.TOP, actor=staff["editor"])
        assert purged == []  # nothing before the commit
        for callback in callbacks:
            callback()
        assert len(purged) == 1
        with django_capture_on_commit_callbacks(execute=True):
            home_unpin(pin=pin, actor=staff["editor"])
        assert len(purged) == 2
    finally:
        home_changed.disconnect(record)


def test_a_refused_pin_purges_nothing(staff, make_article, django_capture_on_commit_callbacks):
    article = make_article()
    with django_capture_on_commit_callbacks() as callbacks, pytest.raises(HomePinNotPermitted):
        home_pin(article=article, slot=HomeSlot.TOP, actor=staff["reporter"])
    assert callbacks == []


@pytest.mark.parametrize(
    ("field", "offset", "due"),
    [
        ("starts_at", -30, True),  # started since the last run
        ("ends_at", -30, True),  # ended since
        ("starts_at", -600, False),  # long ago: purged then
        ("starts_at", 30, False),  # still to come
    ],
)
def test_the_scheduler_purges_the_home_when_a_pin_starts_or_ends(
    field, offset, due, staff, make_article, django_capture_on_commit_callbacks
):
    now = timezone.now()
    pin = home_pin(article=make_article(), slot=HomeSlot.TOP, actor=staff["editor"])
    HomePin.objects.filter(pk=pin.pk).update(**{field: now + timedelta(seconds=offset)})
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        assert home_purge_due(since=now - timedelta(minutes=2), now=now) is due
    assert len(callbacks) == int(due)


def test_the_scheduler_purges_the_home_when_a_breaking_label_ends(make_article):
    now = timezone.now()
    make_article(is_breaking=True, breaking_until=now - timedelta(seconds=20))
    assert home_purge_due(since=now - timedelta(minutes=2), now=now)
    assert not home_purge_due(since=now - timedelta(seconds=10), now=now)


def test_the_scheduler_command_purges_the_home(make_article, django_capture_on_commit_callbacks):
    make_article(is_breaking=True, breaking_until=timezone.now() - timedelta(seconds=20))
    purged = []

    def record(sender, **kwargs):
        purged.append(sender)

    home_changed.connect(record)
    try:
        with django_capture_on_commit_callbacks(execute=True):
            call_command("publish_scheduled_articles", stdout=StringIO())
    finally:
        home_changed.disconnect(record)
    assert purged == [HomePin]


def test_an_open_ended_pin_ends_the_older_pins_of_its_place(staff, make_article, make_section):
    """The newest pin wins: an older one left open would be listed as showing and read by
    every render of the home page for ever."""
    editor = staff["editor"]
    first, second, third = make_article(), make_article(), make_article()
    old = home_pin(article=first, slot=HomeSlot.TOP, actor=editor)
    band = home_pin(article=third, slot=HomeSlot.BAND, position=2, actor=editor)
    new = home_pin(article=second, slot=HomeSlot.TOP, actor=editor)
    old.refresh_from_db()
    assert old.ends_at is not None and old.ends_at <= timezone.now()
    assert set(HomePin.objects.not_ended()) == {band, new}
    note = StatusChange.objects.filter(article=first).latest("id").note
    assert "newer" in note or "أحدث" in note
    # A pin with an end covers the place for a while only: the open one shows again after.
    later = timezone.now() + timedelta(hours=2)
    home_pin(article=third, slot=HomeSlot.TOP, actor=editor, ends_at=later)
    new.refresh_from_db()
    assert new.ends_at is None


def test_a_section_pin_ends_only_the_older_pin_of_its_own_section(
    staff, make_article, make_section
):
    editor = staff["editor"]
    sport, economy = make_section(), make_section()
    sport_old = home_pin(article=make_article(section=sport), slot=HomeSlot.SECTION, actor=editor)
    economy_pin = home_pin(
        article=make_article(section=economy), slot=HomeSlot.SECTION, actor=editor
    )
    home_pin(article=make_article(section=sport), slot=HomeSlot.SECTION, actor=editor)
    sport_old.refresh_from_db()
    economy_pin.refresh_from_db()
    assert sport_old.ends_at is not None
    assert economy_pin.ends_at is None


def test_the_breaking_label_question_reads_an_index_not_every_article(make_article):
    """`home_purge_due` runs every minute: its article query has a partial index on
    breaking_until (articles without a label are not in it)."""
    from django.db import connection

    from articles.models import Article

    make_article(is_breaking=True)
    make_article()
    now = timezone.now()
    query = Article.objects.filter(
        breaking_until__gt=now - timedelta(minutes=2), breaking_until__lte=now
    )
    if connection.vendor == "postgresql":
        # A test database's few rows would be read in order anyway: ask for the index's use.
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL enable_seqscan = off")
    plan = query.explain()
    assert "article_breaking_until_idx" in plan
