"""Incidents across articles and sources: one row per incident, with the range its sources give.

    frames = wirebrief.incidents.link(frames)      # in memory: incident_id on events and
                                                    # casualties, and frames.incidents
    wirebrief.incidents.store.update(folder, ids)   # on disk, after a parse (ingest.build)

Each article's main incident is read from its rows (signature.py), linked to
the incidents already known or founding a new one (linking.py), and each
incident's toll is consolidated from its sources' figures (tolls.py). The
rows of an article that belong to its main incident take its id; the rest
(a war's total, an earlier strike mentioned in passing) keep none.
"""
from __future__ import annotations

from collections import Counter

import pandas as pd

from .. import codes
from ..schema import INCIDENTS
from .linking import DAY_GAP, NEAR_KM, Incident, Linker, order
from .signature import (
    FINE_KINDS,
    PLACE_COLUMNS,
    ROW_COLUMNS,
    Signature,
    km,
    marks,
    records,
    signature,
)
from .tolls import candidates, consolidate

__all__ = ["link", "signatures", "incident_rows", "known_incidents", "Linker", "Incident", "Signature"]


def signatures(articles: pd.DataFrame, events: pd.DataFrame, casualties: pd.DataFrame,
               locations: pd.DataFrame) -> dict[str, Signature]:
    """article_id -> its main incident's signature (articles that report none are left out)."""
    by: list[dict[str, list[dict]]] = []
    for df, cols in ((events, ROW_COLUMNS), (casualties, ROW_COLUMNS), (locations, PLACE_COLUMNS)):
        groups: dict[str, list[dict]] = {}
        for r in records(df, cols):
            groups.setdefault(r["article_id"], []).append(r)
        by.append(groups)
    evs, cass, locs = by
    out = {}
    for art in records(articles, ("article_id", "published", "lang", "text")):
        aid = art["article_id"]
        if aid not in evs and aid not in cass:
            continue
        s = signature(art, evs.get(aid, []), cass.get(aid, []), locs.get(aid, []))
        if s is not None:
            out[aid] = s
    return out


def link(frames, known: list[Incident] | None = None):
    """`frames` with `incident_id` on events and casualties and an `incidents` frame.

    `known`: incidents already linked (their member signatures); the articles of
    `frames` are linked to them or found new ones, the known ones are kept.
    """
    sigs = signatures(frames.articles, frames.events, frames.casualties, frames.locations)
    linker = Linker(known)
    of = {s.article_id: linker.add(s) for s in order(list(sigs.values()))}
    frames.events = frames.events.assign(incident_id=_row_ids(frames.events, sigs, of, frames.locations, linker))
    frames.casualties = frames.casualties.assign(
        incident_id=_row_ids(frames.casualties, sigs, of, frames.locations, linker))
    frames.incidents = incident_rows(linker.incidents, frames.casualties, frames.articles)
    return frames


def _row_ids(rows: pd.DataFrame, sigs: dict[str, Signature], of: dict[str, str],
             locations: pd.DataFrame, linker: Linker | None = None) -> pd.Series:
    """Each row's incident: its article's, when the row is about that incident."""
    kinds = dict(zip(zip(locations["article_id"], locations["name"], strict=True), locations["kind"], strict=True))
    records = ({k: (None if v is pd.NA or v is pd.NaT else v) for k, v in r.items()}
               for r in rows.to_dict("records"))
    ids = [of.get(a) if a in sigs and _about(r, sigs[a], kinds) else _mentioned(r, sigs.get(a), kinds, linker)
           for a, r in zip(rows["article_id"], records, strict=True)]
    return pd.Series(ids, index=rows.index, dtype="string")


def _mentioned(row: dict, main: Signature | None, kinds: dict, linker: Linker | None) -> str | None:
    """A row about another incident than its article's: the known incident it mentions in
    passing ("five days after an air strike on a fish market killed 26"), if one matches its
    own place, day and words; else none (a war's total, an incident no article reports)."""
    if linker is None or main is None or row.get("scope") == "cumulative":
        return None
    etype = row.get("type")
    if isinstance(etype, str) and (etype not in codes.event_types() or codes.family_of(etype) != "violent"):
        return None
    day, place = row.get("date"), row.get("location")
    if (row.get("date_basis") != "text" or day is None or pd.isna(day) or not isinstance(place, str)
            or kinds.get((main.article_id, place)) not in FINE_KINDS):
        return None
    targets, weapons = marks(str(row.get("evidence") or ""), main.lang)
    mention = Signature(main.article_id, row.get("country"), place, kinds.get((main.article_id, place)),
                        _num(row.get("lat")), _num(row.get("lon")), pd.Timestamp(day).date(), None, etype,
                        targets, weapons, frozenset(), frozenset(), None, main.lang)
    return linker.match(mention)


def _about(row: dict, s: Signature, kinds: dict) -> bool:
    """Whether a row reports the article's main incident: an incident-scope count or a violent
    event, at its place (or with no finer place in its country), on its day (or undated)."""
    if row.get("scope") == "cumulative":
        return False
    etype = row.get("type")
    if isinstance(etype, str) and (etype not in codes.event_types() or codes.family_of(etype) != "violent"):
        return False
    place = row.get("location")
    if isinstance(place, str) and place != s.place:
        here = Signature(s.article_id, row.get("country"), place, None, _num(row.get("lat")), _num(row.get("lon")),
                         None, None, None, frozenset(), frozenset(), frozenset(), frozenset(), None)
        coarse = kinds.get((s.article_id, place)) not in FINE_KINDS   # "in Syria", "in Aleppo province"
        if km(here, s) > NEAR_KM and not (row.get("country") == s.country and coarse):
            return False
    day = row.get("date")
    if not (s.day and row.get("date_basis") == "text" and day is not None and not pd.isna(day)):
        return True
    gap = (pd.Timestamp(day).date() - s.day).days
    if etype is None:
        # a count is dated by when it was given ("rose to 292 on Sunday"): a later day is a
        # revision; an earlier one is another, older incident ("three days after a bomb killed 90")
        return gap >= -DAY_GAP
    return abs(gap) <= DAY_GAP


def _num(v) -> float | None:
    return None if v is None or pd.isna(v) else float(v)


def incident_rows(incidents: list[Incident], casualties: pd.DataFrame, articles: pd.DataFrame) -> pd.DataFrame:
    """The incidents frame: one row per incident (see docs/frames.md)."""
    linked = casualties[casualties["incident_id"].notna()] if "incident_id" in casualties else casualties.iloc[:0]
    tolls = consolidate(candidates(linked, articles))
    records = []
    for inc in incidents:
        records.append(_record(inc, tolls.get(inc.incident_id, {"sources": []})))
    df = INCIDENTS.frame(records)
    return df.sort_values(["date", "incident_id"], na_position="last", kind="stable").reset_index(drop=True)


def _record(inc: Incident, toll: dict) -> dict:
    members = inc.members
    # the place most of its reports give (the first report's, on a tie): "Kramatorsk", not the
    # station one report names or the oblast another stops at
    common = Counter(s.place for s in members).most_common(1)[0][0]
    where = next(s for s in members if s.place == common)
    etype = Counter(s.type for s in members if s.type).most_common(1)
    etype = etype[0][0] if etype else None
    acled, sub, _ = codes.acled_codes(etype, None) if etype else (None, None, None)
    days = sorted(d for d in (s.day for s in members) if d) or sorted(d for d in (s.published for s in members) if d)
    return {
        "incident_id": inc.incident_id, "type": etype, "acled_event_type": acled, "acled_sub_event_type": sub,
        "location": where.place, "country": where.country, "lat": where.lat, "lon": where.lon,
        "date": days[0] if days else None, "date_end": days[-1] if days else None,
        **{k: toll.get(k) for k in ("killed_low", "killed_best", "killed_high",
                                    "injured_low", "injured_best", "injured_high")},
        "sources": toll["sources"], "n_articles": len(members),
        "articles": sorted(s.article_id for s in members),
    }


def known_incidents(frames) -> list[Incident]:
    """The incidents already linked in `frames` (an archive), as member signatures: an article
    belongs to the incident most of its rows carry."""
    votes: dict[str, Counter] = {}
    for df in (frames.events, frames.casualties):
        if "incident_id" not in df:
            continue
        for a, inc in zip(df["article_id"], df["incident_id"], strict=True):
            if isinstance(inc, str):
                votes.setdefault(a, Counter())[inc] += 1
    if not votes:
        return []
    arts = frames.articles[frames.articles["article_id"].isin(votes)]
    sigs = signatures(arts, frames.events, frames.casualties, frames.locations)
    by_id: dict[str, Incident] = {}
    for s in order(list(sigs.values())):
        inc = votes[s.article_id].most_common(1)[0][0]
        by_id.setdefault(inc, Incident(inc)).members.append(s)
    return list(by_id.values())

