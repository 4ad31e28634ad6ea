"""A live blog through the page cache: the live endpoint and the article page are stored, and
an entry posted, edited or withdrawn purges both at once (no wait for their max-age)."""

from django.urls import reverse

from articles.services.live import (
    live_coverage_start,
    live_entry_edit,
    live_entry_post,
    live_entry_withdraw,
)


def test_posting_editing_and_withdrawing_purge_the_endpoint_and_the_page(
    page_cache_on, client, make_article, staff, site_settings, django_capture_on_commit_callbacks
):
    editor = staff["editor"]
    article = live_coverage_start(article=make_article(), actor=editor)
    url = reverse("articles:live-entries", args=[article.pk]) + "?since=0"
    page = article.get_absolute_url()
    first = client.get(url)
    assert first["X-Cache"] == "MISS" and first.json()["entries"] == []
    assert not first.cookies and "cookie" not in first.get("Vary", "").lower()
    assert client.get(url)["X-Cache"] == "HIT"
    assert client.get(page)["X-Cache"] in {"MISS", "HIT"}
    assert client.get(page)["X-Cache"] == "HIT"

    with django_capture_on_commit_callbacks(execute=True):
        entry = live_entry_post(article=article, actor=editor, body="<p>عاجل من الرباط</p>")
    answer = client.get(url)
    assert answer["X-Cache"] == "MISS"
    assert [item["id"] for item in answer.json()["entries"]] == [entry.pk]
    shown = client.get(page)
    assert shown["X-Cache"] == "MISS" and "عاجل من الرباط" in shown.content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        live_entry_edit(entry=entry, actor=editor, body="<p>تصحيح</p>")
    assert "تصحيح" in client.get(url).json()["entries"][0]["html"]

    with django_capture_on_commit_callbacks(execute=True):
        live_entry_withdraw(entry=entry, actor=editor)
    assert client.get(url).json()["entries"] == []
    assert "تصحيح" not in client.get(page).content.decode()
