"""Which articles report the same incident.

Two reports are one incident when nothing says they are two and something says
they are one. What says two (a conflict): different countries; places more
than NEAR_KM apart; text days more than DAY_GAP apart; a publication day
before the other's incident day, or long after it; leads naming what was hit
with nothing in common (a maternity hospital and a theatre); named sites that
differ. What says one (evidence): the same target, the same named site, the
same weapon, the same text day. Same town and same week is not enough: the
distractors analysts meet are different strikes on one city in one week.

An article joins the incident with which it has most evidence and no conflict
with any member (complete linkage: a chain of near matches never glues two
incidents through a third article). Articles are linked in a fixed order
(incident day, then id), one at a time, so a later parse adds new articles to
the incidents already on disk without touching them, and the incident ids,
taken from each incident's first article, are the same whatever the engine
or chunking.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import math
from collections import defaultdict
from dataclasses import dataclass, field

from .signature import Signature, km

NEAR_KM = 25.0    # one incident's places: a site in its town, a district of its city
DAY_GAP = 2       # two reports of one incident give days this close (overnight, time zones, "yesterday")
LAG_DAYS = 60     # a report that dates its incident may be published this long after it
NEWS_DAYS = 3     # one that gives no day is news: published within this many days of its incident
CELL_DEG = 0.25   # blocking grid: only incidents in the 3 x 3 cells around a place are compared
LAG_MONTHS = 2    # ... and in the months a report can reach (LAG_DAYS)
UNDATED_REACH = 200   # an undated report is compared with at most this many incidents per cell and month


@dataclass
class Incident:
    incident_id: str
    members: list[Signature] = field(default_factory=list)


def incident_id(founder: Signature) -> str:
    """From content, not order: the first article's id, place and day."""
    key = f"{founder.article_id}|{founder.place}|{founder.when}"
    return "inc-" + hashlib.sha1(key.encode()).hexdigest()[:12]


def conflict(a: Signature, b: Signature) -> bool:
    """Whether something says the two reports are of different incidents."""
    if a.country and b.country and a.country != b.country:
        return True
    if not (a.place and b.place) or (a.place != b.place and km(a, b) > NEAR_KM):
        return True
    if a.day and b.day and abs((a.day - b.day).days) > DAY_GAP:
        return True
    if _published_off(a, b) or _published_off(b, a):
        return True
    if a.targets and b.targets and not a.targets & b.targets:
        return True
    return bool(a.sites and b.sites and not _sites_meet(a.sites, b.sites))


def _sites_meet(x: frozenset, y: frozenset) -> bool:
    """Two sets of site keys name one site: a key in common, or one inside the other
    ("drmthtr" of "Drama Theatre" and "drm" of "Drama")."""
    return any(p == q or p in q or q in p for p in x for q in y)


def _published_off(a: Signature, b: Signature) -> bool:
    """b was published before a's incident happened, or too long after to be news of it.

    A report that gives no day of its own is news: it tells what happened in the
    last days ("yesterday", "on Sunday" left unresolved), so it is published within
    NEWS_DAYS of its incident; one that gives a day may look back further.
    """
    if a.day is None or b.published is None:
        return False
    lag = (b.published - a.day).days
    return lag < -1 or lag > (LAG_DAYS if b.day else NEWS_DAYS)


def evidence(a: Signature, b: Signature) -> int:
    """How much says the two reports are of one incident."""
    score = 2 * len(a.targets & b.targets) + 3 * len(a.sites & b.sites) + 2 * len(a.weapons & b.weapons)
    if a.day and b.day:
        score += 2   # text days within DAY_GAP (else conflict)
    elif a.published and b.published and abs((a.published - b.published).days) <= DAY_GAP + 1:
        score += 1
    if a.place == b.place:
        score += 1
    score += 2 * len(a.areas & b.areas - a.sites)
    for x, y in ((a.killed, b.killed), (a.injured, b.injured)):
        if x and y:
            ratio = max(x, y) / min(x, y)
            score += 2 if ratio == 1 else 1 if ratio <= 1.25 else 0   # one toll, or one rising by a few
    return score


MIN_EVIDENCE = 2   # same place alone is 1: it never links two reports by itself


class Linker:
    """Incidents so far, with the grid that blocks comparisons; `add` links one article."""

    def __init__(self, incidents: list[Incident] | None = None) -> None:
        self.incidents: list[Incident] = []
        self._grid: dict[tuple, list[int]] = defaultdict(list)
        self._cells: dict[tuple, list[int]] = defaultdict(list)   # every incident of a cell, in filing order
        for inc in incidents or ():
            self._keep(inc)

    def _keep(self, inc: Incident) -> None:
        self.incidents.append(inc)
        for s in inc.members:
            self._index(len(self.incidents) - 1, s)

    def _index(self, k: int, s: Signature) -> None:
        """File incident k under the cell and month of its member s (undated: month None)."""
        cell = _cell(s)
        if cell is None:
            return
        bucket = self._grid[(*cell, _month(s.when))]
        if not bucket or bucket[-1] != k:   # a repeat further back is harmless: _near takes a set
            bucket.append(k)
        everywhere = self._cells[cell]
        if not everywhere or everywhere[-1] != k:
            everywhere.append(k)

    def _near(self, s: Signature) -> list[int]:
        """Incidents close enough in space and time to be compared: the 3 x 3 cells around the
        place, in the months within LAG_DAYS of the report's day, and the undated ones there
        (the last UNDATED_REACH of them). A report with no date at all is compared with the
        last UNDATED_REACH incidents filed in each cell: the whole archive of a city is not
        read for one article, which keeps linking near-linear."""
        cell = _cell(s)
        if cell is None:
            return []
        m = _month(s.when)
        found: set[int] = set()
        for dy in (-1, 0, 1):
            for dx in (-1, 0, 1):
                near = (cell[0] + dy, cell[1] + dx)
                if m is None:   # an undated report: the incidents filed there last
                    found.update(self._cells.get(near, ())[-UNDATED_REACH:])
                    continue
                for month in (None, *range(m - LAG_MONTHS, m + LAG_MONTHS + 1)):
                    found.update(self._grid.get((*near, month), ())[-UNDATED_REACH:])
        return sorted(found)

    def _best(self, s: Signature) -> int | None:
        best, best_score = None, 0
        for k in self._near(s):
            inc = self.incidents[k]
            if any(conflict(s, m) for m in inc.members):
                continue
            score = max(evidence(s, m) for m in inc.members)
            if score >= MIN_EVIDENCE and score > best_score:
                best, best_score = k, score
        return best

    def match(self, s: Signature) -> str | None:
        """The incident a report matches, without joining it (a passing mention)."""
        k = self._best(s)
        return None if k is None else self.incidents[k].incident_id

    def add(self, s: Signature) -> str:
        """Link one article: the id of the incident it joins, or of the new one it founds."""
        best = self._best(s)
        if best is None:
            self._keep(Incident(incident_id(s), [s]))
            return self.incidents[-1].incident_id
        self.incidents[best].members.append(s)
        self._index(best, s)
        return self.incidents[best].incident_id


def _month(day: dt.date | None) -> int | None:
    return None if day is None else day.year * 12 + day.month - 1


def _cell(s: Signature) -> tuple[int, int] | None:
    if s.lat is None or s.lon is None:
        return None
    return math.floor(s.lat / CELL_DEG), math.floor(s.lon / CELL_DEG)


def order_key(s: Signature) -> tuple:
    """The linking order: by incident day (text day, else publication), undated last, then id."""
    return s.when is None, s.when or dt.date.min, s.article_id


def order(signatures: list[Signature]) -> list[Signature]:
    """The signatures in linking order (`order_key`)."""
    return sorted(signatures, key=order_key)
