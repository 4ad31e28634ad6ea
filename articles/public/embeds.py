"""Embeds on the reader's page: a placeholder in place of each marker, and the page's CSP.

The stored marker (articles/embeds/providers.py) becomes templates/includes/embed.html: the
provider's name, a notice and a link to the post. Nothing is requested from the provider until the reader
presses the button static/articles/js/embeds.js shows; the script then inserts the provider's
official iframe. Without the script the placeholder stays a plain link to the original.

Frames are refused on every page (SECURE_CSP's frame-src 'none'); an article whose body has
embeds gets a policy allowing exactly its providers' iframe origins (`allow_embed_frames`).
"""

from django.conf import settings
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe

from articles.embeds.providers import MARKER, all_frame_hosts, embed_or_none, frame_hosts


def body_with_embeds(body):
    """The (already sanitised) body HTML with each embed marker shown as its placeholder."""
    if 'class="embed"' not in body:
        return body

    def replace(match):
        embed = embed_or_none(*match.groups())
        if embed is None:
            return match.group(0)  # the sanitiser never stores one; left as the plain link
        return render_to_string("includes/embed.html", {"embed": embed}).strip()

    return mark_safe(MARKER.sub(replace, body))  # only our own markup is added


def allow_embed_frames(response, embeds, *, every_provider=False):
    """Let `response` frame the iframe origins of `embeds` (`embeds_in(body)`), nothing else;
    with `every_provider`, those of every provider on the allow-list (a running live blog,
    whose next entry, inserted without a reload, may embed any of them).

    Sets the per-response policy Django's CSP middleware sends (as `csp_override` does); a
    body without embeds keeps the site's policy, which refuses every frame.
    """
    hosts = all_frame_hosts() if every_provider else frame_hosts(embeds)
    if hosts:
        response._csp_config = {**settings.SECURE_CSP, "frame-src": hosts}
    return response
