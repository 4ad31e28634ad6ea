"""`POST /r/<id>`: the beacon an article page sends once shown (static/articles/js/most-read.js),
counted by articles/services/reads.py. The answer is the same whatever happened (204, nothing
to store, no cookie): a bot, a reload, an article readers may not see or a Redis that is down
all look alike from outside, and the page never waits on it."""

from axes.helpers import get_client_ip_address
from django.http import HttpResponse
from django.utils.cache import add_never_cache_headers
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from articles.services.reads import read_count
from newsroom.sessions import leaves_session_idle


@csrf_exempt  # nothing to forge: a read counts at most once a minute per address and article
@require_POST
# The page's script sends it on its own: not a signed-in person's activity, and no cookie.
@leaves_session_idle
def read_beacon(request, pk):
    read_count(
        article_id=pk,
        user_agent=request.headers.get("User-Agent", ""),
        ip_address=get_client_ip_address(request) or None,
    )
    response = HttpResponse(status=204)
    add_never_cache_headers(response)
    return response
