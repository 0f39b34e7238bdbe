"""A finished `Doc` as frame rows: the one module that knows the frames' column names.

Every span is taken back from the normalised text to the original
(`Doc.span`), and every quoted string (evidence, trigger, surface forms) is
cut from the original text, so `articles.text[start:end]` is the evidence
as published. Column meanings live in wirebrief.schema.
"""
from __future__ import annotations

from dataclasses import replace

from .. import codes
from ..gazetteer import Place
from .actors import resolve
from .doc import Doc


def _place_columns(place: Place | None) -> dict:
    if place is None:
        return {"location": None, "country": None, "lat": None, "lon": None}
    # seas, rivers and regions such as the Sahel belong to no one country: null, not ""
    return {"location": place.name, "country": place.country or None, "lat": place.lat, "lon": place.lon}


def _evidence(doc: Doc, sentence: int) -> str:
    sent = doc.sentences[sentence]
    return doc.original(sent.start, sent.end).strip()


def casualty_id(article_id: str | None, n: int | None) -> str | None:
    """The stable id of an article's n-th count ("d042:3"): the same text parses to the same ids,
    so `part_of_id` joins a subset to its total across frames, files and parses."""
    return None if n is None else f"{article_id}:{n}"


def casualty_rows(doc: Doc) -> list[dict]:
    rows = []
    for n, c in enumerate(doc.casualties):
        start, end = doc.span(c.start, c.end)
        rows.append({"article_id": doc.article_id, "casualty_id": casualty_id(doc.article_id, n),
                     "kind": c.kind, "low": c.low, "best": c.best,
                     "high": c.high, "group": c.group, "part_of": c.part_of,
                     "part_of_id": casualty_id(doc.article_id, c.part_of), "scope": c.scope,
                     **_place_columns(c.place), "reported_by": c.reported_by, "claimed": c.claimed,
                     "date": c.date, "date_end": c.date_end, "date_precision": c.date_precision,
                     "part_of_day": c.part_of_day, "date_basis": c.date_basis,
                     "start": start, "end": end, "evidence": _evidence(doc, c.sentence)})
    return rows


def event_rows(doc: Doc) -> list[dict]:
    rows = []
    for e in doc.events:
        acled, sub, plover = codes.acled_codes(e.type, e.subtype)
        start, end = doc.span(e.start, e.end)
        rows.append({"article_id": doc.article_id, "type": e.type,
                     "acled_event_type": acled, "acled_sub_event_type": sub,
                     "plover": plover, "status": e.status, "actors": e.actors,
                     "actor1": e.actor1, "actor2": e.actor2,
                     **_place_columns(e.place),
                     "date": e.date, "date_end": e.date_end, "date_precision": e.date_precision,
                     "part_of_day": e.part_of_day, "date_basis": e.date_basis,
                     "trigger": doc.text[start:end], "start": start, "end": end,
                     "evidence": _evidence(doc, e.sentence)})
    return rows


def location_rows(doc: Doc) -> list[dict]:
    """One row per place: its mentions' surface forms, whether any is literal, the first as evidence."""
    by_place: dict[int, list] = {}
    for m in doc.mentions:
        by_place.setdefault(m.place.pid, []).append(m)
    rows = []
    for ms in by_place.values():
        p = ms[0].place
        start, end = doc.span(ms[0].start, ms[0].end)
        surfaces = [doc.original(m.start, m.end) for m in ms]
        rows.append({"article_id": doc.article_id, "name": p.name,
                     "surface_forms": "|".join(dict.fromkeys(surfaces)),
                     "country": p.country or None, "kind": p.kind, "lat": p.lat, "lon": p.lon,
                     "literal": any(m.literal for m in ms), "mentions": len(ms),
                     "start": start, "end": end})
    return rows


def actor_rows(doc: Doc) -> list[dict]:
    """One row per person or party the article mentions, its first mention as evidence."""
    rows: dict[tuple[str, str], dict] = {}
    home = doc.main_country.place.country if doc.main_country else None
    for a in doc.actors:
        if a.force and not a.party:   # a bare "the army": the army of the article's country
            a = replace(a, party=resolve(a, home))
        if not a.party:
            continue  # no country to give it: no party to name
        key = ("person", a.person) if a.person else ("party", a.party)
        surface = doc.original(a.start, a.end)
        row = rows.get(key)
        if row is None:
            start, end = doc.span(a.start, a.end)
            rows[key] = {"article_id": doc.article_id, "name": key[1], "kind": key[0], "party": a.party,
                         "role": a.role, "surface_forms": [surface], "mentions": 1,
                         "start": start, "end": end}
        else:
            row["mentions"] += 1
            if surface not in row["surface_forms"]:
                row["surface_forms"].append(surface)
    for row in rows.values():
        row["surface_forms"] = "|".join(row["surface_forms"])
    return list(rows.values())


def statement_rows(doc: Doc) -> list[dict]:
    """One row per attributed quotation: the speaker as named, the role the text gives, the
    quotation as published (without its quote marks) and both spans as evidence."""
    rows = []
    for st in doc.statements:
        start, end = doc.span(st.start, st.end)
        s_start, s_end = doc.span(st.speaker_start, st.speaker_end)
        rows.append({"article_id": doc.article_id, "speaker": doc.original(st.speaker_start, st.speaker_end),
                     "role": doc.original(*_role_span(doc, st)) if st.role else None,
                     "quote": doc.text[start:end].strip(" «»“”\"\u00a0\u202f").rstrip(",").rstrip(),
                     "start": start, "end": end, "speaker_start": s_start, "speaker_end": s_end})
    return rows


def _role_span(doc: Doc, st) -> tuple[int, int]:
    """The role's span in doc.norm: found again after the speaker's name (it follows it)."""
    i = doc.norm.find(st.role, st.speaker_end)
    return (i, i + len(st.role)) if i >= 0 else (st.speaker_end, st.speaker_end)


def frame_rows(doc: Doc) -> dict[str, list[dict]]:
    """The doc's rows for each extracted frame, by frame name."""
    return {"events": event_rows(doc), "casualties": casualty_rows(doc),
            "locations": location_rows(doc), "actors": actor_rows(doc), "statements": statement_rows(doc)}
