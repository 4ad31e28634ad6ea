"""Mail backends for the sender's tests: a server that refuses every message.

A real backend class, loaded by Django through EMAIL_BACKEND like any other; it stands for an
SMTP server that is down, which this machine does not run.
"""

from smtplib import SMTPServerDisconnected

from django.core.mail.backends.base import BaseEmailBackend


class RefusingBackend(BaseEmailBackend):
    def send_messages(self, email_messages):
        raise SMTPServerDisconnected("Connection unexpectedly closed")
