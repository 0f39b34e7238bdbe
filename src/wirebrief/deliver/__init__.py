"""Delivering briefings: the stage after rendering.

    schedule.py  the schedules file, which jobs are due, each window rendered once
    state.py     what has run and what was sent (SQLite), per-job locks
    outbox.py    queued messages sent to each recipient once, retries and backoff
    smtp.py      SMTP settings (environment, .env), the message, the SMTP exchange

`wirebrief schedule ...` and `wirebrief outbox ...` call schedule.run,
schedule.check and outbox.retry_outbox.
"""
from .outbox import deliver, retry_outbox
from .schedule import Job, Schedule, check, load, run
from .smtp import SmtpConfig

__all__ = ["Job", "Schedule", "SmtpConfig", "check", "deliver", "load", "retry_outbox", "run"]
