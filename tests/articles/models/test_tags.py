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
]


@pytest.mark.parametrize(("name", "variant"), VARIANTS)
def test_variants_have_one_normalised_name(name, variant):
    assert normalise_tag_name(name) == normalise_tag_name(variant)


def test_different_names_stay_different():
    assert normalise_tag_name("الأمن") != normalise_tag_name("الأمم")


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
