"""The outbox: queued briefings sent to each recipient exactly once, with retries and backoff.

`schedule run` queues a rendered briefing here (state.py records it before
any attempt) and calls `deliver`; `wirebrief outbox retry` calls
`retry_outbox` for what the SMTP server did not take. The SMTP exchange
itself is smtp.py.
"""
from __future__ import annotations

import email
import email.policy
import json
import logging
import time
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import DeliveryError, ScheduleError
from . import smtp
from .state import State

if TYPE_CHECKING:
    from .schedule import Schedule

log = logging.getLogger("wirebrief.deliver")


def backoff_delays(cfg: smtp.SmtpConfig) -> list[float]:
    """Pauses between attempts: backoff, 2×backoff, 4×backoff, ..."""
    return [cfg.backoff * 2 ** i for i in range(max(0, cfg.attempts - 1))]


def deliver(state: State, cfg: smtp.SmtpConfig, mid: str) -> str:
    """Send a queued message to its still-pending recipients, with retries; return its status.

    Call under the job's lock. Recipients already served are never sent to
    again; a 5xx for one recipient does not stop the others; after the last
    temporary failure the message stays `pending` in the outbox.
    """
    row = state.delivery(mid)
    if row is None or row["status"] not in ("pending",):
        return row["status"] if row else "missing"
    recipients = json.loads(row["recipients"])
    msg = email.message_from_bytes(Path(row["eml_path"]).read_bytes(), policy=email.policy.default)
    attempts = row["attempts"]
    delays = backoff_delays(cfg)
    status = "pending"
    for attempt in range(cfg.attempts):
        todo = [r for r, s in recipients.items() if s.startswith("pending")]
        if not todo:
            break
        attempts += 1

        def mark_sending(accepted, n=attempts):
            state.update_delivery(mid, status="sending", attempts=n)
        try:
            outcome = smtp.transmit(cfg, msg, todo, before_data=mark_sending)
        except DeliveryError as exc:
            state.update_delivery(mid, status="pending" if exc.temporary else "failed",
                                  attempts=attempts, last_error=str(exc))
            log.warning("%s: attempt %d failed: %s", mid, attempts, exc)
            if not exc.temporary:
                return "failed"
            if attempt < len(delays):
                time.sleep(delays[attempt])
            continue
        recipients.update(outcome)
        status = _summary(recipients)
        errors = "; ".join(f"{r}: {s}" for r, s in recipients.items() if s != "sent") or None
        state.update_delivery(mid, recipients=recipients, status=status, attempts=attempts, last_error=errors)
        if status != "pending":
            return status
        if attempt < len(delays):
            time.sleep(delays[attempt])
    return state.delivery(mid)["status"]


def _summary(recipients: dict) -> str:
    states = list(recipients.values())
    if any(s.startswith("pending") for s in states):
        return "pending"
    if all(s == "sent" for s in states):
        return "sent"
    return "partial" if "sent" in states else "failed"


def retry_outbox(schedule: Schedule, cfg: smtp.SmtpConfig, force: str | None = None) -> list[tuple[str, str]]:
    """Send what waits in the outbox; `force` re-opens one unconfirmed message by Message-ID."""
    state = State(schedule.state_dir)
    done = []
    try:
        if force:
            row = state.delivery(force)
            if row is None:
                raise ScheduleError(f"no message {force} in the outbox")
            recipients = {r: ("pending" if s != "sent" or row["status"] == "unconfirmed" else s)
                          for r, s in json.loads(row["recipients"]).items()}
            state.update_delivery(force, status="pending", recipients=recipients)
        for job in sorted({r["job"] for r in state.deliveries(open_only=True)}):
            with state.lock(job) as held:
                if not held:
                    done.append((job, "busy"))
                    continue
                for mid in state.mark_unconfirmed(job):
                    done.append((mid, "unconfirmed"))
                for row in state.deliveries(job, open_only=True):
                    done.append((row["message_id"], deliver(state, cfg, row["message_id"])))
    finally:
        state.close()
    return done


def delivery_hint(state: State, mid: str, status: str) -> str:
    """What an operator does about a delivery that did not go through, after why it did not."""
    row = state.delivery(mid)
    why = f": {row['last_error']}" if row is not None and row["last_error"] else ""
    if status == "pending":
        return (f"{why}; it waits in the outbox: run `wirebrief outbox retry` once the server is back "
                "(the next `schedule run` also retries it)")
    if status == "failed":
        # refused for good: bad credentials, no TLS, every address refused; retrying alone cannot help
        return f"{why}; once that is fixed, `wirebrief outbox retry --force '{mid}'` sends it"
    return ""
