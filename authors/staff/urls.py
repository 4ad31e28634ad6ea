from django.contrib import admin
from django.urls import path

from authors.staff import views

app_name = "staff"


def _admin_view(view):
    return admin.site.admin_view(view)


urlpatterns = [
    path("", _admin_view(views.account_security), name="account"),
    path("backup-codes/", _admin_view(views.renew_backup_codes), name="backup-codes"),
    path(
        "sign-out-everywhere/",
        _admin_view(views.sign_out_everywhere),
        name="sign-out-everywhere",
    ),
    # Everything under two-factor/ stays reachable before the second factor is verified.
    path("two-factor/verify/", _admin_view(views.verify), name="verify"),
    path("two-factor/setup/", _admin_view(views.setup), name="setup"),
]
