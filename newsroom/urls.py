from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from articles.public.views import old_path_redirect
from newsroom.health import healthz

admin.site.site_header = _("Newsroom")
admin.site.site_title = _("Newsroom administration")
admin.site.index_title = _("The newsroom desk")

urlpatterns = [
    # For load balancers and monitoring (newsroom/health.py); its path is also in
    # newsroom/request_log.py and deploy/nginx/.
    path("healthz", healthz, name="healthz"),
    # Staff security (two-factor sign-in, passkeys, sign out everywhere) lives inside the admin.
    path(
        f"{settings.ADMIN_URL}security/two-factor/webauthn/",
        include("authors.staff.webauthn"),
    ),
    path(f"{settings.ADMIN_URL}security/", include("authors.staff.urls")),
    path(settings.ADMIN_URL, admin.site.urls),
    path("", include("articles.urls")),
    path("", include("articles.public.author_urls")),
]

if settings.DEBUG:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

# Last: anything else may be an old permalink that now lives at a new address.
urlpatterns += [path("<path:path>", old_path_redirect, name="old-path")]
