"""Which request header names the client, given how many proxies stand in front of gunicorn.

Read by settings (NEWSROOM_TRUSTED_PROXY_COUNT) and handed to django-axes, which asks
django-ipware; the security log asks django-axes too (authors/staff/services.py), so lockouts
and the log always agree. docs/security.md, "Client addresses and proxies", explains the setup.
"""


def axes_ipware_settings(trusted_proxy_count):
    """django-axes' ipware settings for `trusted_proxy_count` proxies in front of the app.

    0: the socket's address; X-Forwarded-For, which anyone can send, is ignored.
    1: the shipped nginx, which replaces X-Forwarded-For with the address it saw.
    n > 1: n - 1 more proxies in front of nginx (a CDN, a load balancer), each appending the
    address it saw; nginx then appends too (deploy/nginx/newsroom.conf says how). The client is
    the entry n - 1 places left of the header's right end; what a client wrote further left is
    never read.
    """
    if isinstance(trusted_proxy_count, bool) or not isinstance(trusted_proxy_count, int):
        raise TypeError("The trusted proxy count must be a whole number.")
    if trusted_proxy_count < 0:
        raise ValueError("The trusted proxy count cannot be negative.")
    if trusted_proxy_count == 0:
        return {
            "AXES_IPWARE_META_PRECEDENCE_ORDER": ("REMOTE_ADDR",),
            "AXES_IPWARE_PROXY_COUNT": None,
            "IPWARE_STRICT": False,
        }
    return {
        # Only the header the nearest proxy writes. A fallback to REMOTE_ADDR (the proxy
        # itself) would put every request that lacks it behind one address again.
        "AXES_IPWARE_META_PRECEDENCE_ORDER": ("HTTP_X_FORWARDED_FOR",),
        # django-ipware counts the proxies listed in the header; the nearest one is not listed
        # (it is REMOTE_ADDR).
        "AXES_IPWARE_PROXY_COUNT": trusted_proxy_count - 1,
        # Entries a client prepends must not void the trusted ones on their right.
        "IPWARE_STRICT": False,
    }
