"""The "Home page" admin screen: pins added, changed and removed through the service, by the
editors who publish only; "Pin to the home page" from the article list."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from articles.models import HomePin, HomeSlot, StatusChange
from articles.services.home import home_pin
from tests.sign_in import sign_in


def add(client, article, **fields):
    data = {"article": article.pk, "slot": HomeSlot.TOP, "position": "1", **fields}
    return client.post(reverse("admin:articles_homepin_add"), data)


@pytest.mark.parametrize(
    ("role", "allowed"), [("reporter", False), ("editor", True), ("chief", True)]
)
def test_only_editors_who_publish_reach_the_screen(role, allowed, client, staff, make_article):
    sign_in(client, staff[role])
    article = make_article()
    assert client.get(reverse("admin:articles_homepin_changelist")).status_code == (
        200 if allowed else 403
    )
    response = add(client, article)
    assert response.status_code == (302 if allowed else 403)
    assert HomePin.objects.exists() is allowed


def test_the_admin_adds_through_the_service(client, staff, make_article):
    sign_in(client, staff["editor"])
    article = make_article()
    assert add(client, article, slot=HomeSlot.BAND, position="2").status_code == 302
    pin = HomePin.objects.get()
    assert (pin.slot, pin.position, pin.created_by) == (HomeSlot.BAND, 2, staff["editor"])
    assert StatusChange.objects.filter(article=article, actor=staff["editor"]).exists()


def test_a_wrong_place_is_shown_on_the_form(client, staff, make_article):
    sign_in(client, staff["editor"])
    response = add(client, make_article(), slot=HomeSlot.BAND, position="12")
    assert response.status_code == 200
    assert response.context["adminform"].form.errors
    assert not HomePin.objects.exists()


def test_the_admin_changes_and_deletes_through_the_service(client, staff, make_article):
    sign_in(client, staff["editor"])
    article = make_article()
    pin = home_pin(article=article, slot=HomeSlot.TOP, actor=staff["chief"])
    ends = timezone.localtime(timezone.now() + timedelta(days=1))
    response = client.post(
        reverse("admin:articles_homepin_change", args=[pin.pk]),
        {
            "article": article.pk,
            "slot": HomeSlot.TOP,
            "position": "1",
            "ends_at_0": ends.strftime("%Y-%m-%d"),
            "ends_at_1": ends.strftime("%H:%M:%S"),
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert HomePin.objects.get().ends_at is not None
    response = client.post(reverse("admin:articles_homepin_delete", args=[pin.pk]), {"post": "yes"})
    assert response.status_code == 302
    assert not HomePin.objects.exists()
    assert StatusChange.objects.filter(article=article).count() == 3


def test_pin_to_the_home_page_from_the_article_list(client, staff, make_article):
    sign_in(client, staff["editor"])
    article = make_article()
    response = client.post(
        reverse("admin:articles_article_changelist"),
        {"action": "pin_to_home_page", "_selected_action": [article.pk]},
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("admin:articles_homepin_add") + f"?article={article.pk}"
    form = client.get(response["Location"]).context["adminform"].form
    assert str(form.initial["article"]) == str(article.pk)


def test_reporters_are_not_offered_the_pin_action(client, staff, make_article):
    sign_in(client, staff["reporter"])
    make_article()
    response = client.get(reverse("admin:articles_article_changelist"))
    assert "pin_to_home_page" not in response.content.decode()
