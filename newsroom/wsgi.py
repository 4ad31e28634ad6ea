"""The WSGI application gunicorn serves (`gunicorn newsroom.wsgi`).

Django's application, behind two early answers: the "most read" beacons (`POST /r/<id>`,
articles/public/reads.py) and fresh cached pages for anonymous readers
(newsroom/http/fast_path.py) are answered before Django's request handling. Outside all
of them, the request log writes one line per request, cached or not (newsroom/request_log.py).
"""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")

django_application = get_wsgi_application()

# A configuration that would serve inconsistent pages stops the start (newsroom/checks.py).
from newsroom.checks import refuse_to_start_on_errors  # noqa: E402

refuse_to_start_on_errors()

# Imported once Django is set up: the page cache needs the settings and the app registry.
from articles.public.reads import ReadBeaconApplication  # noqa: E402
from newsroom.http.fast_path import PageCacheApplication  # noqa: E402
from newsroom.request_log import RequestLogApplication  # noqa: E402

application = RequestLogApplication(ReadBeaconApplication(PageCacheApplication(django_application)))
