from django import forms
from django.utils.translation import gettext_lazy as _

from authors.models import NotificationPreferences


class TokenForm(forms.Form):
    token = forms.CharField(
        label=_("Code"),
        max_length=16,
        help_text=_("The six digits your authenticator app shows, or one of your backup codes."),
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "autofocus": True, "dir": "ltr"}
        ),
    )

    def clean_token(self):
        return "".join(self.cleaned_data["token"].split())


class NotificationPreferencesForm(forms.ModelForm):
    """The workflow e-mails the signed-in person wants; the view gives it their own row only."""

    class Meta:
        model = NotificationPreferences
        fields = list(NotificationPreferences.EVENTS)
