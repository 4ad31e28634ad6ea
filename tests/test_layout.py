"""The layout of issue 17: the tree says where reads, writes, public pages, caching and the rest
live. A new module goes into the folder of its role, not at the top of the app."""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
ARTICLES = ROOT / "articles"

# The only modules at the top of the domain app; everything else lives in a folder by role.
TOP_LEVEL_MODULES = {
    "__init__.py",
    "apps.py",
    "exceptions.py",
    "sanitize.py",
    "signals.py",
    "urls.py",
}
FOLDERS = {
    "admin",
    "demo",
    # Posts of other sites in the body: the allow-list and the marker the sanitiser keeps,
    # shared by the admin, the importers and the public pages (as images/ is for pictures).
    "embeds",
    "images",
    "importers",
    "management",
    "migrations",
    "models",
    "public",
    "search",
    "services",
    "templatetags",
}
HTTP_MODULES = {
    "apps.py",
    "fast_path.py",
    "middleware.py",
    "page_cache.py",
    "purge.py",
    "redis_cache.py",
    "surrogate_keys.py",
}


def imported_modules(path):
    """Every module `path` imports, at module level or inside a function."""
    for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            yield node.module
            yield from (f"{node.module}.{alias.name}" for alias in node.names)


def test_no_module_is_left_at_the_top_of_the_articles_app():
    modules = {path.name for path in ARTICLES.glob("*.py")}
    assert modules == TOP_LEVEL_MODULES


def test_the_articles_app_is_arranged_in_folders_by_role():
    folders = {path.name for path in ARTICLES.iterdir() if path.is_dir()} - {"__pycache__"}
    assert folders == FOLDERS


def test_the_http_cache_lives_in_newsroom_http_not_in_the_domain_app():
    assert {path.name for path in (ROOT / "newsroom" / "http").glob("*.py")} == {
        "__init__.py",
        *HTTP_MODULES,
    }
    assert not [path for path in ARTICLES.rglob("*.py") if "cache" in path.stem]


@pytest.mark.parametrize(
    "path",
    [
        *sorted((ARTICLES / "models").glob("*.py")),
        *sorted((ARTICLES / "services").glob("*.py")),
        ARTICLES / "signals.py",
    ],
    ids=lambda path: str(path.relative_to(ROOT)),
)
def test_domain_code_does_not_import_the_http_layer(path):
    http = [name for name in imported_modules(path) if name.split(".")[:2] == ["newsroom", "http"]]
    assert http == []


AUTHORS = ROOT / "authors"


def module_level_imports(path):
    """The modules `path` imports when it is imported (not those imported inside functions)."""
    for node in ast.parse(path.read_text(), filename=str(path)).body:
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            yield node.module


@pytest.mark.parametrize(
    "path",
    sorted(p for p in AUTHORS.rglob("*.py") if "migrations" not in p.parts),
    ids=lambda path: str(path.relative_to(ROOT)),
)
def test_the_authors_app_does_not_import_articles_when_it_loads(path):
    """articles depends on authors (bylines); the other way round only inside a function, where
    a helper is needed at run time. Shared helpers live in newsroom/ (text, paths)."""
    articles = [name for name in module_level_imports(path) if name.split(".")[0] == "articles"]
    assert articles == []
