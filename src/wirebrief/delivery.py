"""Delivery: briefings by email over SMTP, each recipient served exactly once.

Configuration comes from the environment (WIREBRIEF_SMTP_*), optionally
loaded from an uncommitted `.env` file; the password is never printed, logged
or passed to a notebook.

Exactly once, per recipient: every message is queued in the state database
before any attempt, with one status per recipient (pending, sent, refused).
The SMTP transaction is split so that the database says `sending` only
between the server's acceptance of the recipients and the end of DATA. A
crash outside that window is retried safely; a crash inside it cannot be
resolved without asking the server, so the message is marked `unconfirmed`
and reported rather than sent a second time.
"""
from __future__ import annotations

import email.policy
import hashlib
import html
import logging
import os
import smtplib
import ssl
from dataclasses import dataclass, field
from email.message import EmailMessage
from email.utils import formatdate, make_msgid
from pathlib import Path

from .errors import WirebriefError

log = logging.getLogger("wirebrief.delivery")

SECURITY = ("starttls", "tls", "none")


class DeliveryError(WirebriefError):
    """The message could not be handed to the SMTP server (yet)."""

    def __init__(self, message: str, temporary: bool):
        super().__init__(message)
        self.temporary = temporary


@dataclass(frozen=True)
class SmtpConfig:
    host: str = "localhost"
    port: int = 25
    security: str = "starttls"
    user: str | None = None
    password: str | None = field(default=None, repr=False)
    sender: str = "wirebrief@localhost"
    alert_to: str | None = None
    cafile: str | None = None
    timeout: float = 30.0
    attempts: int = 3
    backoff: float = 2.0   # seconds; doubles after each temporary failure

    @classmethod
    def from_env(cls, env: dict | None = None, dotenv: str | os.PathLike | None = ".env") -> SmtpConfig:
        """Read WIREBRIEF_SMTP_* (the environment wins over the .env file)."""
        values = {}
        if dotenv and Path(dotenv).is_file():
            from dotenv import dotenv_values
            values.update({k: v for k, v in dotenv_values(dotenv).items() if v is not None})
        values.update(os.environ if env is None else env)

        def get(name, default=None):
            return values.get(f"WIREBRIEF_SMTP_{name}", default)
        security = get("SECURITY", "starttls").lower()
        if security not in SECURITY:
            raise WirebriefError(f"WIREBRIEF_SMTP_SECURITY must be one of {SECURITY}, not {security!r}")
        default_port = {"starttls": 587, "tls": 465, "none": 25}[security]
        return cls(host=get("HOST", "localhost"), port=int(get("PORT", default_port)), security=security,
                   user=get("USER"), password=get("PASSWORD"), sender=get("FROM", "wirebrief@localhost"),
                   alert_to=values.get("WIREBRIEF_ALERT_TO"), cafile=get("CAFILE"),
                   timeout=float(get("TIMEOUT", 30)), attempts=int(get("ATTEMPTS", 3)),
                   backoff=float(get("BACKOFF", 2)))

    def describe(self) -> str:
        """For logs: everything but the password."""
        auth = f" as {self.user}" if self.user else ""
        return f"{self.security}://{self.host}:{self.port}{auth}"


def message_id(job: str, start: str, end: str, domain: str = "wirebrief") -> str:
    """The same job and window always give the same Message-ID, so a resend is recognisable."""
    digest = hashlib.sha256(f"{job}\0{start}\0{end}".encode()).hexdigest()[:16]
    safe = "".join(c if c.isalnum() or c in "-_" else "-" for c in job)
    return f"<wirebrief.{safe}.{start or 'all'}.{end or 'all'}.{digest}@{domain}>"


def build_message(*, sender: str, recipients: list[str], subject: str, msgid: str,
                  figures: list[tuple[str, str]], attachments: dict[str, bytes],
                  intro: str = "") -> EmailMessage:
    """A short plain-text and HTML body with the headline figures, and the briefing attached."""
    msg = EmailMessage()
    msg["From"] = sender
    msg["To"] = ", ".join(recipients)
    msg["Subject"] = subject
    msg["Message-ID"] = msgid
    msg["Date"] = formatdate(localtime=False)
    lines = [intro, ""] if intro else []
    lines += [f"{name}: {value}" for name, value in figures]
    lines += ["", "The briefing is attached."]
    msg.set_content("\n".join(lines))
    rows = "".join(f"<tr><th style='text-align:left;padding-right:1em'>{html.escape(n)}</th>"
                   f"<td>{html.escape(v)}</td></tr>" for n, v in figures)
    msg.add_alternative(
        f"<html><body><p>{html.escape(intro)}</p><table>{rows}</table>"
        f"<p>The briefing is attached.</p></body></html>", subtype="html")
    types = {"pdf": ("application", "pdf"), "html": ("text", "html")}
    for name, data in attachments.items():
        maintype, subtype = types.get(name.rsplit(".", 1)[-1], ("application", "octet-stream"))
        if maintype == "text":
            msg.add_attachment(data.decode("utf-8"), subtype=subtype, filename=name)
        else:
            msg.add_attachment(data, maintype=maintype, subtype=subtype, filename=name)
    return msg


def alert_message(cfg: SmtpConfig, subject: str, body: str) -> EmailMessage:
    msg = EmailMessage()
    msg["From"], msg["To"], msg["Subject"] = cfg.sender, cfg.alert_to, subject
    msg["Message-ID"] = make_msgid(domain="wirebrief")
    msg["Date"] = formatdate(localtime=False)
    msg.set_content(body)
    return msg


def _connect(cfg: SmtpConfig) -> smtplib.SMTP:
    context = ssl.create_default_context(cafile=cfg.cafile)
    try:
        if cfg.security == "tls":
            smtp = smtplib.SMTP_SSL(cfg.host, cfg.port, timeout=cfg.timeout, context=context)
        else:
            smtp = smtplib.SMTP(cfg.host, cfg.port, timeout=cfg.timeout)
        smtp.ehlo()
        if cfg.security == "starttls":
            smtp.starttls(context=context)
            smtp.ehlo()
        if cfg.user:
            smtp.login(cfg.user, cfg.password or "")
        return smtp
    except smtplib.SMTPAuthenticationError as exc:
        raise DeliveryError(f"SMTP authentication failed for {cfg.describe()}: {exc.smtp_code}", False) from exc
    except smtplib.SMTPNotSupportedError as exc:
        raise DeliveryError(f"{cfg.describe()}: {exc} (check WIREBRIEF_SMTP_SECURITY)", False) from exc
    except (OSError, smtplib.SMTPException) as exc:
        # connection refused, timeouts, TLS errors, 4xx greetings: try again later
        raise DeliveryError(f"cannot reach {cfg.describe()}: {type(exc).__name__}: {exc}", True) from exc


def transmit(cfg: SmtpConfig, msg: EmailMessage, recipients: list[str], before_data=None) -> dict[str, str]:
    """Send `msg` to `recipients` in one SMTP transaction; return each recipient's outcome.

    Outcomes: "sent", "refused: <code> <text>" (5xx, permanent) or
    "pending: <code> <text>" (4xx, try again). `before_data(accepted)` runs
    once the server has accepted the recipients and before DATA, so the caller
    can record that a send is under way.
    """
    smtp = _connect(cfg)
    try:
        code, resp = smtp.mail(cfg.sender)
        if code >= 400:
            raise DeliveryError(f"MAIL FROM refused: {code} {resp.decode(errors='replace')}", code < 500)
        outcome, accepted = {}, []
        for rcpt in recipients:
            code, resp = smtp.rcpt(rcpt)
            text = f"{code} {resp.decode(errors='replace')}"
            if code < 300:
                accepted.append(rcpt)
            else:
                outcome[rcpt] = ("pending: " if code < 500 else "refused: ") + text
        if not accepted:
            smtp.rset()
            return outcome
        if before_data:
            before_data(accepted)
        del msg["To"]
        msg["To"] = ", ".join(accepted)
        code, resp = smtp.data(msg.as_bytes(policy=email.policy.SMTP))  # CRLF line ends, as SMTP wants
        text = f"{code} {resp.decode(errors='replace')}"
        for rcpt in accepted:
            outcome[rcpt] = "sent" if code < 300 else ("pending: " if code < 500 else "refused: ") + text
        return outcome
    except (OSError, smtplib.SMTPServerDisconnected) as exc:
        raise DeliveryError(f"connection lost: {type(exc).__name__}: {exc}", True) from exc
    finally:
        try:
            smtp.quit()
        except (OSError, smtplib.SMTPException):
            smtp.close()


def send_alert(cfg: SmtpConfig, subject: str, body: str) -> bool:
    """Best effort: an operator alert must never hide the failure it reports."""
    if not cfg.alert_to:
        return False
    try:
        outcome = transmit(cfg, alert_message(cfg, subject, body), [cfg.alert_to])
        return outcome.get(cfg.alert_to) == "sent"
    except (DeliveryError, OSError) as exc:
        log.error("alert to %s not sent: %s", cfg.alert_to, exc)
        return False


def backoff_delays(cfg: SmtpConfig) -> list[float]:
    """Pauses between attempts: backoff, 2×backoff, 4×backoff, ..."""
    return [cfg.backoff * 2 ** i for i in range(max(0, cfg.attempts - 1))]
