"""Article cards built in Python (articles/templatetags/cards.py)."""

from articles.templatetags.cards import card_html


def test_card_escapes_headline_and_links_every_author_in_order(make_article, make_author):
    first, second, third = make_author(name="سعاد"), make_author(name="<b>علي</b>"), make_author()
    article = make_article(headline="<script>x</script> 2025-2026", authors=[first, second, third])

    html = card_html(article, level=2)

    assert "<script>" not in html
    assert "&lt;script&gt;x&lt;/script&gt;" in html
    assert '<bdi dir="ltr">2025-2026</bdi>' in html
    assert "&lt;b&gt;علي&lt;/b&gt;" in html
    assert html.index(first.get_absolute_url()) < html.index(third.get_absolute_url())
    assert "، " in html
    assert f'<h2 class="card__headline"><a href="{article.get_absolute_url()}">' in html


def test_lead_card_shows_the_standfirst_and_search_card_the_snippet(make_article):
    article = make_article(standfirst="مقدمة المقال")
    assert "مقدمة المقال" in card_html(article, lead=True, show_standfirst=True)
    assert "card--lead" in card_html(article, lead=True)
    assert "مقدمة المقال" not in card_html(article)
    article.snippet = "مقتطف"
    html = card_html(article, show_standfirst=True)
    assert '<p class="snippet">مقتطف</p>' in html
    assert "مقدمة المقال" not in html
