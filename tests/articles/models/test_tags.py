"""A tag's normalised name: spelling variants of one name are one tag."""

import pytest
from django.db import IntegrityError

from articles.models import Tag
from newsroom.text import normalise_tag_name

VARIANTS = [
    ("الأمن", "الامن"),
    ("كرة القدم", "كره القدم"),
    ("إسرائيل", "اسرائيل"),
    ("الأمن", "الأمـــن"),  # tatweel
    ("الأمن", "الأَمن"),  # a diacritic
    ("كرة القدم", "  كرة   القدم "),  # extra spaces
    # Invisible characters (issue 22 review): zero-width space and non-joiner, soft hyphen, BOM.
    ("الأمن", "الأمن\u200b"),
    ("الأمن", "ال\u200cأمن"),
    ("الأمن", "الأمن\u00ad"),
    ("الأمن", "\ufeffالأمن"),
    ("لا", "\ufefb"),  # a presentation form (lam-alef ligature)
    ("كرة", "کرة"),  # Persian kaf
    ("علي", "علی"),  # Persian yeh
]

DIFFERENT = [("C", "C++"), ("C", "C#"), ("C++", "C#"), ("11/9", "11 9"), ("الأمن", "الأمم")]


@pytest.mark.parametrize(("name", "variant"), VARIANTS)
def test_variants_have_one_normalised_name(name, variant):
    assert normalise_tag_name(name) == normalise_tag_name(variant)


@pytest.mark.parametrize(("name", "other"), DIFFERENT)
def test_different_names_stay_different(db, name, other):
    # Punctuation is part of a tag's name: C and C++ are two topics.
    assert normalise_tag_name(name) != normalise_tag_name(other)
    Tag.objects.create(name=name)
    Tag.objects.create(name=other)


def test_a_long_key_is_cut_as_stored(db):
    # "İ" lowercases to two characters: the key is longer than the name, cut to the column.
    tag = Tag.objects.create(name="İ" * 100)
    assert tag.normalised_name == normalise_tag_name("İ" * 100)
    assert len(tag.normalised_name) == 100


def test_a_name_with_nothing_to_compare_never_takes_a_real_tag_s_key(db):
    real = Tag.objects.create(name="tag", slug="real")
    blank = Tag.objects.create(name="ـــ", slug="tag")
    assert real.normalised_name != blank.normalised_name


@pytest.mark.parametrize(("name", "variant"), VARIANTS)
def test_the_database_refuses_a_second_spelling(db, name, variant):
    Tag.objects.create(name=name)
    with pytest.raises(IntegrityError):
        Tag.objects.create(name=variant)


def test_saving_fills_the_normalised_name_and_a_unicode_slug(db):
    tag = Tag.objects.create(name="كرة  القدم")
    assert tag.normalised_name == "كره القدم"
    assert tag.slug == "كرة-القدم"


def test_names_of_punctuation_only_do_not_clash(db):
    Tag.objects.create(name="!!!")
    Tag.objects.create(name="؟؟")
    assert Tag.objects.count() == 2
