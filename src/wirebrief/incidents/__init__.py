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
from ..gazetteer import km as gazetteer_km
from ..schema import INCIDENTS
from .linking import DAY_GAP, NEAR_KM, Incident, Linker, incident_id, order, order_key
from .signature import (
    FINE_KINDS,
    PLACE_COLUMNS,
    ROW_COLUMNS,
    Signature,
    marks,
    records,
    signature,
)
from .tolls import candidates, consolidate

__all__ = ["link", "assign", "signatures", "incident_rows", "known_incidents", "Linker", "Incident", "Signature"]


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
    ev_ids, cas_ids = assign(frames.events, frames.casualties, frames.articles, frames.locations, sigs, of, linker)
    frames.events = frames.events.assign(incident_id=ev_ids)
    frames.casualties = frames.casualties.assign(incident_id=cas_ids)
    frames.incidents = incident_rows(linker.incidents, frames.casualties, frames.articles)
    return frames


def assign(events: pd.DataFrame, casualties: pd.DataFrame, articles: pd.DataFrame, locations: pd.DataFrame,
           sigs: dict[str, Signature], of: dict[str, str], linker: Linker) -> tuple[pd.Series, pd.Series]:
    """Each event's and count's incident.

    A row about its article's main incident takes that incident. Any other violent
    event or incident count at a town, district or site is an incident of its own: a
    known one it matches (a strike mentioned in passing, "five days after a strike on
    the market killed 26"), else a new one (a roundup's second story, "in Daraa, 20
    were killed"), which later rows and articles may match. These are taken in the
    linking order, so their ids do not depend on the order of the rows. A war's total,
    a row placed only at a country, a meeting: no incident.
    """
    kinds = dict(zip(zip(locations["article_id"], locations["name"], strict=True), locations["kind"], strict=True))
    info = {r["article_id"]: r for r in records(articles, ("article_id", "published", "lang"))}
    out: dict[str, list] = {}
    pending = []
    for name, rows in (("events", events), ("casualties", casualties)):
        ids: list = [None] * len(rows)
        for k, r in enumerate(records(rows, ROW_COLUMNS)):
            a = r["article_id"]
            main = sigs.get(a)
            if main is not None and _about(r, main, kinds):
                ids[k] = of[a]
                continue
            s = _row_signature(r, info.get(a, {}), kinds)
            if s is not None:
                pending.append((name, k, s))
        out[name] = ids
    founded: dict[tuple, str] = {}
    for name, k, s in sorted(pending, key=lambda p: (*order_key(p[2]), p[2].place, p[0], p[1])):
        hit = linker.match(s)
        if hit is None:
            key = (s.article_id, s.place, s.when)
            hit = founded[key] if key in founded else founded.setdefault(key, linker.add(s))
        out[name][k] = hit
    return (pd.Series(out["events"], index=events.index, dtype="string"),
            pd.Series(out["casualties"], index=casualties.index, dtype="string"))


def _violent_row(row: dict) -> bool:
    """A violent event, or a count (whose `type` is empty) of one incident."""
    if row.get("scope") == "cumulative":
        return False
    etype = row.get("type")
    return not isinstance(etype, str) or (etype in codes.event_types() and codes.family_of(etype) == "violent")


def _row_signature(row: dict, article: dict, kinds: dict) -> Signature | None:
    """One row as a report of its own incident: its place (a town, district or site), its day
    when the text gives one, what its sentence says was hit and with what, its toll."""
    a, place = row["article_id"], row.get("location")
    if not _violent_row(row) or not isinstance(place, str) or kinds.get((a, place)) not in FINE_KINDS:
        return None
    day = row.get("date")
    exact = (row.get("date_basis") == "text" and row.get("date_precision") in (None, "day")
             and day is not None and not pd.isna(day))
    lang = str(article.get("lang") or "en")
    # the weapon its sentence names, not the target: a sentence that mentions an earlier
    # strike names the new one's target as well ("struck a funeral, three days after a
    # truck bomb killed 90"), and a target is what keeps incidents apart
    _, weapons = marks(str(row.get("evidence") or ""), lang)
    published = article.get("published")
    toll = row.get("best") if row.get("best") is not None else row.get("low")
    return Signature(a, row.get("country"), place, kinds.get((a, place)), _num(row.get("lat")), _num(row.get("lon")),
                     pd.Timestamp(day).date() if exact else None,
                     None if published is None or pd.isna(published) else pd.Timestamp(published).date(),
                     row.get("type"), frozenset(), weapons, frozenset(), frozenset(),
                     int(toll) if row.get("kind") == "killed" and toll is not None else None, lang,
                     int(toll) if row.get("kind") == "injured" and toll is not None else None)


def _about(row: dict, s: Signature, kinds: dict) -> bool:
    """Whether a row reports the article's main incident: an incident-scope count or a violent
    event, at its place (or with no finer place in its country), on its day (or undated)."""
    if not _violent_row(row):
        return False
    etype = row.get("type")
    place = row.get("location")
    if isinstance(place, str) and place != s.place:
        lat, lon = _num(row.get("lat")), _num(row.get("lon"))
        far = None in (lat, lon, s.lat, s.lon) or gazetteer_km(lat, lon, s.lat, s.lon) > NEAR_KM
        coarse = kinds.get((s.article_id, place)) not in FINE_KINDS   # "in Syria", "in Aleppo province"
        if far and not (row.get("country") == s.country and coarse):
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


def known_incidents(frames, sigs: dict[str, Signature] | None = None) -> list[Incident]:
    """The incidents already linked in `frames` (an archive), as member signatures: an article
    belongs to the incident most of its rows carry. `sigs`: the articles' signatures when the
    caller has them already."""
    votes: dict[str, Counter] = {}
    for df in (frames.events, frames.casualties):
        if "incident_id" not in df:
            continue
        for a, inc in zip(df["article_id"], df["incident_id"], strict=True):
            if isinstance(inc, str):
                votes.setdefault(a, Counter())[inc] += 1
    if not votes:
        return []
    if sigs is None:
        arts = frames.articles[frames.articles["article_id"].isin(votes)]
        sigs = signatures(arts, frames.events, frames.casualties, frames.locations)
    sigs = {a: sig for a, sig in sigs.items() if a in votes}
    by_id: dict[str, Incident] = {}
    for s in order(list(sigs.values())):
        inc = votes[s.article_id].most_common(1)[0][0]
        by_id.setdefault(inc, Incident(inc)).members.append(s)
    # incidents no article leads with (a roundup's second story): their founding row is their member
    kinds = dict(zip(zip(frames.locations["article_id"], frames.locations["name"], strict=True),
                     frames.locations["kind"], strict=True))
    info = {r["article_id"]: r for r in records(frames.articles, ("article_id", "published", "lang"))}
    for df in (frames.events, frames.casualties):
        for r in records(df[df["incident_id"].notna() & ~df["incident_id"].isin(by_id)], (*ROW_COLUMNS, "incident_id")):
            s = _row_signature(r, info.get(r["article_id"], {}), kinds)
            if s is not None and (r["incident_id"] not in by_id or incident_id(s) == r["incident_id"]):
                by_id[r["incident_id"]] = Incident(r["incident_id"], [s])
    return list(by_id.values())

