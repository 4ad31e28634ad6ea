"""django-otp-webauthn's endpoints, with passkey registration and verification written to
the security log."""

import json

from django.urls import path
from django.views.i18n import JavaScriptCatalog
from django_otp_webauthn import views
from django_otp_webauthn.models import WebAuthnCredential

from authors.staff.models import EventKind
from authors.staff.services import security_event_record


class CompleteCredentialAuthenticationView(views.CompleteCredentialAuthenticationView):
    def complete_auth(self, device):
        super().complete_auth(device)
        security_event_record(
            kind=EventKind.SECOND_FACTOR_VERIFIED,
            request=self.request,
            user=device.user,
            note=device.name,
        )


class CompleteCredentialRegistrationView(views.CompleteCredentialRegistrationView):
    def post(self, *args, **kwargs):
        response = super().post(*args, **kwargs)
        if response.status_code == 200:
            device = WebAuthnCredential.objects.get(pk=json.loads(response.content)["id"])
            security_event_record(
                kind=EventKind.SECOND_FACTOR_ENROLLED,
                request=self.request,
                user=device.user,
                note=device.name,
            )
        return response


# The same names as django_otp_webauthn.urls, which its template tags and scripts look up.
app_name = "otp_webauthn"
urlpatterns = [
    path(
        "registration/begin/",
        views.BeginCredentialRegistrationView.as_view(),
        name="credential-registration-begin",
    ),
    path(
        "registration/complete/",
        CompleteCredentialRegistrationView.as_view(),
        name="credential-registration-complete",
    ),
    path(
        "authentication/begin/",
        views.BeginCredentialAuthenticationView.as_view(),
        name="credential-authentication-begin",
    ),
    path(
        "authentication/complete/",
        CompleteCredentialAuthenticationView.as_view(),
        name="credential-authentication-complete",
    ),
    path(
        "jsi18n/",
        # The package ships no Arabic; locale/ar_MA/LC_MESSAGES/djangojs.po holds it.
        JavaScriptCatalog.as_view(packages=["django_otp_webauthn"]),
        name="js-i18n-catalog",
    ),
]
