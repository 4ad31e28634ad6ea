"""Readers' comments on the public site: the thread under an article, the form's token and the
endpoint that receives a comment.

The article page stays one cacheable page for everybody: it carries the form but no token and
no cookie (no `Vary: Cookie`, nothing per reader). Forgery is stopped by a signed, short-lived
token (django.core.signing's TimestampSigner) that static/articles/js/comments.js fetches when
the reader starts typing: bound to the article's id, it carries the time the server issued it
(the minimum-time rule counts from there, never from anything the browser says) and a nonce
that makes it single-use (kept in the cache for the token's lifetime), and no session backs it.
The endpoint is therefore exempt from Django's cookie-based CSRF check; instead it refuses a
POST whose `Origin` header names another site. Without JavaScript, a plain POST gets a small
page: the form again, with a fresh token, to confirm (or the answer, once sent); the minimum
time then counts from that token's issue.

Every answer here is for one reader only: never cached, never a cookie.
"""

import secrets
import time
from dataclasses import dataclass
from urllib.parse import urlsplit

from axes.helpers import get_client_ip_address
from django.conf import settings
from django.core import signing
from django.core.cache import cache
from django.http import Http404, JsonResponse
from django.template.response import TemplateResponse
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_POST

from articles.exceptions import CommentRefused
from articles.models import Article, Comment, SiteSettings
from articles.services.comments import comment_submit

TOKEN_SALT = "newsroom.comments.token"
# The cache keys of the nonces of tokens already used (one comment per token).
NONCE_PREFIX = "newsroom:comments:nonce:"


def token_max_age():
    """Seconds a form token stays valid (DJANGO_COMMENT_TOKEN_MAX_AGE, default one hour)."""
    return getattr(settings, "NEWSROOM_COMMENT_TOKEN_MAX_AGE", 3600)


def comment_thread(article):
    """The approved comments readers see under `article`: top-level ones oldest first, each
    with its replies (`thread_replies`, oldest first), and how many there are. One query; none
    when an editor hid the article's comments, or when the article was read with
    `for_article_page()` and has no approved comment."""
    if not article.comments_visible() or not getattr(article, "has_approved_comments", True):
        return [], 0
    comments = list(
        Comment.objects.for_article_page(article).only(
            "id", "parent_id", "name", "body", "by_newspaper", "created_at"
        )
    )
    top, replies = [], {}
    for comment in comments:
        if comment.parent_id is None:
            comment.thread_replies = []
            top.append(comment)
        else:
            replies.setdefault(comment.parent_id, []).append(comment)
    count = len(top)
    for comment in top:
        comment.thread_replies = replies.get(comment.pk, [])
        count += len(comment.thread_replies)
    return top, count


def make_token(article_id, *, issued_at=None, nonce=None):
    """A token for the form of article `article_id`, issued now (or at `issued_at`, epoch
    seconds: tests), with a fresh random nonce."""
    signer = signing.TimestampSigner(salt=TOKEN_SALT)
    issued_at = time.time() if issued_at is None else issued_at
    return signer.sign_object(
        {"a": article_id, "i": int(issued_at), "n": nonce or secrets.token_urlsafe(16)}
    )


@dataclass(frozen=True)
class Token:
    issued_at: int
    nonce: str


def read_token(token, article_id):
    """The issue time and nonce of a valid token for `article_id`, else None."""
    signer = signing.TimestampSigner(salt=TOKEN_SALT)
    try:
        value = signer.unsign_object(token, max_age=token_max_age())
    except (signing.BadSignature, TypeError, ValueError):
        return None
    if not isinstance(value, dict) or value.get("a") != article_id:
        return None
    issued_at, nonce = value.get("i"), value.get("n")
    if not isinstance(issued_at, int) or not isinstance(nonce, str) or not nonce:
        return None
    return Token(issued_at=issued_at, nonce=nonce)


def use_token(token):
    """Mark `token` used; False when it was already (a replay, or two posts at once). Atomic:
    cache.add stores the nonce only if absent, for the token's lifetime."""
    return cache.add(f"{NONCE_PREFIX}{token.nonce}", 1, timeout=token_max_age() + 60)


def release_token(token):
    """Give a refused comment's token back: nothing was stored, the reader may correct and
    send again with it."""
    cache.delete(f"{NONCE_PREFIX}{token.nonce}")


def foreign_origin(request):
    """Whether the request's `Origin` header is present and names another site than this one
    (or one of CSRF_TRUSTED_ORIGINS). Browsers send it with every cross-site POST."""
    origin = request.headers.get("Origin")
    if origin is None:
        return False
    if origin in getattr(settings, "CSRF_TRUSTED_ORIGINS", []):
        return False
    try:
        return urlsplit(origin).netloc.lower() != request.get_host().lower()
    except ValueError:
        return True


def _article_taking_comments(pk):
    """The public article `pk`, or Http404/CommentRefused as the endpoint must answer."""
    site_settings = SiteSettings.load()
    if not site_settings.comments_enabled:
        raise Http404(_("Comments are closed."))
    article = Article.objects.published().filter(pk=pk).first()
    if article is None:
        raise Http404(_("This article is not available."))
    if not article.comments_open(site_settings):
        raise CommentRefused(_("Comments are closed."), status=403)
    return article


def _private(response):
    add_never_cache_headers(response)
    return response


@require_GET
def comment_token(request, pk):
    """`GET /comments/<id>/token/`: a fresh token, stamped with the server's time (any
    `loaded` parameter an older script sends is ignored)."""
    try:
        _article_taking_comments(pk)
    except CommentRefused as refused:
        return _private(JsonResponse({"error": str(refused)}, status=refused.http_status))
    except Http404 as missing:
        return _private(JsonResponse({"error": str(missing)}, status=404))
    token = make_token(pk)
    return _private(JsonResponse({"token": token, "max_age": token_max_age()}))


def wants_json(request):
    return "application/json" in request.headers.get("Accept", "")


@csrf_exempt  # the signed token bound to the article stands in for the CSRF cookie
@require_POST
def comment_post(request, pk):
    """`POST /comments/<id>/`: a reader's comment, answered in JSON for the script and as a
    small page for a browser without JavaScript."""
    as_json = wants_json(request)
    try:
        article = _article_taking_comments(pk)
    except Http404 as missing:
        return _answer(request, None, str(missing), 404, as_json)
    except CommentRefused as refused:
        return _answer(request, None, str(refused), refused.http_status, as_json)
    if foreign_origin(request):
        message = _("This comment was sent from another site and was not accepted.")
        return _answer(request, article, message, 403, as_json)
    data = request.POST
    token_text = data.get("token", "")
    token = read_token(token_text, article.pk) if token_text else None
    if token is None or not use_token(token):
        if as_json:
            message = _("The form has expired. Please send your comment again.")
            return _private(JsonResponse({"error": message, "code": "token"}, status=400))
        # Without JavaScript: the form again, filled in, with a fresh token, to confirm.
        return _confirm_page(request, article, data, status=200 if not token_text else 400)
    try:
        comment_submit(
            article=article,
            name=data.get("name", ""),
            email=data.get("email", ""),
            body=data.get("body", ""),
            parent=_parent_id(data.get("parent")),
            ip_address=get_client_ip_address(request) or None,
            form_seconds=time.time() - token.issued_at,
            honeypot=data.get("website", ""),
        )
    except CommentRefused as refused:
        release_token(token)
        return _answer(request, article, str(refused), refused.http_status, as_json)
    # One answer whether the comment waits or was published by the trusted-commenter rule: a
    # different one would tell anyone typing an address whether it has approved comments.
    message = _("Thank you. Your comment has been received; it appears once approved.")
    return _answer(request, article, message, 202 if as_json else 200, as_json, sent=True)


def _parent_id(value):
    try:
        return int(value) if value else None
    except ValueError:
        return None


def _answer(request, article, message, status, as_json, *, sent=False):
    if as_json:
        key = "message" if sent else "error"
        return _private(JsonResponse({key: message}, status=status))
    response = TemplateResponse(
        request,
        "articles/comment_answer.html",
        {"article": article, "message": message, "sent": sent},
        status=status,
    )
    return _private(response)


def _confirm_page(request, article, data, *, status):
    response = TemplateResponse(
        request,
        "articles/comment_confirm.html",
        {
            "article": article,
            "token": make_token(article.pk),
            "name": data.get("name", ""),
            "email": data.get("email", ""),
            "body": data.get("body", ""),
            "parent": _parent_id(data.get("parent")) or "",
        },
        status=status,
    )
    return _private(response)
