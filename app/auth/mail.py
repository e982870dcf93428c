"""Outgoing mail: SMTP when configured, the log otherwise. Sending never fails a request."""

from __future__ import annotations

import asyncio
import html
import logging
import smtplib
import ssl
from email.message import EmailMessage

import msgspec

from app.settings import Settings

logger = logging.getLogger("talentsync.mail")


class OutgoingMail(msgspec.Struct, frozen=True):
    to: str
    subject: str
    text: str
    html: str


def _compose(to: str, subject: str, intro: str, action: str, link: str, outro: str) -> OutgoingMail:
    text = f"{intro}\n\n{action}:\n{link}\n\n{outro}\n\n— TalentSync\n"
    safe_link = html.escape(link, quote=True)
    body = (
        f"<p>{html.escape(intro)}</p>"
        f'<p><a href="{safe_link}">{html.escape(action)}</a></p>'
        f"<p>{html.escape(outro)}</p><p>— TalentSync</p>"
    )
    return OutgoingMail(to=to, subject=subject, text=text, html=f"<html><body>{body}</body></html>")


def verification_mail(to: str, frontend_url: str, token: str) -> OutgoingMail:
    return _compose(
        to,
        "Confirm your e-mail address",
        "Welcome to TalentSync. Please confirm that this is your e-mail address.",
        "Confirm my address",
        f"{frontend_url.rstrip('/')}/verify-email?token={token}",
        "The link works once and expires in 24 hours. If you did not sign up, ignore this mail.",
    )


def reset_mail(to: str, frontend_url: str, token: str) -> OutgoingMail:
    return _compose(
        to,
        "Reset your password",
        "Somebody (hopefully you) asked to reset the password of your TalentSync account.",
        "Choose a new password",
        f"{frontend_url.rstrip('/')}/reset-password?token={token}",
        "The link works once and expires in 1 hour. If you did not ask, ignore this mail.",
    )


class Mailer:
    def __init__(self, settings: Settings) -> None:
        self.settings = settings

    async def send(self, mail: OutgoingMail) -> None:
        """Deliver, or log why not; the caller's data is already committed."""
        if not self.settings.smtp_host:
            # Development without a mail server: the mail goes to the log instead.
            logger.info(
                "mail not sent (no SMTP_HOST); content follows",
                extra={"to": mail.to, "subject": mail.subject, "body": mail.text},
            )
            return
        try:
            await asyncio.to_thread(self._send_smtp, mail)
        except (OSError, smtplib.SMTPException) as exc:
            logger.error(
                "mail delivery failed",
                extra={"subject": mail.subject, "error": type(exc).__name__},
            )

    def _send_smtp(self, mail: OutgoingMail) -> None:
        s = self.settings
        assert s.smtp_host is not None
        message = EmailMessage()
        message["From"] = s.mail_from
        message["To"] = mail.to
        message["Subject"] = mail.subject
        message.set_content(mail.text)
        message.add_alternative(mail.html, subtype="html")
        with smtplib.SMTP(s.smtp_host, s.smtp_port, timeout=s.smtp_timeout) as smtp:
            if s.smtp_starttls:
                smtp.starttls(context=ssl.create_default_context())
            if s.smtp_username and s.smtp_password:
                smtp.login(s.smtp_username, s.smtp_password)
            smtp.send_message(message)
