"""articles/services/tags.py: creating tags while writing, merging them; who may do which."""

import pytest
from django.db import transaction

from articles.exceptions import TagError, TransitionNotPermitted
from articles.models import Tag, TagChange, TagRedirect
from articles.services.tags import tag_create, tag_delete, tag_merge, tag_rename
from newsroom.http.surrogate_keys import article_key, list_key, object_key


@pytest.fixture
def purged(monkeypatch):
    """Every surrogate key the page cache was asked to purge (the real purge still runs)."""
    from newsroom.http import purge

    keys = []
    real = purge.purge

    def recording(some_keys):
        keys.extend(some_keys)
        real(some_keys)

    monkeypatch.setattr(purge, "purge", recording)
    return keys


@pytest.mark.parametrize(
    ("role", "allowed"),
    [("anonymous", False), ("reporter", True), ("editor", True), ("chief", True)],
)
def test_who_creates_tags(staff, role, allowed):
    if not allowed:
        with pytest.raises(TransitionNotPermitted):
            tag_create(name="الهجرة", actor=staff[role])
        assert not Tag.objects.exists()
        return
    tag, created = tag_create(name="  الهجرة   السرية ", actor=staff[role])
    assert created
    assert tag.name == "الهجرة السرية"
    change = TagChange.objects.get()
    assert (change.action, change.tag, change.tag_name, change.actor) == (
        "created",
        tag,
        "الهجرة السرية",
        staff[role],
    )


def test_staff_without_a_role_do_not_create_tags(make_staff):
    with pytest.raises(TransitionNotPermitted):
        tag_create(name="الهجرة", actor=make_staff())


@pytest.mark.parametrize(
    ("existing", "typed"),
    [
        ("الأمن", "الامن"),
        ("كرة القدم", "كره القدم"),
        ("إسرائيل", "اسرائيل"),
        ("الأمن", "الأمـــن"),
        ("الأمن", "الأَمن"),
        ("كرة القدم", " كرة  القدم "),
    ],
)
def test_a_variant_gives_the_existing_tag(staff, existing, typed):
    first, _ = tag_create(name=existing, actor=staff["reporter"])
    again, created = tag_create(name=typed, actor=staff["editor"])
    assert (again, created) == (first, False)
    assert Tag.objects.count() == 1
    assert TagChange.objects.count() == 1


@pytest.mark.parametrize("name", ["", "   ", "؟!", "\u200f", "و" * 101])
def test_names_without_letters_or_too_long_are_refused(staff, name):
    with pytest.raises(TagError):
        tag_create(name=name, actor=staff["reporter"])
    assert not Tag.objects.exists()


@pytest.mark.parametrize(
    ("role", "allowed"),
    [("anonymous", False), ("reporter", False), ("editor", True), ("chief", True)],
)
def test_who_merges_tags(staff, make_tag, role, allowed):
    source, target = make_tag("المغرب"), make_tag("المملكة المغربية")
    if not allowed:
        with pytest.raises(TransitionNotPermitted):
            tag_merge(source=source, target=target, actor=staff[role])
        assert Tag.objects.count() == 2
        return
    tag_merge(source=source, target=target, actor=staff[role])
    assert list(Tag.objects.all()) == [target]


def test_a_merge_moves_every_article_once_redirects_records_and_purges(
    staff, make_tag, make_article, purged, django_capture_on_commit_callbacks
):
    source, target, other = make_tag("المغرب"), make_tag("المملكة المغربية"), make_tag("الرباط")
    only_source = make_article(tags=[source, other])
    both = make_article(tags=[source, target])
    only_target = make_article(tags=[target])
    old_slug = source.slug
    with django_capture_on_commit_callbacks(execute=True):
        moved = tag_merge(source=source, target=target, actor=staff["editor"], note="مرادفان")

    assert moved == 2
    assert set(only_source.tags.all()) == {target, other}
    assert list(both.tags.all()) == [target]
    assert list(only_target.tags.all()) == [target]
    assert not Tag.objects.filter(pk=source.pk).exists()
    redirect = TagRedirect.objects.get()
    assert (redirect.old_slug, redirect.old_name, redirect.tag) == (old_slug, "المغرب", target)
    change = TagChange.objects.get()
    assert (change.action, change.tag, change.merged_name, change.articles_moved) == (
        "merged",
        target,
        "المغرب",
        2,
    )
    assert (change.actor, change.note) == (staff["editor"], "مرادفان")
    assert {
        object_key("tag", source.pk),
        list_key("tag", source.pk),
        object_key("tag", target.pk),
        list_key("tag", target.pk),
        article_key(only_source.pk),
        article_key(both.pk),
    } <= set(purged)


def test_earlier_redirects_follow_a_merged_tag(staff, make_tag):
    first, second, third = make_tag("أ"), make_tag("ب"), make_tag("ج")
    first_slug, second_slug = first.slug, second.slug
    tag_merge(source=first, target=second, actor=staff["editor"])
    tag_merge(source=second, target=third, actor=staff["editor"])
    assert dict(TagRedirect.objects.values_list("old_slug", "tag_id")) == {
        first_slug: third.pk,
        second_slug: third.pk,
    }


def test_a_new_tag_never_takes_a_merged_tag_s_slug(staff, make_tag):
    source, target = make_tag("المغرب"), make_tag("المملكة")
    tag_merge(source=source, target=target, actor=staff["editor"])
    again, created = tag_create(name="المغرب", actor=staff["reporter"])
    assert created
    assert again.slug == "المغرب-2"


def test_a_tag_is_not_merged_into_itself_and_nothing_is_purged_on_a_refusal(
    staff, make_tag, purged
):
    tag = make_tag()
    with pytest.raises(TagError):
        tag_merge(source=tag, target=tag, actor=staff["chief"])
    with pytest.raises(TransitionNotPermitted), transaction.atomic():
        tag_merge(source=tag, target=make_tag(), actor=staff["reporter"])
    assert purged == []
    assert not TagChange.objects.exists()


# Issue 22 review: invisible characters, NUL, long keys, renaming, deleting, reused slugs.


@pytest.mark.parametrize(
    "variant", ["الأمن\u200b", "ال\u200cأمن", "الأمن\u00ad", "\ufeffالأمن", "الامن"]
)
def test_an_invisible_character_never_makes_a_second_tag(staff, variant):
    tag, _created = tag_create(name="الأمن", actor=staff["reporter"])
    again, created = tag_create(name=variant, actor=staff["reporter"])
    assert (again, created) == (tag, False)


def test_a_created_name_is_stored_without_invisible_characters(staff):
    tag, _created = tag_create(name="\ufeffكرة\u200b القدم\u00ad", actor=staff["reporter"])
    assert tag.name == "كرة القدم"


@pytest.mark.parametrize("name", ["\u200b", "\u200c\u200d", "\ufeff", "\x00", "الأمن\x00"])
def test_invisible_only_and_nul_names_are_refused(staff, name):
    with pytest.raises(TagError):
        tag_create(name=name, actor=staff["reporter"])
    assert not Tag.objects.exists()


def test_a_name_whose_key_is_longer_than_the_column_is_found_again(staff):
    tag, created = tag_create(name="İ" * 100, actor=staff["reporter"])
    again, created_again = tag_create(name="İ" * 100, actor=staff["reporter"])
    assert (created, again, created_again) == (True, tag, False)


@pytest.mark.parametrize(("role", "allowed"), [("editor", False), ("chief", True)])
def test_only_the_chief_renames_and_deletes(staff, make_tag, role, allowed):
    tag = make_tag("الأمن")
    if not allowed:
        with pytest.raises(TransitionNotPermitted):
            tag_rename(tag=tag, actor=staff[role], name="الأمن الوطني")
        with pytest.raises(TransitionNotPermitted):
            tag_delete(tag=tag, actor=staff[role])
        assert Tag.objects.get().name == "الأمن"
        return
    tag_rename(tag=tag, actor=staff[role], name="الأمن الوطني")
    assert Tag.objects.get().name == "الأمن الوطني"
    tag_delete(tag=tag, actor=staff[role])
    assert not Tag.objects.exists()


def test_a_rename_records_redirects_and_purges_after_commit(
    staff, make_tag, make_article, purged, django_capture_on_commit_callbacks
):
    tag = make_tag("الامن")
    article = make_article(tags=[tag])
    old_slug = tag.slug
    with django_capture_on_commit_callbacks(execute=True):
        tag_rename(tag=tag, actor=staff["chief"], name="الأمن", slug="الأمن-الوطني")
    tag.refresh_from_db()
    assert (tag.name, tag.slug, tag.normalised_name) == ("الأمن", "الأمن-الوطني", "الامن")
    redirect = TagRedirect.objects.get()
    assert (redirect.old_slug, redirect.tag, redirect.merged_tag_id) == (old_slug, tag, None)
    change = TagChange.objects.get()
    assert (change.action, change.tag, change.tag_name, change.actor) == (
        "renamed",
        tag,
        "الأمن",
        staff["chief"],
    )
    assert change.merged_name == f"الامن (/tag/{old_slug}/)"
    assert {object_key("tag", tag.pk), list_key("tag", tag.pk), article_key(article.pk)} <= set(
        purged
    )


def test_a_rename_to_another_tag_s_variant_or_redirected_slug_is_refused(staff, make_tag):
    tag, other, merged = make_tag("الاقتصاد"), make_tag("الأمن"), make_tag("المغرب")
    merged_slug = merged.slug
    tag_merge(source=merged, target=other, actor=staff["editor"])
    with pytest.raises(TagError):
        tag_rename(tag=tag, actor=staff["chief"], name="الامن")
    with pytest.raises(TagError):
        tag_rename(tag=tag, actor=staff["chief"], slug=other.slug)
    with pytest.raises(TagError):
        tag_rename(tag=tag, actor=staff["chief"], slug=merged_slug)
    assert not TagChange.objects.filter(action="renamed").exists()


def test_a_tag_takes_back_its_own_old_slug(staff, make_tag):
    tag = make_tag("الأمن")
    first = tag.slug
    tag_rename(tag=tag, actor=staff["chief"], slug="الأمن-الوطني")
    tag_rename(tag=tag, actor=staff["chief"], slug=first)
    assert list(TagRedirect.objects.values_list("old_slug", "tag_id")) == [("الأمن-الوطني", tag.pk)]


def test_a_deletion_is_recorded_and_purged_after_commit(
    staff, make_tag, make_article, purged, django_capture_on_commit_callbacks
):
    tag = make_tag("الأمن")
    article = make_article(tags=[tag])
    tag_id = tag.pk
    with django_capture_on_commit_callbacks(execute=True):
        tag_delete(tag=tag, actor=staff["chief"])
    assert not article.tags.exists()
    change = TagChange.objects.get()
    assert (change.action, change.tag, change.tag_name, change.articles_moved) == (
        "deleted",
        None,
        "الأمن",
        1,
    )
    assert {object_key("tag", tag_id), list_key("tag", tag_id), article_key(article.pk)} <= set(
        purged
    )


def test_merging_a_tag_that_took_a_merged_slug_replaces_the_redirect(staff, make_tag):
    # Before the admin refused it, a slug once merged away could be given to another tag.
    first, kept, later = make_tag("أ"), make_tag("ب"), make_tag("ج")
    old_slug = first.slug
    tag_merge(source=first, target=kept, actor=staff["editor"])
    Tag.objects.filter(pk=later.pk).update(slug=old_slug)
    later.refresh_from_db()
    final = make_tag("د")
    tag_merge(source=later, target=final, actor=staff["editor"])
    redirect = TagRedirect.objects.get(old_slug=old_slug)
    assert (redirect.tag, redirect.merged_tag_id) == (final, later.pk)
