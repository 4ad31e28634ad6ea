"""Mail backends for the sender's tests: a server that refuses every message.

A real backend class, loaded by Django through EMAIL_BACKEND like any other; it stands for an
SMTP server that is down, which this machine does not run.
"""

from smtplib import SMTPServerDisconnected

from django.core.mail.backends.base import BaseEmailBackend


class RefusingBackend(BaseEmailBackend):
    def send_messages(self, email_messages):
        raise SMTPServerDisconnected("Connection unexpectedly closed")


class OneMessageBackend(BaseEmailBackend):
    """A server that closes the session after one message, as servers with a per-session
    limit do: the next send on the same connection fails until it is opened again."""

    sent = []

    def open(self):
        self.used = False
        return True

    def send_messages(self, email_messages):
        if getattr(self, "used", True):
            raise SMTPServerDisconnected("please run connect() first")
        self.used = True
        OneMessageBackend.sent.extend(email_messages)
        return len(email_messages)


class UnreachableBackend(BaseEmailBackend):
    """A server that cannot be reached at all."""

    def open(self):
        raise ConnectionRefusedError(111, "Connection refused")

    def send_messages(self, email_messages):
        raise AssertionError("nothing is sent without a connection")
