"""wirebrief's exceptions: one root, subclasses with structured fields."""
from __future__ import annotations


class WirebriefError(Exception):
    """Root of every error wirebrief raises on purpose."""


class ReadError(WirebriefError):
    """A corpus file could not be read; carries the path and the stage that failed."""

    def __init__(self, path: str, stage: str, message: str):
        super().__init__(f"{path}: {stage}: {message}")
        self.path, self.stage, self.message = path, stage, message


class InputError(WirebriefError):
    """A path the user gave is missing or is not what it has to be: a corpus file or
    folder that does not exist, a folder that is not a frames folder.

    Said in one line by the `wirebrief` command (exit 2), never as a traceback,
    and never turned into an empty result: an empty briefing or dataset made
    from a typo looks like a quiet week.
    """


class SchemaError(WirebriefError):
    """A frame does not match its documented schema."""


class RenderError(WirebriefError):
    """A briefing could not be rendered; the previous report is left in place.

    `step` is the stage that failed (execute, html, pdf, write); for a failing
    notebook cell, `cell_index`, `ename` and `evalue` say which and why.
    """

    def __init__(self, step: str, message: str, *, cell_index: int | None = None,
                 ename: str | None = None, evalue: str | None = None,
                 executed_notebook: str | None = None):
        super().__init__(message)
        self.step, self.cell_index, self.ename, self.evalue = step, cell_index, ename, evalue
        self.executed_notebook = executed_notebook


class PipelineError(WirebriefError):
    """An extraction pipeline cannot run: a component is unknown, or needs what no step before it assigns.

    `component` is the step at fault; `missing` lists the Doc fields it
    requires that nothing before it provides (empty for an unknown name).
    """

    def __init__(self, component: str, message: str, *, missing: tuple[str, ...] = ()):
        super().__init__(message)
        self.component, self.missing = component, missing


class ConfigError(WirebriefError):
    """A setting read from the environment or a `.env` file is missing or wrong.

    `setting` names the variable (WIREBRIEF_SMTP_SECURITY, ...), `value` what
    it held (None when it is missing; never a password).
    """

    def __init__(self, setting: str, message: str, *, value: str | None = None):
        super().__init__(message)
        self.setting, self.value = setting, value


class ScheduleError(WirebriefError):
    """The schedules file, or what a `schedule`/`outbox` command asks of it, is wrong.

    `path` is the schedules file, `job` and `key` the job and key at fault
    when there is one; the message names all three.
    """

    def __init__(self, message: str, *, path: str | None = None, job: str | None = None,
                 key: str | None = None):
        super().__init__(message)
        self.path, self.job, self.key = path, job, key


class DeliveryError(WirebriefError):
    """A message could not be handed to the SMTP server (yet).

    `temporary` says whether trying again later can succeed (server down, 4xx)
    or not (authentication refused, TLS not offered); `server` is where it was
    sent, as SmtpConfig.describe() says it (no password).
    """

    def __init__(self, message: str, temporary: bool, *, server: str | None = None):
        super().__init__(message)
        self.temporary, self.server = temporary, server
