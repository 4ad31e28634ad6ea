"""The embed allow-list (articles/embeds/providers.py) and the sanitiser's handling of embed
markers."""

import pytest

from articles.embeds.providers import Embed, embeds_in, frame_hosts, parse_embed_url
from articles.sanitize import sanitize_body_html

YOUTUBE_ID = "dQw4w9WgXcQ"
MARKER = (
    f'<figure class="embed" data-provider="youtube" data-id="{YOUTUBE_ID}">'
    f'<a href="https://www.youtube.com/watch?v={YOUTUBE_ID}" rel="noopener noreferrer nofollow">'
    f"https://www.youtube.com/watch?v={YOUTUBE_ID}</a></figure>"
)


@pytest.mark.parametrize(
    ("url", "provider", "embed_id"),
    [
        (f"https://www.youtube.com/watch?v={YOUTUBE_ID}", "youtube", YOUTUBE_ID),
        (f"https://youtube.com/watch?v={YOUTUBE_ID}&t=42s", "youtube", YOUTUBE_ID),
        (f"http://m.youtube.com/watch?feature=share&v={YOUTUBE_ID}", "youtube", YOUTUBE_ID),
        (f"https://youtu.be/{YOUTUBE_ID}", "youtube", YOUTUBE_ID),
        (f"https://youtu.be/{YOUTUBE_ID}?si=abc", "youtube", YOUTUBE_ID),
        (f"https://www.youtube.com/shorts/{YOUTUBE_ID}", "youtube", YOUTUBE_ID),
        ("https://x.com/Hespress/status/1790000000000000000", "x", "Hespress/1790000000000000000"),
        ("https://twitter.com/jack/status/20?s=20", "x", "jack/20"),
        ("https://mobile.twitter.com/jack/status/20/", "x", "jack/20"),
        ("https://www.instagram.com/p/C1a2B3c4D5e/", "instagram", "p/C1a2B3c4D5e"),
        ("https://instagram.com/reel/C1a2B3c4D5e", "instagram", "reel/C1a2B3c4D5e"),
        (
            "https://www.tiktok.com/@hespress.tv/video/7234567890123456789",
            "tiktok",
            "hespress.tv/7234567890123456789",
        ),
        (
            "https://www.facebook.com/Hespress/posts/10160000000000000",
            "facebook",
            "Hespress/posts/10160000000000000",
        ),
        (
            "https://www.facebook.com/Hespress/posts/pfbid02abcDEF123ghiJKL",
            "facebook",
            "Hespress/posts/pfbid02abcDEF123ghiJKL",
        ),
        (
            "https://m.facebook.com/Hespress/videos/1234567890/",
            "facebook",
            "Hespress/videos/1234567890",
        ),
        ("https://www.facebook.com/watch/?v=1234567890", "facebook", "watch/1234567890"),
        ("https://fb.watch/aBc-12_xY/", "facebook", "fb.watch/aBc-12_xY"),
    ],
)
def test_the_allowed_url_shapes_are_embeds(url, provider, embed_id):
    assert parse_embed_url(url) == Embed(provider, embed_id)


@pytest.mark.parametrize(
    "url",
    [
        # Look-alike hosts and hosts hidden in the user part.
        f"https://www.youtube.com.evil.ma/watch?v={YOUTUBE_ID}",
        f"https://youtube.com.evil.ma/watch?v={YOUTUBE_ID}",
        f"https://evilyoutube.com/watch?v={YOUTUBE_ID}",
        f"https://evil.ma/youtube.com/watch?v={YOUTUBE_ID}",
        f"https://youtube.com@evil.ma/watch?v={YOUTUBE_ID}",
        f"https://user:pass@youtube.com/watch?v={YOUTUBE_ID}",
        f"https://www.youtube.com:8443/watch?v={YOUTUBE_ID}",
        f"https://music.youtube.com/watch?v={YOUTUBE_ID}",
        "https://x.com.evil.ma/jack/status/20",
        "https://fb.watch.evil.ma/abcdef/",
        # Other schemes.
        f"javascript:alert(1)//https://youtu.be/{YOUTUBE_ID}",
        f"JaVaScRiPt://youtube.com/watch?v={YOUTUBE_ID}",
        f"data:text/html,https://youtu.be/{YOUTUBE_ID}",
        f"ftp://youtube.com/watch?v={YOUTUBE_ID}",
        f"//youtube.com/watch?v={YOUTUBE_ID}",
        # Ids of the wrong shape, extra path, characters a browser would reinterpret.
        "https://www.youtube.com/watch?v=abc123",
        f"https://www.youtube.com/watch?v={YOUTUBE_ID}x",
        f'https://www.youtube.com/watch?v={YOUTUBE_ID}"onload="x',
        f"https://www.youtube.com/watch?v={YOUTUBE_ID}&v=aaaaaaaaaaa",
        f"https://youtu.be/{YOUTUBE_ID}/extra",
        f"https://youtu.be/{YOUTUBE_ID}\\@evil.ma",
        f"https://youtu.be/ {YOUTUBE_ID}",
        "https://www.youtube.com/channel/UCabcdefghijklmnop",
        "https://www.youtube.com/",
        "https://x.com/jack",
        "https://x.com/jack/status/20abc",
        "https://x.com/this_name_is_far_too_long/status/20",
        "https://www.instagram.com/hespress/",
        "https://www.instagram.com/p/ab/",
        "https://www.tiktok.com/@user",
        "https://www.tiktok.com/@user/video/<script>",
        "https://www.facebook.com/Hespress",
        "https://www.facebook.com/Hespress/photos/123",
        "https://www.facebook.com/watch/?v=abc",
        "https://vimeo.com/123456",
        "",
        None,
    ],
)
def test_anything_else_is_not_an_embed(url):
    assert parse_embed_url(url) is None


def test_each_provider_has_its_official_frame_and_a_link_to_the_original():
    cases = {
        parse_embed_url(f"https://youtu.be/{YOUTUBE_ID}"): (
            f"https://www.youtube-nocookie.com/embed/{YOUTUBE_ID}",
            f"https://www.youtube.com/watch?v={YOUTUBE_ID}",
        ),
        parse_embed_url("https://twitter.com/jack/status/20"): (
            "https://platform.twitter.com/embed/Tweet.html?id=20",
            "https://x.com/jack/status/20",
        ),
        parse_embed_url("https://instagram.com/reel/C1a2B3c4D5e"): (
            "https://www.instagram.com/reel/C1a2B3c4D5e/embed/",
            "https://www.instagram.com/reel/C1a2B3c4D5e/",
        ),
        parse_embed_url("https://www.tiktok.com/@user/video/72"): (
            "https://www.tiktok.com/embed/v2/72",
            "https://www.tiktok.com/@user/video/72",
        ),
        parse_embed_url("https://www.facebook.com/Page/posts/123"): (
            "https://www.facebook.com/plugins/post.php?href="
            "https%3A%2F%2Fwww.facebook.com%2FPage%2Fposts%2F123",
            "https://www.facebook.com/Page/posts/123",
        ),
        parse_embed_url("https://www.facebook.com/watch/?v=9"): (
            "https://www.facebook.com/plugins/video.php?href="
            "https%3A%2F%2Fwww.facebook.com%2Fwatch%2F%3Fv%3D9",
            "https://www.facebook.com/watch/?v=9",
        ),
    }
    for embed, (frame_url, url) in cases.items():
        assert (embed.frame_url, embed.url) == (frame_url, url)


def test_an_embed_refuses_an_invalid_id():
    for provider, embed_id in [("youtube", "short"), ("vimeo", "123"), ("x", "20")]:
        with pytest.raises(ValueError):
            Embed(provider, embed_id)


# -- the sanitiser ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "paragraph",
    [
        f"<p>https://youtu.be/{YOUTUBE_ID}</p>",
        f"<p> https://www.youtube.com/watch?v={YOUTUBE_ID}&amp;t=3 </p>",
        f'<p dir="ltr"><a href="https://youtu.be/{YOUTUBE_ID}">https://youtu.be/{YOUTUBE_ID}</a></p>',
        f'<p class="embed"><a href="https://www.youtube.com/shorts/{YOUTUBE_ID}" '
        f'title="x">https://www.youtube.com/shorts/{YOUTUBE_ID}</a></p>',
    ],
)
def test_a_paragraph_holding_only_an_allowed_address_becomes_the_marker(paragraph):
    assert sanitize_body_html(f"<p>قبل</p>{paragraph}<p>بعد</p>") == (
        f"<p>قبل</p>{MARKER}<p>بعد</p>"
    )


@pytest.mark.parametrize(
    "paragraph",
    [
        f"<p>شاهد https://youtu.be/{YOUTUBE_ID} الآن</p>",
        f'<p><a href="https://youtu.be/{YOUTUBE_ID}">الفيديو</a></p>',
        f'<p><a href="https://evil.ma/">https://youtu.be/{YOUTUBE_ID}</a></p>',
        "<p>https://www.youtube.com.evil.ma/watch?v=dQw4w9WgXcQ</p>",
        "<p>https://vimeo.com/123456</p>",
    ],
)
def test_other_paragraphs_stay_as_they_are(paragraph):
    assert "<figure" not in sanitize_body_html(paragraph)


def test_the_marker_survives_the_sanitiser_unchanged():
    body = f"<p>قبل</p>{MARKER}<p>بعد</p>"
    assert sanitize_body_html(body) == body
    assert sanitize_body_html(sanitize_body_html(body)) == body


def test_everything_added_to_a_marker_is_dropped_and_its_content_rebuilt():
    hostile = (
        f'<figure class="embed wide" data-provider="youtube" data-id="{YOUTUBE_ID}" '
        'onclick="alert(1)" style="position:fixed" data-src="https://evil.ma/" id="x">'
        '<a href="https://evil.ma/">انقر هنا</a><img src="https://evil.ma/p.gif">'
        '<figure class="embed" data-provider="x" data-id="jack/20"></figure>'
        "<script>alert(1)</script></figure><p>بعد</p>"
    )
    assert sanitize_body_html(hostile) == f"{MARKER}<p>بعد</p>"


@pytest.mark.parametrize(
    "marker",
    [
        '<figure class="embed" data-provider="youtube" data-id="short"><a href="#">x</a></figure>',
        '<figure class="embed" data-provider="youtube" '
        'data-id="dQw4w9WgXcQ&quot; onload=&quot;alert(1)"></figure>',
        '<figure class="embed" data-provider="youtube" data-id="javascript:alert(1)"></figure>',
        '<figure class="embed" data-provider="vimeo" data-id="123456"></figure>',
        '<figure class="embed" data-provider="x" data-id="jack/20/../evil"></figure>',
        '<figure class="embed" data-provider="facebook" '
        'data-id="Page/posts/1?href=https://evil.ma"></figure>',
        f'<figure data-provider="youtube"><a href="https://youtu.be/{YOUTUBE_ID}">v</a></figure>',
        f'<figure data-id="{YOUTUBE_ID}">نص</figure>',
        '<figure class="embed"><a href="https://evil.ma/">نص</a></figure>',
    ],
)
def test_a_marker_with_a_bad_provider_or_id_is_removed_with_its_content(marker):
    assert sanitize_body_html(f"<p>قبل</p>{marker}<p>بعد</p>") == "<p>قبل</p><p>بعد</p>"


def test_other_figures_keep_no_marker_attributes():
    body = (
        '<figure class="gallery"><figure><img src="https://a.ma/p.jpg" alt="p"></figure></figure>'
    )
    assert sanitize_body_html(body) == body


def test_the_embeds_of_a_body_and_the_frame_hosts_they_need():
    body = sanitize_body_html(
        f"<p>https://youtu.be/{YOUTUBE_ID}</p><p>نص</p><p>https://x.com/jack/status/20</p>"
        f"<p>https://www.youtube.com/shorts/{YOUTUBE_ID}</p>"
    )
    embeds = embeds_in(body)
    assert [embed.provider for embed in embeds] == ["youtube", "x", "youtube"]
    assert frame_hosts(embeds) == [
        "https://platform.twitter.com",
        "https://www.youtube-nocookie.com",
    ]
    assert embeds_in("<p>نص</p>") == []
