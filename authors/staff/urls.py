from django.contrib import admin
from django.urls import path

from authors.staff import views

app_name = "staff"


def _admin_view(view):
    return admin.site.admin_view(view)


def _password_step_view(view):
    # Verifying or setting up the second factor is how a password-only session gets further.
    return admin.site.password_step_view(view)


urlpatterns = [
    path("", _admin_view(views.account_security), name="account"),
    path(
        "notifications/",
        _admin_view(views.notification_preferences),
        name="notification-preferences",
    ),
    path("backup-codes/", _admin_view(views.renew_backup_codes), name="backup-codes"),
    path(
        "sign-out-everywhere/",
        _admin_view(views.sign_out_everywhere),
        name="sign-out-everywhere",
    ),
    path("two-factor/verify/", _password_step_view(views.verify), name="verify"),
    path("two-factor/setup/", _password_step_view(views.setup), name="setup"),
]
