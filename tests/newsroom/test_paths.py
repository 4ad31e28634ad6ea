"""Public paths built from a reversed pattern equal what reverse() builds."""

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
