"""Model names of the staff-security packages, as those packages spell them for gettext.

django-otp-webauthn names its models through gettext but ships no Arabic; django-axes' Arabic
names one model ungrammatically ("سجل دخول فاشلة"). Our catalogue (locale/ar_MA), which wins
over the packages' own, gives them in Moroccan Arabic: the admin shows them in the permission
lists of staff accounts and groups, and on the index for the models it lists.

`makemessages` only reads our sources (it skips .venv), so without this list it would drop
these msgids from django.po as obsolete. The msgids are exactly the packages'. A test checks
that each is translated. Nothing needs to import this module.
"""

from django.utils.translation import gettext_noop

PACKAGE_STRINGS = [
    # django_otp_webauthn/models.py
    gettext_noop("WebAuthn credential"),
    gettext_noop("WebAuthn credentials"),
    gettext_noop("WebAuthn attestation"),
    gettext_noop("WebAuthn attestations"),
    gettext_noop("WebAuthn user handle"),
    gettext_noop("WebAuthn user handles"),
    # axes/models.py
    gettext_noop("access failure"),
    gettext_noop("access failures"),
]
