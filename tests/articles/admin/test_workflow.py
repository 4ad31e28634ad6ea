"""The article admin for each role: pages, workflow buttons and bulk actions."""

from datetime import timedelta

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils import timezone

from articles.models import Article, Byline, Status, StatusChange, Tag
from tests.sign_in import sign_in


def login(client, staff, role):
    if role != "anonymous":
        sign_in(client, staff[role])
    return client


@pytest.fixture
def articles(staff, make_article, make_section, make_author):
    """The reporter's own draft, someone else's draft, and a public article."""
    return {
        "own_draft": make_article(status=Status.DRAFT, created_by=staff["reporter"]),
        "other_draft": make_article(status=Status.DRAFT, created_by=staff["editor"]),
        "public": make_article(status=Status.PUBLISHED, created_by=staff["editor"]),
    }


def admin_url(name, *args, query=""):
    return reverse(f"admin:{name}", args=args) + query


# Every admin page against every role: the expected status code.

PAGES = {
    "article_changelist": lambda a, s: admin_url("articles_article_changelist"),
    "article_add": lambda a, s: admin_url("articles_article_add"),
    "change_own_draft": lambda a, s: admin_url("articles_article_change", a["own_draft"].pk),
    "change_other_draft": lambda a, s: admin_url("articles_article_change", a["other_draft"].pk),
    "view_public_article": lambda a, s: admin_url("articles_article_change", a["public"].pk),
    "delete_article": lambda a, s: admin_url("articles_article_delete", a["own_draft"].pk),
    "section_changelist": lambda a, s: admin_url("articles_section_changelist"),
    "tag_changelist": lambda a, s: admin_url("articles_tag_changelist"),
    "tag_add": lambda a, s: admin_url("articles_tag_add", query="?_popup=1"),
    "tag_change": lambda a, s: admin_url("articles_tag_change", Tag.objects.create(name="وسم").pk),
    "tag_lookup": lambda a, s: admin_url("articles_tag_lookup", query="?term=وسم"),
    "tag_change_log": lambda a, s: admin_url("articles_tagchange_changelist"),
    "author_lookup": lambda a, s: admin_url("authors_author_lookup", query="?term=كاتب"),
    "author_changelist": lambda a, s: admin_url("authors_author_changelist"),
    "site_settings": lambda a, s: admin_url("articles_sitesettings_changelist"),
    "user_changelist": lambda a, s: admin_url("auth_user_changelist"),
    "group_changelist": lambda a, s: admin_url("auth_group_changelist"),
    "status_change_log": lambda a, s: admin_url("articles_statuschange_changelist"),
    "section_autocomplete": lambda a, s: admin_url(
        "autocomplete", query="?app_label=articles&model_name=article&field_name=section"
    ),
    "author_autocomplete": lambda a, s: admin_url(
        "autocomplete", query="?app_label=articles&model_name=byline&field_name=author"
    ),
    "tag_autocomplete": lambda a, s: admin_url(
        "autocomplete", query="?app_label=articles&model_name=article&field_name=tags"
    ),
}

# 302 for the anonymous visitor is the redirect to the login page. A reporter opening another
# reporter's draft gets the admin's "does not exist" redirect: it is outside their list.
PAGE_EXPECTED = {
    "article_changelist": {"anonymous": 302, "reporter": 200, "editor": 200, "chief": 200},
    "article_add": {"anonymous": 302, "reporter": 200, "editor": 200, "chief": 200},
    "change_own_draft": {"anonymous": 302, "reporter": 200, "editor": 200, "chief": 200},
    "change_other_draft": {"anonymous": 302, "reporter": 302, "editor": 200, "chief": 200},
    "view_public_article": {"anonymous": 302, "reporter": 200, "editor": 200, "chief": 200},
    # Articles are taken down, never deleted: the chief is sent back to the article.
    "delete_article": {"anonymous": 302, "reporter": 403, "editor": 403, "chief": 302},
    "section_changelist": {"anonymous": 302, "reporter": 403, "editor": 403, "chief": 200},
    # Editors open the tag list to merge tags (issue 22); renaming stays with the chief.
    "tag_changelist": {"anonymous": 302, "reporter": 403, "editor": 200, "chief": 200},
    "tag_add": {"anonymous": 302, "reporter": 200, "editor": 200, "chief": 200},
    "tag_change": {"anonymous": 302, "reporter": 403, "editor": 200, "chief": 200},
    "tag_lookup": {"anonymous": 302, "reporter": 200, "editor": 200, "chief": 200},
    "tag_change_log": {"anonymous": 302, "reporter": 403, "editor": 200, "chief": 200},
    "author_lookup": {"anonymous": 302, "reporter": 200, "editor": 200, "chief": 200},
    "author_changelist": {"anonymous": 302, "reporter": 403, "editor": 403, "chief": 200},
    "site_settings": {"anonymous": 302, "reporter": 403, "editor": 403, "chief": 200},
    "user_changelist": {"anonymous": 302, "reporter": 403, "editor": 403, "chief": 200},
    "group_changelist": {"anonymous": 302, "reporter": 403, "editor": 403, "chief": 200},
    "status_change_log": {"anonymous": 302, "reporter": 403, "editor": 200, "chief": 200},
    "section_autocomplete": {"anonymous": 302, "reporter": 200, "editor": 200, "chief": 200},
    "author_autocomplete": {"anonymous": 302, "reporter": 200, "editor": 200, "chief": 200},
    "tag_autocomplete": {"anonymous": 302, "reporter": 200, "editor": 200, "chief": 200},
}


@pytest.mark.parametrize("role", ["anonymous", "reporter", "editor", "chief"])
@pytest.mark.parametrize("page", list(PAGES))
def test_admin_page_permission_matrix(page, role, client, staff, articles, site_settings):
    response = login(client, staff, role).get(PAGES[page](articles, staff))
    assert response.status_code == PAGE_EXPECTED[page][role]
    if role == "anonymous":
        assert "/login/" in response["Location"]


def test_reporter_list_shows_own_and_public_articles_only(client, staff, articles):
    response = login(client, staff, "reporter").get(admin_url("articles_article_changelist"))
    shown = {article.pk for article in response.context["cl"].result_list}
    assert shown == {articles["own_draft"].pk, articles["public"].pk}


def test_editor_list_shows_every_article(client, staff, articles):
    response = login(client, staff, "editor").get(admin_url("articles_article_changelist"))
    assert {a.pk for a in response.context["cl"].result_list} == {a.pk for a in articles.values()}


def test_reporter_sees_public_article_read_only_and_cannot_post_changes(client, staff, articles):
    article = articles["public"]
    client = login(client, staff, "reporter")
    url = admin_url("articles_article_change", article.pk)
    assert not client.get(url).context["has_change_permission"]
    response = client.post(url, {"headline": "عنوان مزور"})
    assert response.status_code == 403
    assert Article.objects.get(pk=article.pk).headline == article.headline


def test_reporter_cannot_edit_own_article_once_submitted(client, staff, make_article):
    article = make_article(status=Status.IN_REVIEW, created_by=staff["reporter"])
    response = login(client, staff, "reporter").get(
        admin_url("articles_article_change", article.pk)
    )
    assert response.status_code == 200
    assert not response.context["has_change_permission"]


def test_changelist_columns_and_filters(client, staff, articles):
    response = login(client, staff, "editor").get(admin_url("articles_article_changelist"))
    content = response.content.decode()
    byline = Byline.objects.filter(article=articles["public"]).select_related("author").first()
    assert byline.author.name in content
    filter_titles = {str(spec.title) for spec in response.context["cl"].filter_specs}
    assert {"الحالة", "القسم", "الكاتب"} <= filter_titles


def test_changelist_filters_by_byline_author(client, staff, articles):
    author = Byline.objects.get(article=articles["public"]).author
    response = login(client, staff, "editor").get(
        admin_url("articles_article_changelist", query=f"?author={author.pk}")
    )
    assert [a.pk for a in response.context["cl"].result_list] == [articles["public"].pk]


def test_changelist_searches_headlines(client, staff, make_article):
    wanted = make_article(headline="فيضانات في تطوان")
    make_article(headline="مباراة في الرباط")
    response = login(client, staff, "editor").get(
        admin_url("articles_article_changelist", query="?q=تطوان")
    )
    assert [a.pk for a in response.context["cl"].result_list] == [wanted.pk]


# The add / change form.


def article_form_data(section, author, **overrides):
    data = {
        "headline": "عنوان جديد من المراسل",
        "slug": "",
        "kicker": "",
        "standfirst": "",
        "body": '<p onclick="steal()">نص المقال<script>alert(1)</script></p>',
        "section": section.pk,
        "dateline": "طنجة",
        "language": "ar",
        "comment_policy": "default",
        "source": "",
        "source_id": "",
        "loaded_version": "1",
        "bylines-TOTAL_FORMS": "1",
        "bylines-INITIAL_FORMS": "0",
        "bylines-MIN_NUM_FORMS": "0",
        "bylines-MAX_NUM_FORMS": "1000",
        "bylines-0-position": "0",
        "bylines-0-author": author.pk,
        "corrections-TOTAL_FORMS": "0",
        "corrections-INITIAL_FORMS": "0",
        "corrections-MIN_NUM_FORMS": "0",
        "corrections-MAX_NUM_FORMS": "0",
        "status_changes-TOTAL_FORMS": "0",
        "status_changes-INITIAL_FORMS": "0",
        "status_changes-MIN_NUM_FORMS": "0",
        "status_changes-MAX_NUM_FORMS": "0",
    }
    data.update(overrides)
    return data


def test_reporter_creates_a_draft_owned_by_them_with_a_sanitised_body(
    client, staff, make_section, make_author
):
    reporter = staff["reporter"]
    data = article_form_data(make_section(), make_author(), status=Status.PUBLISHED)
    response = login(client, staff, "reporter").post(admin_url("articles_article_add"), data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    article = Article.objects.get(headline="عنوان جديد من المراسل")
    # "status" in the POST is ignored: a new article is always a draft.
    assert article.status == Status.DRAFT
    assert article.created_by == reporter
    assert article.last_edited_by == reporter
    assert "script" not in article.body
    assert "onclick" not in article.body
    assert "نص المقال" in article.body


def test_saving_the_form_never_writes_status_or_publish_time(client, staff, make_article, now):
    article = make_article(status=Status.SCHEDULED, publish_at=now + timedelta(hours=1))
    byline = Byline.objects.get(article=article)
    data = article_form_data(
        article.section,
        byline.author,
        headline="عنوان معدل",
        status=Status.PUBLISHED,
        publish_at=str(now - timedelta(days=1)),
        **{
            "bylines-INITIAL_FORMS": "1",
            "bylines-0-id": byline.pk,
            "bylines-0-article": article.pk,
        },
    )
    response = login(client, staff, "editor").post(
        admin_url("articles_article_change", article.pk), data
    )
    assert response.status_code == 302
    stored = Article.objects.get(pk=article.pk)
    assert stored.headline == "عنوان معدل"
    assert (stored.status, stored.publish_at) == (Status.SCHEDULED, now + timedelta(hours=1))


def test_status_is_read_only_on_the_change_page(client, staff, articles):
    response = login(client, staff, "editor").get(
        admin_url("articles_article_change", articles["own_draft"].pk)
    )
    assert "status" not in response.context["adminform"].form.fields
    assert 'name="status"' not in response.content.decode()


def test_expiry_before_publish_time_is_refused_in_the_form(client, staff, make_article, now):
    article = make_article(status=Status.PUBLISHED, publish_at=now - timedelta(hours=1))
    byline = Byline.objects.get(article=article)
    data = article_form_data(
        article.section,
        byline.author,
        expires_at_0=(now - timedelta(days=1)).strftime("%Y-%m-%d"),
        expires_at_1="10:00",
        **{"bylines-INITIAL_FORMS": "1", "bylines-0-id": byline.pk},
    )
    response = login(client, staff, "editor").post(
        admin_url("articles_article_change", article.pk), data
    )
    assert response.status_code == 200
    assert "expires_at" in response.context["adminform"].form.errors
    assert Article.objects.get(pk=article.pk).expires_at is None


# Workflow buttons: exactly the moves the user may make now.

BUTTONS = {
    # (status, owner is the reporter): {role: [actions shown]}
    (Status.DRAFT, True): {
        "reporter": ["submit"],
        "editor": ["submit"],
        "chief": ["submit"],
    },
    (Status.IN_REVIEW, True): {
        "reporter": [],
        "editor": ["return_to_draft", "schedule", "publish"],
        "chief": ["return_to_draft", "schedule", "publish"],
    },
    (Status.PUBLISHED, False): {
        "reporter": [],
        "editor": ["archive", "correct"],
        "chief": ["archive", "correct"],
    },
    (Status.ARCHIVED, True): {
        "reporter": [],
        "editor": ["return_to_draft"],
        "chief": ["return_to_draft"],
    },
}


@pytest.mark.parametrize("role", ["reporter", "editor", "chief"])
@pytest.mark.parametrize(("status", "owned"), list(BUTTONS))
def test_change_page_offers_exactly_the_allowed_transitions(
    status, owned, role, client, staff, make_article
):
    article = make_article(status=status, created_by=staff["reporter"] if owned else None)
    response = login(client, staff, role).get(admin_url("articles_article_change", article.pk))
    assert response.status_code == 200
    offered = [action["name"] for action in response.context["workflow_actions"]]
    assert offered == BUTTONS[(status, owned)][role]
    content = response.content.decode()
    for name in offered:
        assert admin_url("articles_article_workflow", article.pk, name) in content


def test_schedule_button_asks_for_a_time_and_return_asks_for_a_note(client, staff, make_article):
    article = make_article(status=Status.IN_REVIEW)
    content = (
        login(client, staff, "editor")
        .get(admin_url("articles_article_change", article.pk))
        .content.decode()
    )
    assert 'type="datetime-local"' in content
    assert 'name="note"' in content


WORKFLOW_POSTS = {
    # action: (start status, owned by reporter, POST data, status after success)
    "submit": (Status.DRAFT, True, {}, Status.IN_REVIEW),
    "return_to_draft": (Status.IN_REVIEW, True, {"note": "أعد الصياغة"}, Status.DRAFT),
    "schedule": (Status.IN_REVIEW, True, {"publish_at": "2099-01-01T09:30"}, Status.SCHEDULED),
    "publish": (Status.IN_REVIEW, True, {}, Status.PUBLISHED),
    "archive": (Status.PUBLISHED, True, {"reason": "حق الرد"}, Status.ARCHIVED),
}
WORKFLOW_EXPECTED = {
    "submit": {"anonymous": False, "reporter": True, "editor": True, "chief": True},
    "return_to_draft": {"anonymous": False, "reporter": False, "editor": True, "chief": True},
    "schedule": {"anonymous": False, "reporter": False, "editor": True, "chief": True},
    "publish": {"anonymous": False, "reporter": False, "editor": True, "chief": True},
    "archive": {"anonymous": False, "reporter": False, "editor": True, "chief": True},
}


@pytest.mark.parametrize("role", ["anonymous", "reporter", "editor", "chief"])
@pytest.mark.parametrize("action", list(WORKFLOW_POSTS))
def test_workflow_button_permission_matrix(action, role, client, staff, make_article):
    start, owned, data, after = WORKFLOW_POSTS[action]
    article = make_article(status=start, created_by=staff["reporter"] if owned else None)
    response = login(client, staff, role).post(
        admin_url("articles_article_workflow", article.pk, action), data
    )
    assert response.status_code == 302
    stored = Article.objects.get(pk=article.pk)
    if WORKFLOW_EXPECTED[action][role]:
        assert stored.status == after
        assert StatusChange.objects.get(article=article).actor == staff[role]
    else:
        assert stored.status == start
        assert not StatusChange.objects.filter(article=article).exists()
        if role != "anonymous":
            levels = [m.level_tag for m in get_messages(response.wsgi_request)]
            assert levels == ["error"]


def test_schedule_button_reads_the_time_in_casablanca(client, staff, make_article):
    article = make_article(status=Status.IN_REVIEW)
    login(client, staff, "editor").post(
        admin_url("articles_article_workflow", article.pk, "schedule"),
        {"publish_at": "2099-06-01T09:30"},
    )
    stored = Article.objects.get(pk=article.pk)
    local = timezone.localtime(stored.publish_at)
    assert (local.hour, local.minute) == (9, 30)


def test_workflow_button_without_required_note_changes_nothing(client, staff, make_article):
    article = make_article(status=Status.IN_REVIEW)
    response = login(client, staff, "editor").post(
        admin_url("articles_article_workflow", article.pk, "return_to_draft"), {"note": ""}
    )
    assert response.status_code == 302
    assert Article.objects.get(pk=article.pk).status == Status.IN_REVIEW
    assert [m.level_tag for m in get_messages(response.wsgi_request)] == ["error"]


def test_workflow_button_refuses_get(client, staff, make_article):
    article = make_article(status=Status.IN_REVIEW)
    response = login(client, staff, "editor").get(
        admin_url("articles_article_workflow", article.pk, "publish")
    )
    assert response.status_code == 405
    assert Article.objects.get(pk=article.pk).status == Status.IN_REVIEW


def test_workflow_button_requires_csrf_token(staff, make_article):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    sign_in(client, staff["editor"])
    article = make_article(status=Status.IN_REVIEW)
    response = client.post(admin_url("articles_article_workflow", article.pk, "publish"))
    assert response.status_code == 403
    assert Article.objects.get(pk=article.pk).status == Status.IN_REVIEW


def test_unknown_workflow_action_is_not_found(client, staff, make_article):
    article = make_article(status=Status.IN_REVIEW)
    response = login(client, staff, "editor").post(
        admin_url("articles_article_workflow", article.pk, "delete_everything")
    )
    assert response.status_code == 404


def test_reporter_cannot_reach_another_reporters_draft_through_the_button(client, staff, articles):
    article = articles["other_draft"]
    login(client, staff, "reporter").post(
        admin_url("articles_article_workflow", article.pk, "submit")
    )
    assert Article.objects.get(pk=article.pk).status == Status.DRAFT


def test_audit_trail_is_shown_read_only_on_the_article(client, staff, make_article):
    article = make_article(status=Status.IN_REVIEW)
    client = login(client, staff, "editor")
    client.post(
        admin_url("articles_article_workflow", article.pk, "return_to_draft"),
        {"note": "ملاحظة المحرر للمراسل"},
    )
    response = client.get(admin_url("articles_article_change", article.pk))
    content = response.content.decode()
    assert "ملاحظة المحرر للمراسل" in content
    assert 'name="status_changes-0-note"' not in content


@pytest.mark.parametrize("url_name", ["add", "change", "delete"])
def test_audit_log_cannot_be_edited_even_by_a_superuser(client, make_article, url_name):
    from django.contrib.auth.models import User

    superuser = User.objects.create(username="root", is_staff=True, is_superuser=True)
    article = make_article()
    row = StatusChange.objects.create(
        article=article, from_status=Status.IN_REVIEW, to_status=Status.PUBLISHED
    )
    sign_in(client, superuser)
    args = [] if url_name == "add" else [row.pk]
    if url_name == "change":
        response = client.post(
            admin_url(f"articles_statuschange_{url_name}", *args), {"note": "مزور"}
        )
    else:
        response = client.post(admin_url(f"articles_statuschange_{url_name}", *args))
    assert response.status_code == 403
    assert StatusChange.objects.get(pk=row.pk).note == ""


# Bulk actions: each success and each refusal reported.


def bulk(client, action, articles, **extra):
    return client.post(
        admin_url("articles_article_changelist"),
        {"action": action, "_selected_action": [a.pk for a in articles], "index": 0, **extra},
    )


def test_bulk_publish_reports_each_success_and_each_refusal(client, staff, make_article):
    ready = make_article(status=Status.IN_REVIEW)
    draft = make_article(status=Status.DRAFT)
    response = bulk(login(client, staff, "editor"), "publish_selected", [ready, draft])
    assert response.status_code == 302
    levels = sorted(m.level_tag for m in get_messages(response.wsgi_request))
    assert levels == ["error", "success"]
    assert Article.objects.get(pk=ready.pk).status == Status.PUBLISHED
    assert Article.objects.get(pk=draft.pk).status == Status.DRAFT


def test_bulk_submit_by_reporter_moves_own_drafts_only(client, staff, make_article):
    own = make_article(status=Status.DRAFT, created_by=staff["reporter"])
    public = make_article(status=Status.PUBLISHED)
    response = bulk(login(client, staff, "reporter"), "submit_selected", [own, public])
    messages = sorted(m.level_tag for m in get_messages(response.wsgi_request))
    assert messages == ["error", "success"]
    assert Article.objects.get(pk=own.pk).status == Status.IN_REVIEW
    assert Article.objects.get(pk=public.pk).status == Status.PUBLISHED


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        ("reporter", {"submit_selected"}),
        # Editors who publish also pin to the home page (articles/admin/home.py).
        ("editor", {"submit_selected", "publish_selected", "archive_selected", "pin_to_home_page"}),
        ("chief", {"submit_selected", "publish_selected", "archive_selected", "pin_to_home_page"}),
    ],
)
def test_bulk_actions_offered_per_role(role, expected, client, staff, articles):
    response = login(client, staff, role).get(admin_url("articles_article_changelist"))
    choices = {name for name, _label in response.context["action_form"].fields["action"].choices}
    assert choices - {""} == expected


def test_bulk_archive_asks_for_a_reason_first(client, staff, make_article):
    article = make_article(status=Status.PUBLISHED)
    client = login(client, staff, "editor")
    response = bulk(client, "archive_selected", [article])
    assert response.status_code == 200
    assert 'name="reason"' in response.content.decode()
    assert Article.objects.get(pk=article.pk).status == Status.PUBLISHED

    response = bulk(client, "archive_selected", [article], apply="1", reason="قرار التحرير")
    assert response.status_code == 302
    assert Article.objects.get(pk=article.pk).status == Status.ARCHIVED
    assert StatusChange.objects.get(article=article).note == "قرار التحرير"


def test_bulk_archive_without_reason_shows_the_form_again(client, staff, make_article):
    article = make_article(status=Status.PUBLISHED)
    response = bulk(
        login(client, staff, "editor"), "archive_selected", [article], apply="1", reason=""
    )
    assert response.status_code == 200
    assert response.context["form"].errors
    assert Article.objects.get(pk=article.pk).status == Status.PUBLISHED


def test_reporter_cannot_run_publish_action_even_by_posting_it(client, staff, articles):
    article = articles["public"]
    draft = Article.objects.create(
        headline="مقال قيد المراجعة", status=Status.IN_REVIEW, created_by=staff["reporter"]
    )
    bulk(login(client, staff, "reporter"), "publish_selected", [draft, article])
    assert Article.objects.get(pk=draft.pk).status == Status.IN_REVIEW
