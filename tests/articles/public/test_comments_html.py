"""The comments block, the confirm page and the answer page pass the Nu HTML Checker."""

import time
from pathlib import Path

from django.urls import reverse

from articles.public.comments import make_token
from tests.articles.public.test_html_validity import run_vnu


def test_comment_pages_have_no_html_errors(
    client, make_article, make_comment, comments_on, tmp_path
):
    article = make_article()
    top = make_comment(article, name="Karim", body="سطر أول\nسطر ثان")
    make_comment(article, parent=top, by_newspaper=True, name="الجريدة", body="شكرا")
    post_url = reverse("articles:comment-post", args=[article.pk])
    data = {"name": "سعاد", "body": "تعليق"}
    pages = {
        "article": client.get(article.get_absolute_url()),
        "confirm": client.post(post_url, data),
        "answer": client.post(
            post_url, {**data, "token": make_token(article.pk, issued_at=time.time() - 30)}
        ),
    }
    files = []
    for name, response in pages.items():
        assert response.status_code == 200, name
        path = tmp_path / f"{name}.html"
        path.write_bytes(response.content)
        files.append(path)
    errors = [
        f"{Path(m['url']).name}:{m.get('lastLine')}: {m['message']}"
        for m in run_vnu(files)
        if m["type"] == "error"
    ]
    assert errors == []
