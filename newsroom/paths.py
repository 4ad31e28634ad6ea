"""Public paths built without a full `reverse()` per object.

A home page links dozens of articles, authors and sections; `reverse()` walks the URL resolver
and quotes every time (docs/decisions/public-path.md). Each URL name is
reversed once with placeholder values, and later paths are that pattern with the quoted
values put in: the same string `reverse()` returns (pinned by tests/articles/public/test_paths.py).
"""

from functools import lru_cache
from urllib.parse import quote

from django.urls import get_script_prefix, get_urlconf, reverse

# What reverse() leaves unquoted in a path (django.urls.resolvers: RFC 3986 sub-delims + "/~:@").
_SAFE = "!$&'()*+,;=/~:@"
# Digits, so that <int:…> converters accept the placeholder as well as <str:…> ones.
_PLACEHOLDER = "739182645019"


@lru_cache(maxsize=64)
def _pattern(name, keys, script_prefix, urlconf):
    """The reversed path of `name` with each of `keys` replaced by a `{key}` field."""
    placeholders = {key: f"{_PLACEHOLDER}{index}" for index, key in enumerate(keys)}
    path = reverse(name, kwargs=placeholders, urlconf=urlconf)
    path = path.replace("{", "{{").replace("}", "}}")
    for key, placeholder in placeholders.items():
        path = path.replace(placeholder, "{" + key + "}")
    return path


def public_path(name, **kwargs):
    """`reverse(name, kwargs=kwargs)` for plain slug and id arguments, much cheaper."""
    if not all(kwargs.values()) or any("/" in str(value) for value in kwargs.values()):
        # Empty or unusual values: let reverse() decide (it raises NoReverseMatch).
        return reverse(name, kwargs=kwargs)
    return _path(name, tuple(sorted(kwargs.items())), get_script_prefix(), get_urlconf())


# The same articles, authors and sections are linked on page after page: a path is a pure
# function of these arguments, so it is worked out once.
@lru_cache(maxsize=16384)
def _path(name, items, script_prefix, urlconf):
    pattern = _pattern(name, tuple(key for key, _value in items), script_prefix, urlconf)
    return pattern.format(**{key: quote(str(value), safe=_SAFE) for key, value in items})
