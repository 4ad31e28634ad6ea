"""The staff fixtures of the article tests: the cache layer's tests publish and take down."""

from tests.articles.comments_fixtures import (
    comment_rate_limits_forgotten,  # noqa: F401
    comments_on,  # noqa: F401
    make_comment,  # noqa: F401
)
from tests.articles.conftest import make_draft, make_staff, staff  # noqa: F401
