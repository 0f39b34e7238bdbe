"""Scheduled briefings: run the jobs that are due, render each window once, mail it once.

`wirebrief schedule run` is made to be called by cron, a systemd timer, a
Kubernetes CronJob or an orchestrator: it runs what is due and exits.
A job is due when its cron expression fired since its window last
succeeded; the window is resolved against the *fire time*, not the wall
clock, so a retry after a crash renders the same window under the same
Message-ID. See state.py for locks and crash detection, outbox.py for
the exactly-once sending with retries, smtp.py for the SMTP exchange.
"""
from __future__ import annotations

import datetime as dt
import logging
import os
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from croniter import croniter

from ..config import SCHEDULED_REPORTS, STATE
from ..errors import ConfigError, InputError, ScheduleError, WirebriefError
from ..report.params import RELATIVE_DAY as RELATIVE
from ..report.params import declared, resolve_days
from ..report.rendering import FORMATS, atomic_write, render
from . import smtp
from .outbox import deliver, delivery_hint
from .state import SKIPPED_EMPTY, State

log = logging.getLogger("wirebrief.deliver")

JOB_KEYS = {"name", "notebook", "cron", "frames", "corpus", "formats", "recipients", "subject",
            "attach_html", "send_empty", "parameters", "bcc"}
EMAIL = re.compile(r"^[^@\s,<>]+@[^@\s,<>]+$")


@dataclass(frozen=True)
class Job:
    name: str
    notebook: Path
    cron: str
    recipients: tuple[str, ...]   # To: every recipient sees these
    parameters: dict = field(default_factory=dict)
    frames: Path | None = None
    corpus: Path | None = None
    formats: tuple[str, ...] = ("html", "pdf")
    subject: str = "{title} ({start} – {end})"
    attach_html: bool = False
    send_empty: bool = False   # mail a window without articles (default: record it as skipped)
    bcc: tuple[str, ...] = ()  # also mailed, named in no header

    @property
    def addressees(self) -> tuple[str, ...]:
        """Everyone the briefing is mailed to: To, then Bcc, each once."""
        return tuple(dict.fromkeys(self.recipients + self.bcc))


@dataclass(frozen=True)
class Schedule:
    path: Path
    jobs: tuple[Job, ...]
    state_dir: Path
    reports_dir: Path

    def job(self, name: str) -> Job:
        for j in self.jobs:
            if j.name == name:
                return j
        raise ScheduleError(f"{self.path}: no job named {name!r} (jobs: {', '.join(j.name for j in self.jobs)})")


def load(path: str | os.PathLike) -> Schedule:
    """Read and validate a schedules file (TOML); every mistake is reported with its job and key."""
    path = Path(path)
    data = _read_toml(path)
    base = path.parent.resolve()
    settings = data.get("settings", {})
    jobs: list[Job] = []
    for i, raw in enumerate(data.get("job", [])):
        jobs.append(_job(raw, i, path, base, {j.name for j in jobs}))
    return Schedule(path, tuple(jobs),
                    state_dir=(base / settings.get("state_dir", STATE)).resolve(),
                    reports_dir=(base / settings.get("reports_dir", SCHEDULED_REPORTS)).resolve())


def _read_toml(path: Path) -> dict:
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ScheduleError(f"no schedules file at {path}", path=str(path)) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ScheduleError(f"{path}: cannot read it: {exc}", path=str(path)) from None
    except tomllib.TOMLDecodeError as exc:
        raise ScheduleError(f"{path}: not valid TOML: {exc}", path=str(path)) from None


def _job(raw: dict, i: int, path: Path, base: Path, taken: set[str]) -> Job:
    """One [[job]] table checked key by key; the first mistake is a ScheduleError naming both."""
    name = raw.get("name", i + 1)

    def bad(key: str | None, message: str) -> ScheduleError:
        return ScheduleError(f"{path}: job {name!r}: {message}", path=str(path), job=str(name), key=key)
    unknown = set(raw) - JOB_KEYS
    if unknown:
        raise bad(sorted(unknown)[0], f"unknown key(s) {sorted(unknown)}")
    for key in ("name", "notebook", "cron"):
        if not raw.get(key):
            raise bad(key, f"`{key}` is required")
    if not raw.get("recipients") and not raw.get("bcc"):
        raise bad("recipients", "`recipients` (or `bcc`) is required")
    if raw["name"] in taken:
        raise bad("name", "duplicate job name")
    if not croniter.is_valid(raw["cron"]):
        raise bad("cron", f"cron: {raw['cron']!r} is not a cron expression")
    for key in ("recipients", "bcc"):
        value = raw.get(key, [])
        if not isinstance(value, list):
            raise bad(key, f"{key}: a list of addresses, not {value!r}")
        wrong = [r for r in value if not (isinstance(r, str) and EMAIL.match(r))]
        if wrong:
            raise bad(key, f"{key}: not an email address: {wrong}")
    formats = tuple(raw.get("formats", ["html", "pdf"]))
    if not set(formats) <= set(FORMATS) or "pdf" not in formats:
        raise bad("formats", f"formats: choose from {FORMATS}; pdf is required (it is mailed)")
    if bool(raw.get("frames")) == bool(raw.get("corpus")):
        raise bad("frames", "give exactly one of `frames` (a parsed folder) or `corpus`")
    notebook = (base / raw["notebook"]).resolve()
    if not notebook.is_file():
        raise bad("notebook", f"notebook: no file at {notebook}")
    params = dict(raw.get("parameters", {}))
    for k, v in params.items():
        if isinstance(v, str) and k in ("start", "end") and not (RELATIVE.match(v) or _iso(v) or v == ""):
            raise bad(f"parameters.{k}", f"parameters.{k}: {v!r} is neither a date nor "
                      "a relative day (today, yesterday, -7d, -2w, -1m)")
    send_empty = raw.get("send_empty", False)
    if not isinstance(send_empty, bool):
        raise bad("send_empty", f"send_empty: must be true or false, not {send_empty!r}")
    subject = raw.get("subject", Job.subject)
    try:
        subject.format(job="j", title="t", start="s", end="e", date="d")
    except (KeyError, IndexError, ValueError) as exc:
        raise bad("subject", f"subject: unknown placeholder {exc}; use {{job}} {{title}} {{start}} {{end}} "
                  "{date}") from None
    return Job(
        name=raw["name"], notebook=notebook, cron=raw["cron"], recipients=tuple(raw.get("recipients", [])),
        bcc=tuple(raw.get("bcc", [])), parameters=params, formats=formats, subject=subject,
        attach_html=bool(raw.get("attach_html")), send_empty=send_empty,
        frames=(base / raw["frames"]).resolve() if raw.get("frames") else None,
        corpus=(base / raw["corpus"]).resolve() if raw.get("corpus") else None)


def _iso(v: str) -> bool:
    try:
        dt.date.fromisoformat(v)
        return True
    except ValueError:
        return False


def parameters_for(job: Job, day: dt.date) -> dict:
    """The job's parameters for the window of `day`, titled with the job's name by default.

    A notebook's own default title could name a corpus the job is not about; the
    job's name is what its readers subscribed to (a notebook without a `title`
    parameter is given none).
    """
    params = resolve_days(job.parameters, day)
    params.setdefault("start", "")
    params.setdefault("end", "")
    if "title" not in params and "title" in declared(job.notebook):
        params["title"] = job.name
    return params


def last_fire(job: Job, now: dt.datetime) -> dt.datetime:
    """The latest time at or before `now` when the job's cron expression fired."""
    return croniter(job.cron, now + dt.timedelta(seconds=1)).get_prev(dt.datetime)


def next_fire(job: Job, now: dt.datetime) -> dt.datetime:
    return croniter(job.cron, now).get_next(dt.datetime)


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(tzinfo=None, microsecond=0)


# ---------------------------------------------------------------- running

@dataclass
class Outcome:
    """What one job did in this `schedule run`.

    `status` is the status the run was recorded with, the one `schedule list`
    shows (succeeded | skipped: empty | failed), or busy | already-done when
    nothing ran; how the mail fared is `delivery` (sent, partial, pending,
    failed, unconfirmed), never folded into `status`, so the two commands
    never disagree about a run.
    """
    job: str
    status: str
    detail: str = ""
    delivery: str | None = None

    @property
    def ok(self) -> bool:
        """The run did not fail and its briefing, if any, reached its recipients."""
        return self.status != "failed" and self.delivery in (None, "sent", "partial")


def run(schedule: Schedule, cfg: smtp.SmtpConfig, now: dt.datetime | None = None,
        only: str | None = None, force: bool = False, resend: bool = False) -> list[Outcome]:
    """Run every due job (or `only`), then deliver what is waiting in the outbox.

    `force` runs `only` now, whether due or not; its window is rendered again but
    mailed again only with `resend` (nobody receives a briefing twice by accident).
    """
    _check_forcing(schedule, only, force, resend)
    now = now or utcnow()
    jobs = [schedule.job(only)] if only else list(schedule.jobs)
    state = State(schedule.state_dir)
    try:
        return [_run_job(schedule, state, cfg, job, now, force, resend) for job in jobs]
    finally:
        state.close()


def _check_forcing(schedule: Schedule, only: str | None, force: bool, resend: bool) -> None:
    """Forcing is for one named job: `--now` on its own would re-render every job at once."""
    if force and not only:
        names = ", ".join(j.name for j in schedule.jobs)
        raise ScheduleError(f"--now runs one job whatever its schedule: use --job NAME --now (jobs: {names})")
    if resend and not force:
        raise ScheduleError("--resend mails a window that was already delivered: use --job NAME --now --resend")


def _run_job(schedule: Schedule, state: State, cfg: smtp.SmtpConfig, job: Job,
             now: dt.datetime, force: bool, resend: bool = False) -> Outcome:
    with state.lock(job.name) as held:
        if not held:
            return Outcome(job.name, "busy", "another `schedule run` holds this job")
        _recover(state, cfg, job)
        fire = now if force else last_fire(job, now)
        params = parameters_for(job, fire.date())
        start, end = params["start"], params["end"]
        done = None if force else state.done(job.name, start, end)
        if done is not None:
            return Outcome(job.name, "already-done", f"window {start}..{end} already {done['status']}")
        run_id = state.start_run(job.name, start, end, fire.isoformat())
        try:
            frames_dir = _frames_for(job, schedule)
            params["frames_dir"] = str(frames_dir)
            frames = _window(frames_dir, params)
            # checked before rendering: a window without articles makes a blank briefing that
            # nobody should be mailed; recording it as done stops cron from retrying it all day
            if frames.articles.empty and not job.send_empty:
                state.finish_run(run_id, SKIPPED_EMPTY)
                return Outcome(job.name, SKIPPED_EMPTY, f"window {start}..{end} has no articles: nothing "
                               "rendered or sent; `send_empty = true` mails it")
            out_dir = schedule.reports_dir / job.name / f"{start or 'all'}_{end or 'all'}"
            # the schedules file names the frames folder (or the state folder holds it): allowed
            outputs = render(job.notebook, out_dir, params, formats=job.formats, stem=job.name,
                             roots=[frames_dir])
        except (WirebriefError, OSError) as exc:   # RenderError, InputError, a frames folder gone
            where = getattr(exc, "step", "frames")
            error = f"{where}: {exc}"
            state.finish_run(run_id, "failed", error=error)
            smtp.send_alert(cfg, f"[wirebrief] {job.name}: briefing failed",
                                f"The briefing for {start}..{end} was not rendered and nothing was sent.\n\n{error}")
            return Outcome(job.name, "failed", error)
        return _mail(state, cfg, job, run_id, params, frames, outputs, resend)


def _recover(state: State, cfg: smtp.SmtpConfig, job: Job) -> None:
    """Under the job's lock: settle what an earlier run left (a crash, an open delivery)."""
    if state.mark_crashed(job.name):
        log.warning("%s: an earlier run died mid-way; running it again", job.name)
    for mid in state.mark_unconfirmed(job.name):
        smtp.send_alert(cfg, f"[wirebrief] {job.name}: delivery unconfirmed",
                            f"Message {mid} may or may not have been delivered; it will not be resent "
                            "automatically. Check, then run `wirebrief outbox retry --force`.")
    for row in state.deliveries(job.name, open_only=True):
        deliver(state, cfg, row["message_id"])


def _mail(state: State, cfg: smtp.SmtpConfig, job: Job, run_id: int, params: dict,
          frames, outputs: dict, resend: bool) -> Outcome:
    """Record the rendered run and queue and send its message, unless that window was mailed before.

    The Message-ID is the job and window, so a delivery row for it means this
    window's briefing was queued already: only a forced run gets this far then,
    and its recipients are served by that row (sent, or still pending), never
    again unless `resend` starts the delivery over.
    """
    start, end = params["start"], params["end"]
    mid = smtp.message_id(job.name, start, end)
    if state.delivery(mid) is not None and not resend:
        state.finish_run(run_id, "succeeded", outputs=outputs)
        status = deliver(state, cfg, mid)   # finishes a pending one; a sent one stays sent
        return Outcome(job.name, "succeeded", f"window {start}..{end} rendered again; already queued, "
                       f"delivery {status}; not mailed again (--resend mails it again)"
                       + delivery_hint(state, mid, status), delivery=status)
    msg = _message(job, cfg, params, frames, outputs, mid)
    eml = state.folder / "outbox" / f"{_file_safe(mid)}.eml"
    atomic_write(eml, msg.as_bytes())
    with state.transaction():
        if resend:
            state.db.execute("DELETE FROM deliveries WHERE message_id=?", (mid,))
        state.finish_run(run_id, "succeeded", outputs=outputs)
        state.queue(mid, run_id, job.name, list(job.addressees), eml)
    status = deliver(state, cfg, mid)
    return Outcome(job.name, "succeeded", f"window {start}..{end}; delivery {status}"
                   + delivery_hint(state, mid, status), delivery=status)


def last_run_line(state: State, job: Job) -> str:
    """The job's last run as `schedule list` shows it: the same status `schedule run` printed,
    its window, when it started, and how its window's mail fared."""
    last = state.last_run(job.name)
    if last is None:
        return "never"
    line = f"{last['status']} {last['window_start']}..{last['window_end']} at {last['started']}"
    row = state.delivery(smtp.message_id(job.name, last["window_start"], last["window_end"]))
    if row is not None and last["status"] == "succeeded":
        line += f"; delivery {row['status']}"
    return line


def _frames_for(job: Job, schedule: Schedule) -> Path:
    if job.frames:
        if not job.frames.is_dir():
            raise InputError(f"frames folder {job.frames} does not exist (run `wirebrief parse` first)")
        return job.frames
    from ..ingest import build
    out = schedule.state_dir / "frames" / job.name
    # incremental: only files changed since the last run are parsed. The folder belongs to
    # this job and mirrors its `corpus`, so it is pruned to it (a changed `corpus` replaces it)
    build(job.corpus, out, prune=True)
    return out


def _window(frames_dir: Path, params: dict):
    """The frames of the job's window (and country), as the briefing and its message show them."""
    from .. import report
    from ..frames import Frames
    return report.window(Frames.load(frames_dir, params["start"], params["end"]),
                         params["start"], params["end"], params.get("country", ""))


def _message(job: Job, cfg: smtp.SmtpConfig, params: dict, frames, outputs: dict, mid: str):
    """The briefing's email, in the briefing's language (its `lang` parameter, English without one)."""
    from .. import report
    lang = params.get("lang") or "en"
    words = smtp.email_words(lang)
    figures = report.key_figures_text(frames, lang)
    title = params.get("title") or job.name
    start, end = params["start"], params["end"]
    shown = (start or words["open_start"], end or words["open_end"])
    subject = job.subject.format(job=job.name, title=title, start=shown[0], end=shown[1],
                                 date=dt.date.today().isoformat())
    attachments = {smtp.attachment_name(title, start, end, "pdf"): Path(outputs["pdf"]).read_bytes()}
    if job.attach_html and "html" in outputs:
        attachments[smtp.attachment_name(title, start, end, "html")] = Path(outputs["html"]).read_bytes()
    return smtp.build_message(sender=cfg.sender, recipients=list(job.recipients), subject=subject,
                                  msgid=mid, figures=figures, attachments=attachments,
                                  intro=f"{title}: {shown[0]} – {shown[1]}", lang=lang)


def check(schedule: Schedule, env: dict | None = None) -> list[str]:
    """What `schedule check` finds that `load` cannot: SMTP settings, frames and corpus folders,
    parameters the notebook does not take.

    Each problem is one line naming the job and key; an empty list means a run
    would find its settings and its data (the SMTP server itself is not contacted).
    """
    from ..dataset import is_frames, not_frames_message
    problems = []
    try:
        smtp.SmtpConfig.from_env(env, smtp.dotenv_files(schedule.path))
    except ConfigError as exc:
        problems.append(str(exc))
    for job in schedule.jobs:
        where = f"{schedule.path}: job {job.name!r}"
        if job.frames is not None and not job.frames.is_dir():
            problems.append(f"{where}: frames: no folder at {job.frames} "
                            f"(`wirebrief parse CORPUS --out {job.frames}` writes it)")
        elif job.frames is not None and not is_frames(job.frames):
            problems.append(f"{where}: frames: {not_frames_message(job.frames)}")
        if job.corpus is not None and not job.corpus.exists():
            problems.append(f"{where}: corpus: no file or folder at {job.corpus}")
        problems += _parameter_problems(job, where)
    return problems


def _parameter_problems(job: Job, where: str) -> list[str]:
    """The job's parameters checked against its notebook, as its next run will pass them:
    a misspelt `lang` or `country` is found by `schedule check`, not by the 06:00 run."""
    from ..dataset import is_frames
    from ..report.params import validate
    try:
        params = parameters_for(job, utcnow().date())
        if job.frames is not None and is_frames(job.frames):   # else check() has said so already
            params["frames_dir"] = str(job.frames)
        validate(job.notebook, params, roots=[job.frames] if job.frames else None)
    except WirebriefError as exc:
        return [f"{where}: parameters: {exc}"]
    return []


def _file_safe(mid: str) -> str:
    return re.sub(r"[^\w.-]", "_", mid.strip("<>"))
