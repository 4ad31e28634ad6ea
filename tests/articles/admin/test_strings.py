"""Django's admin strings that its `ar` catalogue lacks are Arabic in ours."""

import re

import pytest
from django.urls import reverse
from django.utils import translation

from articles.models import Status
from tests.sign_in import sign_in

# What Django's own templates print in English unless our catalogue translates it
# (newsroom/formats/ar_MA/admin_strings.py).
ENGLISH = ["Run", "Filter by", "Pagination", "Search ", "Select an option"]


def visible_text(html):
    html = re.sub(r"<(script|style)\b.*?</\1>", "", html, flags=re.S)
    return " ".join(re.findall(r">([^<]+)<", html))


@pytest.fixture
def editor_client(client, staff):
    sign_in(client, staff["editor"])
    return client


@pytest.mark.parametrize("page", ["changelist", "change"])
def test_the_article_admin_shows_no_english_from_django(page, editor_client, make_article):
    article = make_article(status=Status.DRAFT)
    url = (
        reverse("admin:articles_article_changelist")
        if page == "changelist"
        else reverse("admin:articles_article_change", args=[article.pk])
    )
    with translation.override("ar-ma"):
        html = editor_client.get(url).content.decode()
    text = visible_text(html)
    for english in ENGLISH:
        assert english not in text, english


def test_the_strings_are_translated_in_our_catalogue():
    with translation.override("ar-ma"):
        assert translation.gettext("Run") != "Run"
        assert translation.gettext("Filter by %(field_name)s") != "Filter by %(field_name)s"
        assert translation.gettext("- Select an option -") != "- Select an option -"
