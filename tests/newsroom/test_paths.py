"""Public paths built from a reversed pattern (newsroom/paths.py) equal what reverse()
builds: the plain Django version (docs/decisions/public-path.md)."""

import pytest
from django.urls import NoReverseMatch, reverse

from newsroom.paths import public_path


@pytest.mark.parametrize(
    ("name", "kwargs"),
    [
        ("articles:detail", {"pk": 7, "slug": "مقال-عن-الرباط"}),
        ("articles:detail", {"pk": 123456, "slug": "a b?c#d&e%f"}),
        ("articles:section", {"slug": "اقتصاد"}),
        ("articles:tag", {"slug": "كرة-القدم"}),
        ("authors:detail", {"slug": "x:y@z~"}),
    ],
)
def test_public_path_equals_reverse(name, kwargs):
    assert public_path(name, **kwargs) == reverse(name, kwargs=kwargs)


def test_an_empty_slug_is_refused_like_reverse_refuses_it():
    with pytest.raises(NoReverseMatch):
        public_path("articles:section", slug="")


def test_every_models_public_address_is_the_one_reverse_gives(
    make_article, make_section, make_tag, make_author
):
    section = make_section(name="الرياضة والشباب")
    tag = make_tag(name="كأس إفريقيا 2025")
    author = make_author(name="Brahim Aït Lahcen")
    article = make_article(
        headline="الوداد يفوز 2-1 على الرجاء؟ #ديربي", section=section, tags=[tag], authors=[author]
    )

    assert article.get_absolute_url() == reverse(
        "articles:detail", kwargs={"pk": article.pk, "slug": article.slug}
    )
    assert section.get_absolute_url() == reverse("articles:section", kwargs={"slug": section.slug})
    assert tag.get_absolute_url() == reverse("articles:tag", kwargs={"slug": tag.slug})
    assert author.get_absolute_url() == reverse("authors:detail", kwargs={"slug": author.slug})
