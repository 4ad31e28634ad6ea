"""One rule for staff-only pages: the admin's permission check, second factor included.

A session that typed the password but not the second factor its account needs reaches no
page that shows unpublished content, inside the admin's URLs or outside them (previews), and
no URL prefix (SCRIPT_NAME, FORCE_SCRIPT_NAME) changes that.
"""

from urllib.parse import urlsplit

import pytest
from django.urls import reverse, set_script_prefix
from django_otp.plugins.otp_totp.models import TOTPDevice

from articles.models import Status
from tests.authors.staff.test_two_factor import sign_in_with_password
from tests.sign_in import sign_in

HEADLINE = "مسودة لم تنشر بعد"


@pytest.fixture
def mounted_under_prefix():
    """What Django's WSGI handler does for a request under SCRIPT_NAME (the test client does
    not): addresses the views build start with the prefix."""
    set_script_prefix("/prefix/")
    yield "/prefix"
    set_script_prefix("/")


@pytest.fixture
def draft(make_article, make_staff_user):
    author = make_staff_user(role="reporter")
    return make_article(status=Status.DRAFT, created_by=author, headline=HEADLINE)


def staff_pages(article):
    """(method, url) of every staff page that shows or touches unpublished content."""
    change = "admin:articles_article_{}"
    return [
        ("get", reverse("articles:preview", args=[article.pk])),
        ("get", reverse(change.format("change"), args=[article.pk])),
        ("get", reverse(change.format("changelist"))),
        ("get", reverse(change.format("revisions"), args=[article.pk])),
        ("get", reverse(change.format("compare"), args=[article.pk]) + "?old=1&new=1"),
        ("get", reverse(change.format("restore"), args=[article.pk, 1])),
        ("post", reverse(change.format("presence"), args=[article.pk])),
        ("post", reverse(change.format("preview_link"), args=[article.pk])),
        ("get", reverse("admin:articles_image_editor_library")),
        ("post", reverse("admin:articles_image_editor_upload")),
        ("get", reverse("admin:index")),
        ("get", reverse("staff:account")),
    ]


PAGE_IDS = [
    "preview",
    "change",
    "changelist",
    "revisions",
    "compare",
    "restore",
    "presence",
    "preview-link",
    "image-library",
    "image-upload",
    "admin-index",
    "account",
]


def password_only(client, make_staff_user, kind):
    """A session that typed the password of an account that owes a second factor."""
    if kind == "editor without a device":
        user = make_staff_user(role="editor")
    elif kind == "editor with a device":
        user = make_staff_user(role="editor")
        TOTPDevice.objects.create(user=user, name="هاتف", confirmed=True)
    else:  # a reporter who chose a second factor must use it too
        user = make_staff_user(role="reporter")
        TOTPDevice.objects.create(user=user, name="هاتف", confirmed=True)
    sign_in_with_password(client, user)
    return user


KINDS = ["editor without a device", "editor with a device", "reporter with a device"]


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("page", range(len(PAGE_IDS)), ids=PAGE_IDS)
def test_a_password_alone_opens_no_staff_page(kind, page, client, make_staff_user, draft):
    user = password_only(client, make_staff_user, kind)
    method, url = staff_pages(draft)[page]

    response = getattr(client, method)(url)

    assert response.status_code == 302, response.content[:300]
    assert urlsplit(response["Location"]).path == reverse("admin:login")
    # The admin's sign-in page passes the session on to its second factor, with the page to
    # come back to.
    onward = client.get(response["Location"])
    second_step = "staff:verify" if TOTPDevice.objects.filter(user=user).exists() else "staff:setup"
    assert onward.status_code == 302
    assert urlsplit(onward["Location"]).path == reverse(second_step)


@pytest.mark.parametrize("page", range(len(PAGE_IDS)), ids=PAGE_IDS)
def test_the_same_pages_open_once_the_second_factor_is_verified(page, client, staff_editor, draft):
    method, url = staff_pages(draft)[page]

    response = getattr(client, method)(url)

    assert not (response.status_code == 302 and "/login/" in response["Location"])


@pytest.fixture
def staff_editor(client, make_staff_user):
    return sign_in(client, make_staff_user(role="editor"))


def test_the_preview_shows_the_draft_only_after_the_second_factor(client, make_staff_user, draft):
    editor = make_staff_user(role="editor")
    sign_in_with_password(client, editor)
    url = reverse("articles:preview", args=[draft.pk])

    assert HEADLINE not in client.get(url, follow=True).content.decode()
    sign_in(client, editor)
    assert HEADLINE in client.get(url).content.decode()


def test_the_second_factor_pages_open_with_the_password_alone(client, make_staff_user):
    password_only(client, make_staff_user, "editor without a device")

    assert client.get(reverse("staff:setup")).status_code == 200


def test_signing_out_works_before_the_second_factor(client, make_staff_user):
    password_only(client, make_staff_user, "editor with a device")

    response = client.post(reverse("admin:logout"))

    assert response.status_code == 200
    assert "_auth_user_id" not in client.session


@pytest.mark.parametrize("page", ["admin-index", "changelist", "change", "preview", "account"])
def test_a_script_name_prefix_does_not_open_the_admin(
    page, client, make_staff_user, draft, request
):
    password_only(client, make_staff_user, "editor with a device")
    method, url = staff_pages(draft)[PAGE_IDS.index(page)]
    request.getfixturevalue("mounted_under_prefix")

    response = getattr(client, method)(url, SCRIPT_NAME="/prefix")

    assert response.status_code == 302
    assert HEADLINE not in response.content.decode()
    login = urlsplit(response["Location"])
    assert login.path == "/prefix/admin/login/"
    onward = client.get(
        login.path.removeprefix("/prefix") + "?" + login.query, SCRIPT_NAME="/prefix"
    )
    assert urlsplit(onward["Location"]).path == "/prefix/admin/security/two-factor/verify/"


def test_a_forced_script_name_does_not_open_the_admin(
    client, make_staff_user, draft, settings, request
):
    password_only(client, make_staff_user, "editor with a device")
    pages = staff_pages(draft)
    settings.FORCE_SCRIPT_NAME = "/prefix"
    request.getfixturevalue("mounted_under_prefix")

    for method, url in pages:
        response = getattr(client, method)(url)
        assert response.status_code == 302, url
        assert urlsplit(response["Location"]).path == "/prefix/admin/login/", url


def test_the_verified_admin_works_under_a_prefix(client, staff_editor, mounted_under_prefix):
    response = client.get("/admin/", SCRIPT_NAME="/prefix")

    assert response.status_code == 200
    assert 'href="/prefix/' in response.content.decode()
