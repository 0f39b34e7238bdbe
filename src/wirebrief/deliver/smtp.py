"""SMTP: the settings, the briefing's message, and one SMTP transaction.

Configuration comes from the environment (WIREBRIEF_SMTP_*), optionally
loaded from an uncommitted `.env` file; the password is never printed, logged
or passed to a notebook.

Exactly once, per recipient (outbox.py keeps the books, `transmit` here
reports what the server did with each recipient): every message is queued in the state database
before any attempt, with one status per recipient (pending, sent, refused).
The SMTP transaction is split so that the database says `sending` only
between the server's acceptance of the recipients and the end of DATA. A
crash outside that window is retried safely; a crash inside it cannot be
resolved without asking the server, so the message is marked `unconfirmed`
and reported rather than sent a second time.
"""
from __future__ import annotations

import copy
import email.policy
import hashlib
import html
import logging
import os
import re
import smtplib
import ssl
from collections.abc import Sequence
from dataclasses import dataclass, field
from email.message import EmailMessage
from email.utils import formatdate, getaddresses, make_msgid
from pathlib import Path

from ..errors import ConfigError, DeliveryError

log = logging.getLogger("wirebrief.deliver")

SECURITY = ("starttls", "tls", "none")
# every WIREBRIEF_SMTP_<name> from_env reads (.env.example documents each one)
SETTINGS = ("HOST", "PORT", "SECURITY", "USER", "PASSWORD", "FROM", "CAFILE", "TIMEOUT", "ATTEMPTS", "BACKOFF")


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
    def from_env(cls, env: dict | None = None,
                 dotenv: str | os.PathLike | Sequence[str | os.PathLike] | None = ".env") -> SmtpConfig:
        """Read WIREBRIEF_SMTP_* from the environment, then from the `.env` files in `dotenv`
        (the environment wins; among the files, the first listed wins).

        Without WIREBRIEF_SMTP_HOST nothing is configured: that is a ConfigError
        naming where settings were looked for, never a silent try of localhost:587
        that fails an hour later as "connection refused".
        """
        files = [dotenv] if isinstance(dotenv, (str, os.PathLike)) else list(dotenv or [])
        values = {}
        for path in reversed(files):
            if Path(path).is_file():
                from dotenv import dotenv_values
                values.update({k: v for k, v in dotenv_values(path).items() if v is not None})
        values.update(os.environ if env is None else env)

        def get(name, default=None):
            value = values.get(f"WIREBRIEF_SMTP_{name}")
            return default if value in (None, "") else value   # `KEY=` in a .env file is unset
        if not get("HOST"):
            looked = ", ".join(str(Path(f).absolute()) for f in files) or "no .env file"
            raise ConfigError("WIREBRIEF_SMTP_HOST", "SMTP not configured: set WIREBRIEF_SMTP_HOST (and "
                              "_PORT, _SECURITY, _USER, _PASSWORD, _FROM) in the environment or a .env file "
                              f"(looked in: {looked}); .env.example lists them")
        security = get("SECURITY", "starttls").lower()
        if security not in SECURITY:
            raise ConfigError("WIREBRIEF_SMTP_SECURITY", f"WIREBRIEF_SMTP_SECURITY must be one of "
                              f"{', '.join(SECURITY)}, not {security!r}", value=security)
        default_port = {"starttls": 587, "tls": 465, "none": 25}[security]
        return cls(host=get("HOST"), port=_number(values, "PORT", default_port, int), security=security,
                   user=get("USER"), password=get("PASSWORD"), sender=get("FROM", "wirebrief@localhost"),
                   alert_to=values.get("WIREBRIEF_ALERT_TO") or None, cafile=get("CAFILE"),
                   timeout=_number(values, "TIMEOUT", 30, float), attempts=_number(values, "ATTEMPTS", 3, int),
                   backoff=_number(values, "BACKOFF", 2, float))

    def describe(self) -> str:
        """For logs: everything but the password."""
        auth = f" as {self.user}" if self.user else ""
        return f"{self.security}://{self.host}:{self.port}{auth}"


def _number(values: dict, name: str, default, kind):
    """A numeric setting, or a ConfigError naming it (not a ValueError traceback)."""
    raw = values.get(f"WIREBRIEF_SMTP_{name}") or default
    try:
        value = kind(raw)
    except (TypeError, ValueError):
        value = None
    if value is None or value < 0:
        raise ConfigError(f"WIREBRIEF_SMTP_{name}", f"WIREBRIEF_SMTP_{name} must be a number >= 0, "
                          f"not {raw!r}", value=str(raw))
    return value


def dotenv_files(schedules: str | os.PathLike | None = None) -> list[Path]:
    """Where `.env` is looked for: the working folder, then the schedules file's folder.

    cron starts jobs in the home folder, so a `.env` kept beside `schedules.toml`
    must be found from anywhere; one in the working folder (the python-dotenv
    habit) wins over it.
    """
    files = [Path(".env")]
    if schedules is not None:
        beside = Path(schedules).absolute().parent / ".env"
        if beside.resolve() != files[0].resolve():
            files.append(beside)
    return files


def message_id(job: str, start: str, end: str, domain: str = "wirebrief") -> str:
    """The same job and window always give the same Message-ID, so a resend is recognisable."""
    digest = hashlib.sha256(f"{job}\0{start}\0{end}".encode()).hexdigest()[:16]
    safe = "".join(c if c.isalnum() or c in "-_" else "-" for c in job)
    return f"<wirebrief.{safe}.{start or 'all'}.{end or 'all'}.{digest}@{domain}>"


def build_message(*, sender: str, recipients: list[str], subject: str, msgid: str,
                  figures: list[tuple[str, str]], attachments: dict[str, bytes],
                  intro: str = "", lang: str = "en") -> EmailMessage:
    """A short plain-text and HTML body with the headline figures, and the briefing attached.

    The body is in the briefing's language `lang` (its words are in
    data/lang/<lang>/email.yaml). `recipients` are the visible ones (To);
    Bcc recipients are only given to the server, never written in the message.
    """
    words = email_words(lang)
    msg = EmailMessage()
    msg["From"] = sender
    msg["To"] = ", ".join(recipients) or UNDISCLOSED
    msg["Subject"] = subject
    msg["Message-ID"] = msgid
    msg["Date"] = formatdate(localtime=False)
    lines = [intro, ""] if intro else []
    lines += [f"{name}: {value}" for name, value in figures]
    lines += ["", words["attached"]]
    msg.set_content("\n".join(lines))
    rows = "".join(f"<tr><th style='text-align:left;padding-right:1em'>{html.escape(n)}</th>"
                   f"<td>{html.escape(v)}</td></tr>" for n, v in figures)
    msg.add_alternative(
        f"<html lang='{html.escape(lang)}'><body><p>{html.escape(intro)}</p><table>{rows}</table>"
        f"<p>{html.escape(words['attached'])}</p></body></html>", subtype="html")
    types = {"pdf": ("application", "pdf"), "html": ("text", "html")}
    for name, data in attachments.items():
        maintype, subtype = types.get(name.rsplit(".", 1)[-1], ("application", "octet-stream"))
        if maintype == "text":
            msg.add_attachment(data.decode("utf-8"), subtype=subtype, filename=name)
        else:
            msg.add_attachment(data, maintype=maintype, subtype=subtype, filename=name)
    msg["Content-Language"] = lang   # last: set_content and add_* move Content-* headers into parts
    return msg


UNDISCLOSED = "undisclosed-recipients:;"   # RFC 5322's To of a message sent only to Bcc recipients


def email_words(lang: str) -> dict[str, str]:
    """The words of a briefing's email in `lang`, English where that language has none."""
    from .. import lang as langdata
    english = langdata.load("en")["email"]
    own = langdata.load(lang).get("email", {}) if lang in langdata.supported() else {}
    return {k: own.get(k) or v for k, v in english.items()}


def attachment_name(title: str, start: str, end: str, suffix: str) -> str:
    """"Sudan briefing 2023-06-01–2023-06-30.pdf": what the reader saves it as.

    The title and window say what the file is once it sits in a downloads
    folder; characters no file system takes (/, \\, :, ...) become "-".
    """
    window = f" {start or '…'}–{end or '…'}" if start or end else ""
    name = re.sub(r'[\x00-\x1f/\\:*?"<>|]+', "-", f"{title}{window}").strip(" .-") or "briefing"
    return f"{name}.{suffix}"


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
        raise DeliveryError(f"SMTP authentication failed for {cfg.describe()}: {exc.smtp_code}", False,
                            server=cfg.describe()) from exc
    except smtplib.SMTPNotSupportedError as exc:
        raise DeliveryError(f"{cfg.describe()}: {exc} (check WIREBRIEF_SMTP_SECURITY)", False,
                            server=cfg.describe()) from exc
    except (OSError, smtplib.SMTPException) as exc:
        # connection refused, timeouts, TLS errors, 4xx greetings: try again later
        raise DeliveryError(f"cannot reach {cfg.describe()}: {type(exc).__name__}: {exc}", True,
                            server=cfg.describe()) from exc


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
            raise DeliveryError(f"MAIL FROM refused: {code} {resp.decode(errors='replace')}", code < 500,
                                server=cfg.describe())
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
        msg = _addressed(msg, accepted)
        code, resp = smtp.data(msg.as_bytes(policy=email.policy.SMTP))  # CRLF line ends, as SMTP wants
        text = f"{code} {resp.decode(errors='replace')}"
        for rcpt in accepted:
            outcome[rcpt] = "sent" if code < 300 else ("pending: " if code < 500 else "refused: ") + text
        return outcome
    except (OSError, smtplib.SMTPServerDisconnected) as exc:
        raise DeliveryError(f"connection lost: {type(exc).__name__}: {exc}", True,
                            server=cfg.describe()) from exc
    finally:
        try:
            smtp.quit()
        except (OSError, smtplib.SMTPException):
            smtp.close()


def _addressed(msg: EmailMessage, accepted: list[str]) -> EmailMessage:
    """A copy of `msg` whose To lists the accepted recipients it showed (never a Bcc one).

    A copy, because `deliver` sends the same parsed message again to the
    recipients still pending: each attempt must start from the To it was built with.
    """
    shown = {addr.lower() for _, addr in getaddresses(msg.get_all("To", []))}
    out = copy.deepcopy(msg)
    del out["To"]
    out["To"] = ", ".join(r for r in accepted if r.lower() in shown) or UNDISCLOSED
    return out


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
