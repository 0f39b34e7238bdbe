"""Scheduler state: runs and deliveries in an embedded SQLite database, and per-job locks.

Locks are `flock` locks on files: the kernel drops them when the process
dies, however it dies, so a killed run never blocks the next one, and while
a run is alive no other invocation can take its job. Under the lock, a row
still marked `running` (or a delivery marked `sending`) belongs to a dead
process: that is how a crash is detected.
"""
from __future__ import annotations

import contextlib
import datetime as dt
import fcntl
import json
import os
import sqlite3
from pathlib import Path

from ..errors import ScheduleError

SCHEMA = """
CREATE TABLE IF NOT EXISTS runs (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    job TEXT NOT NULL,
    window_start TEXT NOT NULL,
    window_end TEXT NOT NULL,
    scheduled_for TEXT,
    started TEXT NOT NULL,
    finished TEXT,
    status TEXT NOT NULL,          -- running | succeeded | skipped: empty | failed | crashed
    pid INTEGER,
    outputs TEXT,                  -- JSON {format: path}
    error TEXT
);
CREATE INDEX IF NOT EXISTS runs_job_window ON runs (job, window_start, window_end);
CREATE TABLE IF NOT EXISTS deliveries (
    message_id TEXT PRIMARY KEY,
    run_id INTEGER REFERENCES runs(id),
    job TEXT NOT NULL,
    recipients TEXT NOT NULL,      -- JSON {address: pending | sent | refused: ... | pending: ...}
    status TEXT NOT NULL,          -- pending | sending | sent | partial (done, some refused) | failed | unconfirmed
    attempts INTEGER NOT NULL DEFAULT 0,
    eml_path TEXT NOT NULL,
    last_error TEXT,
    created TEXT NOT NULL,
    updated TEXT NOT NULL
);
"""


SKIPPED_EMPTY = "skipped: empty"   # the window had no articles: nothing rendered or sent
DONE = ("succeeded", SKIPPED_EMPTY)  # a window in one of these states is not run again unless forced


def now_iso() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


class State:
    """The scheduler's memory: one SQLite file under the state folder."""

    def __init__(self, folder: str | os.PathLike):
        self.folder = Path(folder)
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            (self.folder / "locks").mkdir(exist_ok=True)
            (self.folder / "outbox").mkdir(exist_ok=True)
            self.db = sqlite3.connect(self.folder / "wirebrief.sqlite3", timeout=30, isolation_level=None)
            self.db.row_factory = sqlite3.Row
            self.db.execute("PRAGMA journal_mode=WAL")
            self.db.execute("PRAGMA busy_timeout=30000")
            self.db.executescript(SCHEMA)
        except (OSError, sqlite3.Error) as exc:
            # a `state_dir` the user cannot write (or a file where the folder should be)
            raise ScheduleError(f"state folder {self.folder}: {exc} (set `state_dir` in [settings] "
                                "of the schedules file)", key="state_dir") from exc

    def close(self) -> None:
        self.db.close()

    @contextlib.contextmanager
    def transaction(self):
        self.db.execute("BEGIN IMMEDIATE")
        try:
            yield self.db
        except BaseException:
            self.db.execute("ROLLBACK")
            raise
        self.db.execute("COMMIT")

    @contextlib.contextmanager
    def lock(self, job: str):
        """Yield True when this process holds the job's lock, False when another one does."""
        path = self.folder / "locks" / f"{_safe(job)}.lock"
        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                yield False
                return
            os.ftruncate(fd, 0)
            os.write(fd, str(os.getpid()).encode())
            try:
                yield True
            finally:
                fcntl.flock(fd, fcntl.LOCK_UN)
        finally:
            os.close(fd)

    # -- runs -------------------------------------------------------------
    def done(self, job: str, start: str, end: str) -> sqlite3.Row | None:
        """The last run that settled this window: it succeeded, or it was skipped as empty."""
        return self.db.execute(
            f"SELECT * FROM runs WHERE job=? AND window_start=? AND window_end=? "
            f"AND status IN ({', '.join('?' * len(DONE))}) ORDER BY id DESC LIMIT 1",
            (job, start, end, *DONE)).fetchone()

    def mark_crashed(self, job: str) -> int:
        """Call under the job's lock: any run still `running` belongs to a dead process."""
        cur = self.db.execute(
            "UPDATE runs SET status='crashed', finished=?, error='process died during the run' "
            "WHERE job=? AND status='running'", (now_iso(), job))
        return cur.rowcount

    def start_run(self, job: str, start: str, end: str, scheduled_for: str | None) -> int:
        cur = self.db.execute(
            "INSERT INTO runs (job, window_start, window_end, scheduled_for, started, status, pid) "
            "VALUES (?, ?, ?, ?, ?, 'running', ?)", (job, start, end, scheduled_for, now_iso(), os.getpid()))
        return cur.lastrowid

    def finish_run(self, run_id: int, status: str, outputs: dict | None = None, error: str | None = None):
        self.db.execute("UPDATE runs SET status=?, finished=?, outputs=?, error=? WHERE id=?",
                        (status, now_iso(), json.dumps({k: str(v) for k, v in (outputs or {}).items()}),
                         error, run_id))

    def last_run(self, job: str) -> sqlite3.Row | None:
        return self.db.execute("SELECT * FROM runs WHERE job=? ORDER BY id DESC LIMIT 1", (job,)).fetchone()

    def runs(self, job: str | None = None) -> list[sqlite3.Row]:
        sql, args = "SELECT * FROM runs", ()
        if job:
            sql, args = sql + " WHERE job=?", (job,)
        return self.db.execute(sql + " ORDER BY id", args).fetchall()

    # -- deliveries -------------------------------------------------------
    def queue(self, message_id: str, run_id: int, job: str, recipients: list[str], eml: Path) -> None:
        """Record a message to send (idempotent: a known Message-ID keeps its state)."""
        self.db.execute(
            "INSERT OR IGNORE INTO deliveries (message_id, run_id, job, recipients, status, eml_path, created, updated) "
            "VALUES (?, ?, ?, ?, 'pending', ?, ?, ?)",
            (message_id, run_id, job, json.dumps({r: "pending" for r in recipients}), str(eml), now_iso(), now_iso()))

    def delivery(self, message_id: str) -> sqlite3.Row | None:
        return self.db.execute("SELECT * FROM deliveries WHERE message_id=?", (message_id,)).fetchone()

    def deliveries(self, job: str | None = None, open_only: bool = False) -> list[sqlite3.Row]:
        sql, args = "SELECT * FROM deliveries WHERE 1=1", []
        if job:
            sql += " AND job=?"
            args.append(job)
        if open_only:
            sql += " AND status IN ('pending', 'sending')"
        return self.db.execute(sql + " ORDER BY created", args).fetchall()

    def update_delivery(self, message_id: str, **fields) -> None:
        if "recipients" in fields:
            fields["recipients"] = json.dumps(fields["recipients"])
        fields["updated"] = now_iso()
        cols = ", ".join(f"{k}=?" for k in fields)
        self.db.execute(f"UPDATE deliveries SET {cols} WHERE message_id=?", (*fields.values(), message_id))

    def mark_unconfirmed(self, job: str) -> list[str]:
        """Under the job's lock: a delivery left `sending` died inside DATA; never resend it blindly."""
        rows = self.db.execute("SELECT message_id FROM deliveries WHERE job=? AND status='sending'", (job,)).fetchall()
        for row in rows:
            self.update_delivery(row["message_id"], status="unconfirmed",
                                 last_error="process died while the server was receiving the message; "
                                            "check the recipients' mailboxes, then `wirebrief outbox retry --force`")
        return [r["message_id"] for r in rows]


def _safe(name: str) -> str:
    return "".join(c if c.isalnum() or c in "-_." else "_" for c in name)
