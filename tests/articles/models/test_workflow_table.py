"""One table of the workflow (articles/models/workflow.py), read alike by the services, the
admin's buttons and bulk actions, and the preview.

The central check: for every role, every status and both ownerships, the admin offers an
action exactly when the service it calls would take it.
"""

from datetime import timedelta

import pytest
from django.contrib.auth.models import Permission
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from articles.admin.workflow import WORKFLOW_BUTTONS
from articles.exceptions import TransitionNotPermitted, WorkflowError
from articles.models import CorrectionKind, Status
from articles.models.workflow import PREVIEW, WORKFLOW
from articles.services import permissions
from tests.sign_in import sign_in


def service_arguments(action):
    """Valid input for each action's form, so that only the table can refuse."""
    return {
        "return_to_draft": {"note": "أعد الصياغة"},
        "schedule": {"publish_at": timezone.now() + timedelta(days=1)},
        "archive": {"reason": "حكم قضائي"},
        "correct": {"kind": CorrectionKind.CORRECTION, "text": "صُحّح الاسم."},
    }.get(action, {})


def service_takes(action, article, user):
    """Whether the action's service accepts it; whatever it did is rolled back."""
    with transaction.atomic():
        try:
            WORKFLOW_BUTTONS[action].service(
                article=article, actor=user, **service_arguments(action)
            )
        except WorkflowError:
            return False
        finally:
            transaction.set_rollback(True)
    return True


def test_every_action_of_the_table_has_a_button_and_no_button_is_outside_it():
    assert list(WORKFLOW_BUTTONS) == list(WORKFLOW)


@pytest.mark.parametrize("role", ["reporter", "editor", "chief"])
def test_admin_offers_exactly_what_the_services_take(role, staff, make_article):
    user = staff[role]
    for status in Status:
        for owned in (True, False):
            article = make_article(status=status, created_by=staff["reporter"] if owned else None)
            offered = set(permissions.available_actions(user, article))
            taken = set()
            for action in WORKFLOW:
                article.refresh_from_db()
                if service_takes(action, article, user):
                    taken.add(action)
            assert offered == taken, (role, status, owned)


@pytest.mark.parametrize("action", ["return_to_draft", "schedule", "publish", "archive", "correct"])
def test_a_refusal_says_what_the_table_says(action, staff, make_article):
    start = next(iter(WORKFLOW[action].sources))
    article = make_article(status=start, created_by=staff["reporter"])
    with pytest.raises(TransitionNotPermitted) as refusal:
        WORKFLOW_BUTTONS[action].service(
            article=article, actor=staff["reporter"], **service_arguments(action)
        )
    assert str(refusal.value) == str(WORKFLOW[action].refusal)


def test_reporter_submitting_another_reporters_draft_is_told_the_tables_refusal(
    staff, make_staff, make_article
):
    article = make_article(status=Status.DRAFT, created_by=make_staff("reporter"))
    with pytest.raises(TransitionNotPermitted) as refusal:
        WORKFLOW_BUTTONS["submit"].service(article=article, actor=staff["reporter"])
    assert str(refusal.value) == str(WORKFLOW["submit"].refusal)


@pytest.mark.parametrize(
    ("codenames", "expected"),
    [
        (["change_article"], {"submit_selected"}),
        # The home page's pins follow the publish permission too (articles/services/home.py).
        (["publish_article"], {"publish_selected", "archive_selected", "pin_to_home_page"}),
        (["review_article"], {"submit_selected"}),
        ([], set()),
    ],
)
def test_bulk_actions_follow_the_permissions_the_table_names(
    codenames, expected, client, make_staff
):
    user = make_staff()
    user.user_permissions.add(
        Permission.objects.get(codename="view_article", content_type__app_label="articles"),
        *Permission.objects.filter(codename__in=codenames, content_type__app_label="articles"),
    )
    sign_in(client, user)
    response = client.get(reverse("admin:articles_article_changelist"))
    assert response.status_code == 200
    action_form = response.context["action_form"]  # None when no action is offered
    choices = set() if action_form is None else dict(action_form.fields["action"].choices).keys()
    assert set(choices) - {""} == expected


@pytest.mark.parametrize(
    ("role", "owned", "expected"),
    [
        ("reporter", True, True),
        ("reporter", False, False),
        ("editor", False, True),
        ("chief", False, True),
    ],
)
def test_preview_follows_the_tables_preview_rule(role, owned, expected, staff, make_article):
    article = make_article(status=Status.DRAFT, created_by=staff["reporter"] if owned else None)
    assert permissions.can_preview(staff[role], article) is expected
    assert permissions.follows_rule(staff[role], PREVIEW, article) is expected


def test_preview_needs_a_staff_account_whatever_its_permissions(staff, make_article):
    editor = staff["editor"]
    editor.is_staff = False
    assert not permissions.can_preview(editor, make_article(status=Status.DRAFT))
