"""Outgoing e-mail. SMTP when MAIL_SERVER is set; otherwise the message is written to the log.

In testing every message is also appended to ``app.extensions["outbox"]`` so tests can read it.
"""
from __future__ import annotations

import logging
import smtplib
from email.message import EmailMessage

from flask import current_app

logger = logging.getLogger(__name__)


def send_mail(to: str, subject: str, body: str) -> None:
    cfg = current_app.config
    msg = EmailMessage()
    msg["From"] = cfg["MAIL_DEFAULT_SENDER"]
    msg["To"] = to
    msg["Subject"] = subject
    msg.set_content(body)
    outbox = current_app.extensions.get("outbox")
    if outbox is not None:
        outbox.append(msg)
    if not cfg.get("MAIL_SERVER"):
        # Development: the whole mail goes to the log so links can be followed.
        logger.info("mail to %s (not sent: no MAIL_SERVER)\nSubject: %s\n\n%s", to, subject, body)
        return
    try:
        smtp_cls = smtplib.SMTP_SSL if cfg.get("MAIL_USE_SSL") else smtplib.SMTP
        with smtp_cls(cfg["MAIL_SERVER"], cfg.get("MAIL_PORT", 25), timeout=10) as smtp:
            if cfg.get("MAIL_USE_TLS") and not cfg.get("MAIL_USE_SSL"):
                smtp.starttls()
            if cfg.get("MAIL_USERNAME"):
                smtp.login(cfg["MAIL_USERNAME"], cfg.get("MAIL_PASSWORD") or "")
            smtp.send_message(msg)
        logger.info("mail sent to %s: %s", to, subject)
    except (OSError, smtplib.SMTPException):
        logger.exception("could not send mail to %s", to)
