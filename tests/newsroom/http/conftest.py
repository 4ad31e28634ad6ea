"""The staff fixtures of the article tests: the cache layer's tests publish and take down."""

from tests.articles.comments_fixtures import comments_on, make_comment  # noqa: F401
from tests.articles.conftest import make_draft, make_staff, staff  # noqa: F401
