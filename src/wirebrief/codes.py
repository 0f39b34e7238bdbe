"""The codes the frames use, read from data: event types and casualty count kinds.

    data/event_types.csv  type, precedence, family, codes_as, ACLED and PLOVER mappings
                          (the ACLED sub-event type is the type's default)
    data/acled_subtypes.csv  every ACLED sub-event type, its ACLED event type, the
                          coarse type that is its home, its PLOVER category and
                          display names; the events component picks one per
                          trigger (events.yaml `acled_subtypes_re`)
    data/count_kinds.csv  kind, order

Adding an event type is one CSV row plus its triggers (data/lang/<code>/
events.yaml, `triggers_re`), its display names (display.yaml) and table
cases; nothing in code lists the types. `precedence` decides which type wins
when two triggers overlap (a "car bomb attack" is a bombing before it is an
attack). `family` says how the events component places and merges it:

- violent: where it happened (fighting, strikes and the moves they cause);
- diplomatic: where it was held (a venue), never merged across days;
- speech: a statement (an appeal): diplomatic, and two of them in two
  sentences are two statements.

`codes_as` marks a trigger class that is never a frame type itself:
"bombardement" is coded as an airstrike or as shelling from its context.
"""
from __future__ import annotations

import csv
from functools import cache

from .config import PACKAGE_DATA

FAMILIES = ("violent", "diplomatic", "speech")


@cache
def _event_rows() -> tuple[dict, ...]:
    with open(PACKAGE_DATA / "event_types.csv", encoding="utf-8") as fh:
        rows = [dict(row) for row in csv.DictReader(fh)]
    return tuple(sorted(rows, key=lambda row: int(row["precedence"])))


@cache
def event_types() -> dict[str, dict]:
    """Every type and trigger class, by name, in order of precedence (built once: the
    events component asks for it per trigger; callers must not change it)."""
    return {row["type"]: row for row in _event_rows()}


@cache
def trigger_classes() -> tuple[str, ...]:
    """Every type the events component looks for, in order of precedence."""
    return tuple(row["type"] for row in _event_rows())


@cache
def coded_types() -> tuple[str, ...]:
    """The types an events frame may hold (trigger classes that code as themselves)."""
    return tuple(row["type"] for row in _event_rows() if not row["codes_as"])


def family_of(etype: str) -> str:
    return event_types()[etype]["family"]


@cache
def diplomatic() -> frozenset:
    """Types placed at a venue rather than where something happened."""
    return frozenset(t for t, row in event_types().items() if row["family"] in ("diplomatic", "speech"))


@cache
def speech_acts() -> frozenset:
    """Statements: two in two sentences are two events, never merged."""
    return frozenset(t for t, row in event_types().items() if row["family"] == "speech")


@cache
def acled_subtypes() -> tuple[dict, ...]:
    """Every (ACLED sub-event type, home type) row of data/acled_subtypes.csv, in file order.

    A sub-type may have several homes: a chemical weapon is an airstrike, shelling
    or an attack on civilians by how it was delivered.
    """
    with open(PACKAGE_DATA / "acled_subtypes.csv", encoding="utf-8") as fh:
        return tuple(dict(row) for row in csv.DictReader(fh))


def acled_codes(etype: str, subtype: str | None) -> tuple[str | None, str | None, str]:
    """(ACLED event type, ACLED sub-event type, PLOVER) of an event of `etype` coded as `subtype`.

    A sub-type that is not at home in `etype` falls back to the type's own row
    in event_types.csv.
    """
    for row in acled_subtypes():
        if row["acled_sub_event_type"] == subtype and row["type"] == etype:
            return row["acled_event_type"], subtype, row["plover"]
    t = event_types()[etype]
    return t["acled_event_type"] or None, t["acled_sub_event_type"] or None, t["plover"]


@cache
def count_kinds() -> tuple[str, ...]:
    """Casualty count kinds, in the order briefings show them."""
    with open(PACKAGE_DATA / "count_kinds.csv", encoding="utf-8") as fh:
        rows = sorted(csv.DictReader(fh), key=lambda row: int(row["order"]))
    return tuple(row["kind"] for row in rows)
