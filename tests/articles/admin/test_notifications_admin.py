"""The outbox of e-mail notifications in the admin: read-only, for superusers."""

from django.urls import reverse

from tests.sign_in import sign_in


def test_the_outbox_is_readable_by_superusers_only(client, admin_client, staff):
    url = reverse("admin:articles_notification_changelist")
    assert admin_client.get(url).status_code == 200
    sign_in(client, staff["chief"])
    assert client.get(url).status_code == 403
