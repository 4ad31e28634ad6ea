"""Strict response headers on the public site and the admin; the admin is never cached."""

import re

import pytest
from django.conf import settings
from django.urls import reverse

NONCE = re.compile(r"'nonce-[A-Za-z0-9+/_=-]{16,}'")


def csp_directives(response):
    header = response["Content-Security-Policy"]
    return {part.split()[0]: part.split()[1:] for part in header.split(";") if part.strip()}


@pytest.fixture
def public_page(client, make_article):
    return client.get(make_article().get_absolute_url())


@pytest.fixture
def admin_page(admin_client, make_article):
    return admin_client.get(reverse("admin:articles_article_change", args=[make_article().pk]))


@pytest.mark.parametrize("page", ["public_page", "admin_page"])
def test_pages_carry_a_nonce_based_csp_without_inline_scripts(request, page):
    response = request.getfixturevalue(page)

    directives = csp_directives(response)
    assert response.status_code == 200
    assert "'unsafe-inline'" not in directives["script-src"]
    assert "'unsafe-eval'" not in directives["script-src"]
    # Django adds the nonce only to responses whose template used {{ csp_nonce }}; either way
    # nothing but same-origin files and nonce-bearing inline scripts may run.
    assert directives["script-src"][0] == "'self'"
    assert all(NONCE.fullmatch(s) for s in directives["script-src"][1:])
    assert directives["frame-ancestors"] == ["'none'"]
    assert directives["object-src"] == ["'none'"]
    assert directives["base-uri"] == ["'self'"]


def test_each_admin_response_gets_a_fresh_nonce(admin_client):
    first, second = (
        admin_client.get(reverse("admin:index")),
        admin_client.get(reverse("admin:index")),
    )

    nonces = [
        [s for s in csp_directives(r)["script-src"] if NONCE.fullmatch(s)] for r in (first, second)
    ]
    assert len(nonces[0]) == 1 and len(nonces[1]) == 1
    assert nonces[0] != nonces[1]


@pytest.mark.parametrize("page", ["public_page", "admin_page"])
def test_pages_carry_the_other_security_headers(request, page):
    response = request.getfixturevalue(page)

    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert response["X-Frame-Options"] == "DENY"
    policy = response["Permissions-Policy"]
    assert "camera=()" in policy and "microphone=()" in policy and "geolocation=()" in policy
    assert "publickey-credentials-get=(self)" in policy


@pytest.mark.parametrize(
    "name", ["admin:login", "admin:index", "staff:account", "staff:verify", "staff:setup"]
)
def test_admin_responses_are_never_stored_by_a_cache(admin_client, name):
    response = admin_client.get(reverse(name))

    assert response["Cache-Control"] == "private, no-store"


@pytest.mark.parametrize("name", ["admin:login", "admin:index", "staff:account", "staff:setup"])
def test_admin_responses_tell_search_engines_not_to_index_them(admin_client, name):
    response = admin_client.get(reverse(name))

    assert response["X-Robots-Tag"] == "noindex, nofollow"


def test_the_admin_sign_in_page_is_noindex_for_anonymous_visitors(client, db):
    assert client.get(reverse("admin:login"))["X-Robots-Tag"] == "noindex, nofollow"


def test_admin_headers_hold_under_a_script_name_prefix(client, db):
    response = client.get(reverse("admin:login"), SCRIPT_NAME="/prefix")

    assert response["Cache-Control"] == "private, no-store"
    assert response["X-Robots-Tag"] == "noindex, nofollow"


def test_the_public_site_is_not_marked_noindex(public_page):
    assert "X-Robots-Tag" not in public_page


def test_the_admin_sign_in_page_is_not_cached_for_anonymous_visitors(client, db):
    response = client.get(reverse("admin:login"))

    assert response["Cache-Control"] == "private, no-store"


def test_the_public_site_is_not_marked_no_store(public_page):
    assert "no-store" not in public_page.get("Cache-Control", "")


def test_the_admin_lives_at_the_configured_address():
    assert reverse("admin:index") == "/" + settings.ADMIN_URL
