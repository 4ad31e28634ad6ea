"""The article list's search covers the body through the readers' Arabic search."""

import pytest
from django.urls import reverse

from articles.models import Status
from tests.sign_in import sign_in


@pytest.fixture
def editor_client(client, staff):
    return sign_in(client, staff["editor"])


def search(client, term):
    response = client.get(reverse("admin:articles_article_changelist"), {"q": term})
    assert response.status_code == 200
    return [article.headline for article in response.context["cl"].result_list]


def test_a_word_only_in_the_body_finds_the_article(editor_client, make_article):
    make_article(
        status=Status.DRAFT,
        headline="مجلس المدينة يجتمع",
        body="<p>ناقش المستشارون ميزانية الإنارة العمومية.</p>",
    )
    make_article(headline="خبر آخر", body="<p>لا علاقة له بالموضوع.</p>")
    assert search(editor_client, "الإنارة") == ["مجلس المدينة يجتمع"]


def test_hamza_and_alef_variants_find_the_same_article_as_on_the_site(editor_client, make_article):
    make_article(headline="بلاغ", body="<p>أعلنت الوزارة إطلاق البرنامج.</p>")
    # Typed without hamzas, as readers and editors often do.
    assert search(editor_client, "اعلنت اطلاق") == ["بلاغ"]
    assert search(editor_client, "إعلنت") == ["بلاغ"]


def test_part_of_a_headline_still_finds_it(editor_client, make_article):
    make_article(headline="الدار البيضاء: افتتاح الميناء", body="<p>نص.</p>")
    assert search(editor_client, "البيض") == ["الدار البيضاء: افتتاح الميناء"]


def test_the_search_finds_only_what_the_person_may_see(client, staff, make_article):
    make_article(status=Status.DRAFT, headline="مسودة زميل", body="<p>كلمة نادرة جدا.</p>")
    sign_in(client, staff["reporter"])
    assert search(client, "نادرة") == []
