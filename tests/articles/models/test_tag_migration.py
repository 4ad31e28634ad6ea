"""Migrations 0020-0022: tags whose names read the same are merged into the oldest, no article
loses a tag, the merged slugs redirect, each merge is recorded and reported."""

import importlib

import pytest
from django.db import IntegrityError, connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("articles", "0019_section_in_navigation")]
AFTER = [("articles", "0022_tag_normalised_name_unique")]
MIGRATION = importlib.import_module("articles.migrations.0021_tag_merge_clashes")


def migrate(target):
    executor = MigrationExecutor(connection)
    executor.migrate(target)
    return executor.loader.project_state(target).apps


@pytest.fixture
def at_0019(transactional_db):
    """The database as it was before 0020; migrated forward again afterwards."""
    apps = migrate(BEFORE)
    yield apps
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())


def test_clashing_tags_are_merged_into_the_oldest_and_no_article_loses_a_tag(at_0019, capsys):
    Tag = at_0019.get_model("articles", "Tag")
    Article = at_0019.get_model("articles", "Article")
    security = Tag.objects.create(name="الأمن", slug="الأمن")
    security_bare = Tag.objects.create(name="الامن", slug="الامن")
    security_marks = Tag.objects.create(name="الأَمـــن", slug="الأمن-2")
    football = Tag.objects.create(name="كرة القدم", slug="كرة-القدم")
    football_ha = Tag.objects.create(name="كره  القدم", slug="كره-القدم")
    alone = Tag.objects.create(name="إسرائيل", slug="إسرائيل")
    one, two, three = (
        Article.objects.create(headline=f"خبر {n}", slug=f"khabar-{n}") for n in range(3)
    )
    one.tags.set([security, security_bare])  # both spellings: keeps one
    two.tags.set([security_marks, football_ha])
    three.tags.set([alone, football])
    before = {a.pk: {t.name for t in a.tags.all()} for a in (one, two, three)}

    apps = migrate(AFTER)

    Tag = apps.get_model("articles", "Tag")
    Article = apps.get_model("articles", "Article")
    assert set(Tag.objects.values_list("name", "normalised_name")) == {
        ("الأمن", "الامن"),
        ("كرة القدم", "كره القدم"),
        ("إسرائيل", "اسرائيل"),
    }
    tags_now = {a.pk: {t.name for t in a.tags.all()} for a in Article.objects.all()}
    assert tags_now == {
        one.pk: {"الأمن"},
        two.pk: {"الأمن", "كرة القدم"},
        three.pk: before[three.pk],
    }
    redirects = apps.get_model("articles", "TagRedirect").objects.select_related("tag")
    assert {(r.old_slug, r.tag.name) for r in redirects} == {
        ("الامن", "الأمن"),
        ("الأمن-2", "الأمن"),
        ("كره-القدم", "كرة القدم"),
    }
    changes = apps.get_model("articles", "TagChange").objects.order_by("pk")
    assert [(c.action, c.tag_name, c.merged_name, c.articles_moved) for c in changes] == [
        ("merged", "الأمن", "الامن", 1),
        ("merged", "الأمن", "الأَمـــن", 1),
        ("merged", "كرة القدم", "كره  القدم", 1),
    ]
    assert all(c.actor_id is None and c.note == MIGRATION.NOTE for c in changes)
    report = capsys.readouterr().out
    assert "Tags whose names read the same: 2" in report
    assert f"«الامن» (id {security_bare.pk}, /tag/الامن/) -> «الأمن» (id {security.pk})" in report


def test_without_clashes_nothing_is_reported_and_the_database_refuses_a_second_spelling(
    at_0019, capsys
):
    Tag = at_0019.get_model("articles", "Tag")
    Tag.objects.create(name="الأمن", slug="الأمن")
    Tag.objects.create(name="!!!", slug="tag")
    Tag.objects.create(name="؟؟", slug="tag-2")

    Tag = migrate(AFTER).get_model("articles", "Tag")

    assert capsys.readouterr().out == ""
    assert Tag.objects.count() == 3
    with pytest.raises(IntegrityError):
        Tag.objects.create(name="الامن", slug="other", normalised_name="الامن")


def test_names_that_differ_by_punctuation_or_fold_to_nothing_are_not_merged(at_0019, capsys):
    Tag = at_0019.get_model("articles", "Tag")
    for name, slug in [
        ("C", "c"),
        ("C++", "c-2"),
        ("C#", "c-3"),
        ("11/9", "11-9"),
        ("11 9", "11-9-2"),
        # A name with nothing left to compare, whose slug is another tag's name: before,
        # its fallback key (the slug) was that tag's key and the two were merged.
        ("ـــ", "tag"),
        ("tag", "tag-2"),
    ]:
        Tag.objects.create(name=name, slug=slug)

    Tag = migrate(AFTER).get_model("articles", "Tag")

    assert capsys.readouterr().out == ""
    assert Tag.objects.count() == 7
    assert Tag.objects.get(slug="tag").normalised_name == MIGRATION.tag_key("ـــ", "tag")
    assert Tag.objects.get(slug="tag-2").normalised_name == "tag"


def test_invisible_characters_and_persian_letters_are_merged(at_0019, capsys):
    Tag = at_0019.get_model("articles", "Tag")
    kept = Tag.objects.create(name="كرة القدم", slug="كرة-القدم")
    Tag.objects.create(name="کرة\u200b القدم", slug="کرة-القدم")
    Tag.objects.create(name="\ufeffكرة القدم", slug="كرة-القدم-2")

    Tag = migrate(AFTER).get_model("articles", "Tag")

    assert list(Tag.objects.values_list("pk", flat=True)) == [kept.pk]
    assert "Tags whose names read the same: 1" in capsys.readouterr().out
