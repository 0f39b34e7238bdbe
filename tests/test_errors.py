"""One error family at the edges (issue 22): every error a user can cause is a WirebriefError."""
import inspect

from wirebrief import errors
from wirebrief.deliver import outbox, schedule, smtp, state


def test_every_wirebrief_exception_is_in_errors_and_under_the_root():
    classes = {obj for module in (errors, outbox, schedule, smtp, state)
               for _, obj in inspect.getmembers(module, inspect.isclass) if issubclass(obj, Exception)}
    ours = {c for c in classes if c.__module__.startswith("wirebrief")}
    assert {c.__name__ for c in ours} >= {"ScheduleError", "DeliveryError", "ConfigError"}
    for cls in ours:
        assert cls.__module__ == "wirebrief.errors", f"{cls.__name__} is defined in {cls.__module__}"
        assert issubclass(cls, errors.WirebriefError), cls


def test_delivery_and_config_errors_carry_their_fields():
    exc = errors.DeliveryError("cannot reach", True, server="none://127.0.0.1:2525")
    assert (exc.temporary, exc.server, str(exc)) == (True, "none://127.0.0.1:2525", "cannot reach")
    cfg = errors.ConfigError("WIREBRIEF_SMTP_PORT", "must be a number", value="smtp")
    assert (cfg.setting, cfg.value) == ("WIREBRIEF_SMTP_PORT", "smtp")
