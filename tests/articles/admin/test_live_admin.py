"""The live coverage screen under an article's change page: it calls the services for every
write, for the roles they allow, and reports each refusal."""

import pytest
from django.contrib.messages import get_messages
from django.utils.translation import gettext

from articles.models import Article, Byline, LiveEntry, StatusChange
from articles.services.live import live_coverage_start, live_entry_post
from tests.articles.admin.test_workflow import admin_url, login


@pytest.fixture
def live_article(make_article, staff):
    return live_coverage_start(article=make_article(), actor=staff["editor"])


def live_url(article):
    return admin_url("articles_article_live", article.pk)


@pytest.mark.parametrize(
    ("role", "expected"), [("anonymous", 302), ("reporter", 403), ("editor", 200), ("chief", 200)]
)
def test_who_opens_the_live_screen(role, expected, client, staff, live_article):
    assert login(client, staff, role).get(live_url(live_article)).status_code == expected


def test_the_change_page_links_to_the_live_screen(client, staff, live_article):
    html = login(client, staff, "editor").get(admin_url("articles_article_change", live_article.pk))
    assert live_url(live_article) in html.content.decode()


def test_an_editor_posts_an_entry_through_the_service(client, staff, live_article):
    login(client, staff, "editor")
    response = client.post(
        live_url(live_article), {"body": "وصل الوفد.\n\nبدأ الاجتماع.", "pinned": "on"}
    )
    assert response.status_code == 302
    entry = LiveEntry.objects.get()
    assert entry.body == "<p>وصل الوفد.</p>\n\n<p>بدأ الاجتماع.</p>"
    assert entry.pinned and entry.created_by == staff["editor"]
    note = gettext("Live entry #%(number)s posted.") % {"number": entry.pk}
    assert StatusChange.objects.filter(article=live_article, note=note, actor=staff["editor"])
    page = client.get(live_url(live_article)).content.decode()
    assert "وصل الوفد." in page


def test_a_refusal_is_shown_on_the_form(client, staff, live_article):
    login(client, staff, "editor")
    response = client.post(live_url(live_article), {"body": "<script>x</script>"})
    assert response.status_code == 200
    assert "errorlist" in response.content.decode()
    assert not LiveEntry.objects.exists()


def test_a_reporter_posts_on_the_live_blog_they_sign(client, staff, live_article, make_author):
    reporter = staff["reporter"]
    author = make_author(user=reporter)
    Byline.objects.create(article=live_article, author=author, position=1)
    login(client, staff, "reporter")
    assert client.post(live_url(live_article), {"body": "من عين المكان"}).status_code == 302
    assert LiveEntry.objects.get().author == author
    # Starting and ending the coverage stays with the editors.
    response = client.post(admin_url("articles_article_live_end", live_article.pk))
    assert response.status_code == 302
    assert Article.objects.get(pk=live_article.pk).is_live
    refusal = gettext("Only editors can start or end live coverage.")
    assert refusal in [str(m) for m in get_messages(response.wsgi_request)]


def test_a_reporter_sees_buttons_only_on_their_own_entries(
    client, staff, live_article, make_author
):
    reporter = staff["reporter"]
    Byline.objects.create(article=live_article, author=make_author(user=reporter), position=1)
    editors = live_entry_post(article=live_article, actor=staff["editor"], body="<p>للمحرر</p>")
    own = live_entry_post(article=live_article, actor=reporter, body="<p>للمراسل</p>")
    login(client, staff, "reporter")
    screen = client.get(live_url(live_article)).content.decode()
    edit = admin_url("articles_article_live_entry_edit", live_article.pk, editors.pk)
    own_edit = admin_url("articles_article_live_entry_edit", live_article.pk, own.pk)
    assert own_edit in screen and edit not in screen
    assert client.get(edit).status_code == 403
    assert client.post(edit, {"body": "<p>غيره</p>"}).status_code == 403
    assert LiveEntry.objects.get(pk=editors.pk).body == "<p>للمحرر</p>"


def test_edit_pin_withdraw_and_end_through_the_buttons(client, staff, live_article):
    editor = staff["editor"]
    entry = live_entry_post(article=live_article, actor=editor, body="<p>قبل</p>")
    login(client, staff, "editor")
    edit = admin_url("articles_article_live_entry_edit", live_article.pk, entry.pk)
    assert "قبل" in client.get(edit).content.decode()
    assert client.post(edit, {"body": "<p>بعد</p>"}).status_code == 302
    pin = admin_url("articles_article_live_entry_pin", live_article.pk, entry.pk)
    client.post(pin, {"pinned": "1"})
    entry.refresh_from_db()
    assert entry.body == "<p>بعد</p>" and entry.edited_at and entry.pinned
    client.post(admin_url("articles_article_live_entry_withdraw", live_article.pk, entry.pk))
    entry.refresh_from_db()
    assert entry.withdrawn_at and not entry.pinned
    client.post(admin_url("articles_article_live_end", live_article.pk))
    assert not Article.objects.get(pk=live_article.pk).is_live
    assert StatusChange.objects.filter(article=live_article).count() == 6  # start … end


@pytest.mark.parametrize("name", ["live_start", "live_end"])
def test_the_coverage_buttons_take_only_posts(name, client, staff, live_article):
    login(client, staff, "editor")
    assert client.get(admin_url(f"articles_article_{name}", live_article.pk)).status_code == 405


def test_an_entry_of_another_article_is_not_found(client, staff, live_article, make_article):
    other = live_coverage_start(article=make_article(), actor=staff["editor"])
    entry = live_entry_post(article=other, actor=staff["editor"], body="<p>x</p>")
    login(client, staff, "editor")
    url = admin_url("articles_article_live_entry_withdraw", live_article.pk, entry.pk)
    assert client.post(url).status_code == 404
