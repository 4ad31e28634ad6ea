"""Invisible bidi and zero-width characters cannot smuggle a script URL past the sanitiser."""

import pytest

from articles.sanitize import sanitize_body_html
from tests.security.xss_vectors import RLO, XSS_VECTORS


@pytest.mark.parametrize(
    "name", ["rlo-inside-javascript-scheme", "lrm-before-scheme", "zwj-in-scheme"]
)
def test_a_script_url_disguised_with_invisible_characters_loses_its_href(name):
    cleaned = sanitize_body_html(XSS_VECTORS[name])

    assert "href" not in cleaned
    assert "script:" not in cleaned.replace("javascript", "")


def test_invisible_characters_are_removed_from_links_and_tooltips():
    cleaned = sanitize_body_html(
        f'<p title="تقرير{RLO}fdp.exe"><a href="https://example.ma/{RLO}gpj.exe">رابط</a></p>'
    )

    assert RLO not in cleaned
    assert 'href="https://example.ma/gpj.exe"' in cleaned


def test_ordinary_links_and_arabic_text_are_kept():
    html = '<p dir="rtl">انظر <a href="https://example.ma/مقال">المقال</a></p>'

    assert sanitize_body_html(html) == (
        '<p dir="rtl">انظر <a href="https://example.ma/مقال" rel="noopener noreferrer nofollow">'
        "المقال</a></p>"
    )
